#include "models/Presentation.h"

#include <QAbstractItemModel>
#include <QVariantList>

using namespace Qt::StringLiterals;

namespace parley::client::present {

QString messagePreview(const Message &message)
{
    if (message.deleted)
        return u"Message deleted"_s;
    switch (message.type) {
    case MessageType::Image:
        return message.content.isEmpty() ? u"Photo"_s : u"Photo: "_s + message.content;
    case MessageType::File:
        return u"File: "_s + (message.attachment ? message.attachment->name : message.content);
    case MessageType::Location:
        return u"Location"_s;
    case MessageType::Text:
    case MessageType::System:
        break;
    }
    QString line = message.content.simplified();
    if (line.size() > 120)
        line = line.left(119) + u'…';
    return line;
}

QString customerName(const Room &room)
{
    for (const auto &member : room.members) {
        if (member.user.role == Role::Customer)
            return member.user.displayName;
    }
    return {};
}

QString roomTitle(const Room &room, const QString &selfId)
{
    if (!room.subject.trimmed().isEmpty())
        return room.subject.trimmed();
    if (!room.orderRef.isEmpty())
        return u"Order "_s + room.orderRef;
    QStringList others;
    for (const auto &member : room.members) {
        if (member.user.id != selfId)
            others.append(member.user.displayName);
    }
    if (room.kind == RoomKind::Support) {
        for (const auto &member : room.members) {
            if (member.user.role == Role::Customer && member.user.id != selfId)
                return u"Support: "_s + member.user.displayName;
        }
        return u"Support request"_s;
    }
    return others.isEmpty() ? u"Conversation"_s : others.join(u", "_s);
}

QDateTime lastActivity(const Room &room)
{
    return room.lastMessageAt.isValid() ? room.lastMessageAt : room.createdAt;
}

QString typingText(const QStringList &names)
{
    if (names.isEmpty())
        return {};
    if (names.size() == 1)
        return names.first() + u" is typing…"_s;
    if (names.size() == 2)
        return names.at(0) + u" and "_s + names.at(1) + u" are typing…"_s;
    return u"%1 people are typing…"_s.arg(names.size());
}

QVariantMap userMap(const User &user)
{
    return {
        {u"userId"_s, user.id},
        {u"username"_s, user.username},
        {u"displayName"_s, user.displayName},
        {u"role"_s, roleName(user.role)},
        {u"online"_s, user.online.value_or(false)},
    };
}

QVariantMap roomMap(const Room &room, const QString &selfId)
{
    QVariantList members;
    bool isMember = false;
    for (const auto &m : room.members) {
        isMember = isMember || m.user.id == selfId;
        QVariantMap member = userMap(m.user);
        member.insert(u"readSeq"_s, m.readSeq);
        member.insert(u"deliveredSeq"_s, m.deliveredSeq);
        member.insert(u"joinedAt"_s, m.joinedAt);
        members.append(member);
    }
    return {
        {u"id"_s, room.id},
        {u"kind"_s, roomKindName(room.kind)},
        {u"subject"_s, room.subject},
        {u"title"_s, roomTitle(room, selfId)},
        {u"orderRef"_s, room.orderRef},
        {u"status"_s, roomStatusName(room.status)},
        {u"closed"_s, room.status == RoomStatus::Closed},
        {u"createdAt"_s, room.createdAt},
        {u"waitingSince"_s, room.waitingSince},
        {u"lastSeq"_s, room.lastSeq},
        {u"isMember"_s, isMember},
        {u"muted"_s, room.muted},
        {u"archived"_s, room.archived},
        {u"customerName"_s, customerName(room)},
        {u"members"_s, members},
        // Support desk (ui-assign): who handles it ("" nobody).
        {u"assigneeId"_s, room.assignee ? room.assignee->id : QString()},
        {u"assigneeName"_s, room.assignee ? room.assignee->displayName : QString()},
    };
}

QVariantMap rowMap(const QAbstractItemModel *model, int row)
{
    QVariantMap out;
    if (row < 0 || row >= model->rowCount())
        return out;
    const QModelIndex index = model->index(row, 0);
    const auto names = model->roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        if (it.key() >= Qt::UserRole)
            out.insert(QString::fromUtf8(it.value()), model->data(index, it.key()));
    }
    return out;
}

QVariant dateOrNull(const QDateTime &when)
{
    return when.isValid() ? QVariant(when) : QVariant();
}

} // namespace parley::client::present
