#pragma once

#include "protocol/Message.h"
#include "protocol/Result.h"
#include "protocol/User.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace parley {

enum class RoomKind { Support, Order, Direct, Group };
enum class RoomStatus { Open, Closed };

QString roomKindName(RoomKind kind);
std::optional<RoomKind> roomKindFromName(const QString &name);
QString roomStatusName(RoomStatus status);
std::optional<RoomStatus> roomStatusFromName(const QString &name);

// {"user": {User}, "joined_at", "read_seq", "delivered_seq"}
struct Member
{
    User user;
    QDateTime joinedAt;
    qint64 readSeq = 0;
    qint64 deliveredSeq = 0;

    QJsonObject toJson() const;
    static Result<Member> fromJson(const QJsonObject &obj);
    bool operator==(const Member &) const = default;
};

struct Room
{
    QString id;
    RoomKind kind = RoomKind::Support;
    QString subject;  // empty -> ""
    QString orderRef; // empty -> null
    RoomStatus status = RoomStatus::Open;
    QString createdBy;
    QDateTime createdAt;
    QDateTime lastMessageAt; // invalid -> null
    qint64 lastSeq = 0;
    QList<Member> members;
    // The viewer's own view of the room.
    qint64 unreadCount = 0;
    std::optional<Message> lastMessage;
    bool muted = false;
    bool archived = false;
    QDateTime waitingSince;       // invalid -> null
    std::optional<User> assignee; // support desk: the staff member handling it, or null

    QJsonObject toJson() const;
    static Result<Room> fromJson(const QJsonObject &obj);
    bool operator==(const Room &) const = default;
};

} // namespace parley
