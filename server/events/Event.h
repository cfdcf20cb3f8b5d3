#pragma once

#include "protocol/Message.h"

#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace parley::events {

// Something that happened, published by the service layer after it is stored. Transports (the
// WebSocket hub) turn events into frames; the Redis bus carries them between nodes as JSON.
struct Event
{
    enum class Kind {
        MessageCreated,      // message (payload {message} between nodes)
        MessageUpdated,      // message (payload {message} between nodes)
        MessageDeleted,      // message (payload {message} between nodes)
        Receipt,             // payload: {user_id, kind: "read"|"delivered", up_to_seq}
        MemberJoined,        // payload: {user}
        MemberLeft,          // payload: {user}
        RoomUpdated,         // payload: {} (status, queue or settings changed: reload the room)
        QueueChanged,        // payload: {waiting: bool}
        UserBlocked,         // payload: {} (userId set)
        RoomCreated,         // payload: {member_ids: [..]}
        Typing,              // payload: {user, is_typing}
        Presence,            // payload: {user, online, node}: user (dis)connected on that node
        UserUpdated,         // payload: {user} (role or display name changed)
        NoteCreated,         // payload: {note} (staff only: never delivered to a customer)
        CannedChanged,       // payload: {action: created|updated|deleted, canned} (staff only)
        RatingReceived,      // payload: {rating} (staff only)
        RoomAssigned,        // payload: {assignee: User|null, previous: User|null, by: User|null}
        AvailabilityChanged, // payload: {user, availability} (userId: whose)
        DeskSettingsChanged, // payload: {auto_assign, capacity}
    };

    Kind kind = Kind::RoomUpdated;
    QString roomId; // empty for user-level events
    QString userId; // the actor, or the subject of a user-level event
    QJsonObject payload;
    QString origin;      // the session (WebSocket connection) that caused it, if any
    bool remote = false; // published by another node (not on the wire): already handled there
    // The stored message of the Message* kinds, typed: the hub serializes it once, straight to
    // bytes (Message::toJsonBytes), instead of building a QJsonObject per message.
    std::shared_ptr<const Message> message{};

    static Event aboutMessage(Kind kind, const Message &message, const QString &userId,
                              const QString &origin = {});

    QJsonObject toJson() const;
    static std::optional<Event> fromJson(const QJsonObject &obj);
};

QString eventKindName(Event::Kind kind);

} // namespace parley::events
