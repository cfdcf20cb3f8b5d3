#include "protocol/ErrorCode.h"

#include <array>
#include <utility>

namespace parley {
namespace {

struct CodeInfo
{
    ErrorCode code;
    const char *name;
    int status;
};

constexpr std::array<CodeInfo, 13> kCodes{{
    {ErrorCode::BadRequest, "bad_request", 400},
    {ErrorCode::ValidationFailed, "validation_failed", 400},
    {ErrorCode::Unauthorized, "unauthorized", 401},
    {ErrorCode::Forbidden, "forbidden", 403},
    {ErrorCode::NotFound, "not_found", 404},
    {ErrorCode::MethodNotAllowed, "method_not_allowed", 405},
    {ErrorCode::Conflict, "conflict", 409},
    {ErrorCode::RoomClosed, "room_closed", 409},
    {ErrorCode::PayloadTooLarge, "payload_too_large", 413},
    {ErrorCode::UnsupportedMediaType, "unsupported_media_type", 415},
    {ErrorCode::RateLimited, "rate_limited", 429},
    {ErrorCode::Unavailable, "unavailable", 503},
    {ErrorCode::Internal, "internal", 500},
}};

const CodeInfo &info(ErrorCode code)
{
    for (const auto &entry : kCodes) {
        if (entry.code == code)
            return entry;
    }
    return kCodes.back();
}

} // namespace

QString errorCodeName(ErrorCode code) { return QString::fromLatin1(info(code).name); }

std::optional<ErrorCode> errorCodeFromName(const QString &name)
{
    for (const auto &entry : kCodes) {
        if (name == QLatin1StringView(entry.name))
            return entry.code;
    }
    return std::nullopt;
}

int httpStatus(ErrorCode code) { return info(code).status; }

} // namespace parley
