#include "events/Event.h"

#include <array>

namespace parley::events {
namespace {

constexpr std::array<std::pair<Event::Kind, const char *>, 19> kNames{{
    {Event::Kind::MessageCreated, "message_created"},
    {Event::Kind::MessageUpdated, "message_updated"},
    {Event::Kind::MessageDeleted, "message_deleted"},
    {Event::Kind::Receipt, "receipt"},
    {Event::Kind::MemberJoined, "member_joined"},
    {Event::Kind::MemberLeft, "member_left"},
    {Event::Kind::RoomUpdated, "room_updated"},
    {Event::Kind::QueueChanged, "queue_changed"},
    {Event::Kind::UserBlocked, "user_blocked"},
    {Event::Kind::RoomCreated, "room_created"},
    {Event::Kind::Typing, "typing"},
    {Event::Kind::Presence, "presence"},
    {Event::Kind::UserUpdated, "user_updated"},
    {Event::Kind::NoteCreated, "note_created"},
    {Event::Kind::CannedChanged, "canned_changed"},
    {Event::Kind::RatingReceived, "rating_received"},
    {Event::Kind::RoomAssigned, "room_assigned"},
    {Event::Kind::AvailabilityChanged, "availability_changed"},
    {Event::Kind::DeskSettingsChanged, "desk_settings_changed"},
}};

} // namespace

QString eventKindName(Event::Kind kind)
{
    for (const auto &[k, name] : kNames) {
        if (k == kind)
            return QString::fromLatin1(name);
    }
    return {};
}

Event Event::aboutMessage(Kind kind, const Message &message, const QString &userId,
                          const QString &origin)
{
    Event event{kind, message.roomId, userId, {}, origin};
    event.message = std::make_shared<const Message>(message);
    return event;
}

QJsonObject Event::toJson() const
{
    QJsonObject body = payload;
    if (message)
        body.insert(QStringLiteral("message"), message->toJson());
    return {{QStringLiteral("kind"), eventKindName(kind)},
            {QStringLiteral("room_id"), roomId},
            {QStringLiteral("user_id"), userId},
            {QStringLiteral("payload"), body},
            {QStringLiteral("origin"), origin}};
}

std::optional<Event> Event::fromJson(const QJsonObject &obj)
{
    const QString name = obj.value(QStringLiteral("kind")).toString();
    for (const auto &[k, kindName] : kNames) {
        if (name != QLatin1StringView(kindName))
            continue;
        Event event{k, obj.value(QStringLiteral("room_id")).toString(),
                    obj.value(QStringLiteral("user_id")).toString(),
                    obj.value(QStringLiteral("payload")).toObject(),
                    obj.value(QStringLiteral("origin")).toString()};
        if (k == Kind::MessageCreated || k == Kind::MessageUpdated || k == Kind::MessageDeleted) {
            auto message =
                Message::fromJson(event.payload.take(QStringLiteral("message")).toObject());
            if (!message)
                return std::nullopt; // a message event without its message is no event
            event.message = std::make_shared<const Message>(std::move(*message));
        }
        return event;
    }
    return std::nullopt;
}

} // namespace parley::events
