#include "protocol/Room.h"

#include "protocol/JsonFields.h"
#include "protocol/Time.h"

#include <QJsonArray>

#include <utility>

namespace parley {

using namespace Qt::StringLiterals;

QString roomKindName(RoomKind kind)
{
    switch (kind) {
    case RoomKind::Support:
        return u"support"_s;
    case RoomKind::Order:
        return u"order"_s;
    case RoomKind::Direct:
        return u"direct"_s;
    case RoomKind::Group:
        return u"group"_s;
    }
    return u"support"_s;
}

std::optional<RoomKind> roomKindFromName(const QString &name)
{
    for (const RoomKind kind :
         {RoomKind::Support, RoomKind::Order, RoomKind::Direct, RoomKind::Group}) {
        if (name == roomKindName(kind))
            return kind;
    }
    return std::nullopt;
}

QString roomStatusName(RoomStatus status)
{
    return status == RoomStatus::Closed ? u"closed"_s : u"open"_s;
}

std::optional<RoomStatus> roomStatusFromName(const QString &name)
{
    if (name == u"open")
        return RoomStatus::Open;
    if (name == u"closed")
        return RoomStatus::Closed;
    return std::nullopt;
}

QJsonObject Member::toJson() const
{
    return QJsonObject{{u"user"_s, user.toJson()},
                       {u"joined_at"_s, wireTimeOrNull(joinedAt)},
                       {u"read_seq"_s, readSeq},
                       {u"delivered_seq"_s, deliveredSeq}};
}

Result<Member> Member::fromJson(const QJsonObject &obj)
{
    Member member;
    auto userObj = json::requireObject(obj, u"user"_s);
    if (!userObj)
        return userObj.error();
    auto user = User::fromJson(*userObj);
    if (!user)
        return json::nested(user.error(), u"user"_s);
    member.user = *user;
    auto joinedAt = json::requireTime(obj, u"joined_at"_s);
    if (!joinedAt)
        return joinedAt.error();
    member.joinedAt = *joinedAt;
    auto readSeq = json::requireInt(obj, u"read_seq"_s, 0, json::kMaxSafeInteger);
    if (!readSeq)
        return readSeq.error();
    member.readSeq = *readSeq;
    auto deliveredSeq = json::requireInt(obj, u"delivered_seq"_s, 0, json::kMaxSafeInteger);
    if (!deliveredSeq)
        return deliveredSeq.error();
    member.deliveredSeq = *deliveredSeq;
    return member;
}

QJsonObject Room::toJson() const
{
    QJsonArray memberArray;
    for (const Member &member : members)
        memberArray.append(member.toJson());
    return QJsonObject{
        {u"id"_s, id},
        {u"kind"_s, roomKindName(kind)},
        {u"subject"_s, subject},
        {u"order_ref"_s, json::stringOrNull(orderRef)},
        {u"status"_s, roomStatusName(status)},
        {u"created_by"_s, createdBy},
        {u"created_at"_s, wireTimeOrNull(createdAt)},
        {u"last_message_at"_s, wireTimeOrNull(lastMessageAt)},
        {u"last_seq"_s, lastSeq},
        {u"members"_s, memberArray},
        {u"unread_count"_s, unreadCount},
        {u"last_message"_s,
         lastMessage ? QJsonValue(lastMessage->toJson()) : QJsonValue(QJsonValue::Null)},
        {u"muted"_s, muted},
        {u"archived"_s, archived},
        {u"waiting_since"_s, wireTimeOrNull(waitingSince)},
        {u"assignee"_s, assignee ? QJsonValue(assignee->toJson()) : QJsonValue(QJsonValue::Null)},
    };
}

Result<Room> Room::fromJson(const QJsonObject &obj)
{
    Room room;
    auto id = json::requireString(obj, u"id"_s);
    if (!id)
        return id.error();
    room.id = *id;

    auto kindText = json::requireString(obj, u"kind"_s);
    if (!kindText)
        return kindText.error();
    const auto kind = roomKindFromName(*kindText);
    if (!kind)
        return Error::validation(u"kind"_s, u"kind must be support, order, direct or group"_s);
    room.kind = *kind;

    auto statusText = json::requireString(obj, u"status"_s);
    if (!statusText)
        return statusText.error();
    const auto status = roomStatusFromName(*statusText);
    if (!status)
        return Error::validation(u"status"_s, u"status must be open or closed"_s);
    room.status = *status;

    for (const auto &[field, member] :
         {std::pair{u"subject"_s, &room.subject}, std::pair{u"order_ref"_s, &room.orderRef}}) {
        auto value = json::optionalString(obj, field);
        if (!value)
            return value.error();
        *member = value->value_or(QString());
    }
    auto createdBy = json::requireString(obj, u"created_by"_s);
    if (!createdBy)
        return createdBy.error();
    room.createdBy = *createdBy;

    auto createdAt = json::requireTime(obj, u"created_at"_s);
    if (!createdAt)
        return createdAt.error();
    room.createdAt = *createdAt;
    for (const auto &[field, member] : {std::pair{u"last_message_at"_s, &room.lastMessageAt},
                                        std::pair{u"waiting_since"_s, &room.waitingSince}}) {
        auto value = json::optionalTime(obj, field);
        if (!value)
            return value.error();
        *member = *value;
    }

    if (const QJsonValue assignee = obj.value(u"assignee"_s); assignee.isObject()) {
        auto user = User::fromJson(assignee.toObject());
        if (!user)
            return user.error();
        room.assignee = *user;
    }

    auto lastSeq = json::requireInt(obj, u"last_seq"_s, 0, json::kMaxSafeInteger);
    if (!lastSeq)
        return lastSeq.error();
    room.lastSeq = *lastSeq;
    auto unread = json::optionalInt(obj, u"unread_count"_s, 0, json::kMaxSafeInteger);
    if (!unread)
        return unread.error();
    room.unreadCount = unread->value_or(0);

    auto members = json::optionalArray(obj, u"members"_s);
    if (!members)
        return members.error();
    const QJsonArray memberArray = members->value_or(QJsonArray());
    for (qsizetype i = 0; i < memberArray.size(); ++i) {
        const QString where = u"members["_s + QString::number(i) + u']';
        if (!memberArray.at(i).isObject())
            return Error::validation(where, where + u" must be an object"_s);
        auto member = Member::fromJson(memberArray.at(i).toObject());
        if (!member)
            return json::nested(member.error(), where);
        room.members.append(*member);
    }

    auto lastMessage = json::optionalObject(obj, u"last_message"_s);
    if (!lastMessage)
        return lastMessage.error();
    if (*lastMessage) {
        auto message = Message::fromJson(**lastMessage);
        if (!message)
            return json::nested(message.error(), u"last_message"_s);
        room.lastMessage = *message;
    }

    for (const auto &[field, member] :
         {std::pair{u"muted"_s, &room.muted}, std::pair{u"archived"_s, &room.archived}}) {
        auto value = json::optionalBool(obj, field);
        if (!value)
            return value.error();
        *member = value->value_or(false);
    }
    return room;
}

} // namespace parley
