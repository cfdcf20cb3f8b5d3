// The protocol's JSON decoders (shared/protocol) on arbitrary bytes: every request body the
// server parses and every object a client decodes. Each must return a value or an Error, never
// crash, hang or read out of bounds; what decodes must encode and decode again to the same JSON.
#include "FuzzApp.h"

#include "protocol/Admin.h"
#include "protocol/JsonFields.h"
#include "protocol/Message.h"
#include "protocol/Requests.h"
#include "protocol/Room.h"
#include "protocol/User.h"

#include <cstdlib>

using namespace parley;

namespace {

// Decoding what toJson() wrote must succeed and give the same JSON back.
template<typename T, typename... Extra>
void roundTrip(const QJsonObject &obj, Extra... extra)
{
    auto decoded = T::fromJson(obj, extra...);
    if (!decoded)
        return;
    const QJsonObject once = decoded->toJson();
    auto again = T::fromJson(once, extra...);
    if (!again || again->toJson() != once)
        std::abort();
}

template<typename T, typename... Extra>
void decodeOnly(const QJsonObject &obj, Extra... extra)
{
    (void)T::fromJson(obj, extra...);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto parsed = json::parseObject(fuzz::bytes(data, size));
    if (!parsed)
        return 0;
    const QJsonObject &obj = *parsed;
    roundTrip<RegisterRequest>(obj);
    roundTrip<LoginRequest>(obj);
    roundTrip<RefreshRequest>(obj);
    decodeOnly<TokenPair>(obj);
    decodeOnly<CreateRoomRequest>(obj);
    decodeOnly<SendMessageRequest>(obj);
    decodeOnly<SendMessageRequest>(obj, QStringLiteral("message_type"));
    decodeOnly<MarkReadRequest>(obj);
    decodeOnly<FlagRequest>(obj, QStringLiteral("pinned"));
    decodeOnly<EditMessageRequest>(obj);
    decodeOnly<ReportRequest>(obj);
    decodeOnly<AdminCreateUserRequest>(obj);
    decodeOnly<AdminUpdateUserRequest>(obj);
    decodeOnly<User>(obj);
    decodeOnly<Message>(obj);
    decodeOnly<Attachment>(obj);
    decodeOnly<Room>(obj);
    decodeOnly<Member>(obj);
    decodeOnly<AdminUser>(obj);
    decodeOnly<Report>(obj);
    decodeOnly<ServerStats>(obj);
    (void)Error::fromJson(obj);
    return 0;
}
