#pragma once

#include <QString>

#include <optional>

namespace parley {

// The protocol's error codes (PROTOCOL.md, "Errors"). One enum, mapped once to wire names and
// HTTP statuses here; every layer above passes these around as values.
enum class ErrorCode {
    BadRequest,
    ValidationFailed,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    RoomClosed,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    Unavailable,
    Internal,
};

QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(const QString &name);
int httpStatus(ErrorCode code);

} // namespace parley
