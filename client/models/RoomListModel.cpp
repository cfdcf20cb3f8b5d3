#include "models/RoomListModel.h"

#include "models/Presentation.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace parley::client {

RoomListModel::RoomListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int RoomListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QHash<int, QByteArray> RoomListModel::roleNames() const
{
    return {
        {RoomIdRole, "roomId"},
        {KindRole, "kind"},
        {TitleRole, "title"},
        {SubjectRole, "subject"},
        {OrderRefRole, "orderRef"},
        {StatusRole, "status"},
        {ClosedRole, "closed"},
        {LastActivityRole, "lastActivity"},
        {LastSeqRole, "lastSeq"},
        {UnreadCountRole, "unreadCount"},
        {PreviewRole, "preview"},
        {PreviewSenderRole, "previewSender"},
        {TypingRole, "typingText"},
        {MutedRole, "muted"},
        {ArchivedRole, "archived"},
        {WaitingSinceRole, "waitingSince"},
        {MemberCountRole, "memberCount"},
        {CustomerNameRole, "customerName"},
        {PendingCountRole, "pendingCount"},
    };
}

QVariant RoomListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return roleData(m_entries.value(m_rows.at(index.row())), role);
}

QVariant RoomListModel::roleData(const Entry &e, int role) const
{
    const Room &r = e.room;
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return present::roomTitle(r, m_selfId);
    case RoomIdRole:
        return r.id;
    case KindRole:
        return roomKindName(r.kind);
    case SubjectRole:
        return r.subject;
    case OrderRefRole:
        return r.orderRef;
    case StatusRole:
        return roomStatusName(r.status);
    case ClosedRole:
        return r.status == RoomStatus::Closed;
    case LastActivityRole:
        return present::lastActivity(r);
    case LastSeqRole:
        return r.lastSeq;
    case UnreadCountRole:
        return r.unreadCount;
    case PreviewRole:
        return r.lastMessage ? present::messagePreview(*r.lastMessage) : QString();
    case PreviewSenderRole:
        if (!r.lastMessage || !r.lastMessage->sender)
            return QString();
        return r.lastMessage->sender->id == m_selfId ? u"You"_s
                                                     : r.lastMessage->sender->displayName;
    case TypingRole:
        return present::typingText(e.typing);
    case MutedRole:
        return r.muted;
    case ArchivedRole:
        return r.archived;
    case WaitingSinceRole:
        return r.waitingSince;
    case MemberCountRole:
        return int(r.members.size());
    case CustomerNameRole:
        return present::customerName(r);
    case PendingCountRole:
        return e.pending;
    default:
        return {};
    }
}

bool RoomListModel::lessRecent(const Entry &a, const Entry &b) const
{
    const auto ta = present::lastActivity(a.room);
    const auto tb = present::lastActivity(b.room);
    if (ta != tb)
        return ta < tb;
    return a.room.id > b.room.id;
}

int RoomListModel::sortedRow(const Entry &e, const QString &skipId) const
{
    int row = 0;
    for (const auto &id : m_rows) {
        if (id == skipId)
            continue;
        // Newest first: the row goes before the first entry less recent than it.
        if (lessRecent(m_entries[id], e))
            break;
        ++row;
    }
    return row;
}

void RoomListModel::rebuildRows()
{
    beginResetModel();
    m_rows.clear();
    QList<const Entry *> shown;
    for (const auto &e : std::as_const(m_entries)) {
        if (visible(e))
            shown.append(&e);
    }
    std::sort(shown.begin(), shown.end(),
              [this](const Entry *a, const Entry *b) { return lessRecent(*b, *a); });
    for (const auto *e : shown)
        m_rows.append(e->room.id);
    endResetModel();
    Q_EMIT countChanged();
}

void RoomListModel::place(const QString &roomId)
{
    const int from = int(m_rows.indexOf(roomId));
    const auto it = m_entries.constFind(roomId);
    const bool show = it != m_entries.cend() && visible(*it);
    if (from < 0 && !show)
        return;
    if (from >= 0 && !show) {
        beginRemoveRows({}, from, from);
        m_rows.removeAt(from);
        endRemoveRows();
        Q_EMIT countChanged();
        return;
    }
    const int to = sortedRow(*it, roomId);
    if (from < 0) {
        beginInsertRows({}, to, to);
        m_rows.insert(to, roomId);
        endInsertRows();
        Q_EMIT countChanged();
        return;
    }
    if (to != from) {
        // beginMoveRows counts the destination before the move.
        beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
        m_rows.move(from, to);
        endMoveRows();
    }
    const QModelIndex idx = index(to);
    Q_EMIT dataChanged(idx, idx);
}

void RoomListModel::notifyRow(const QString &roomId)
{
    place(roomId);
    const int total = totalUnread();
    if (total != m_lastTotalUnread) {
        m_lastTotalUnread = total;
        Q_EMIT totalUnreadChanged();
    }
    if (auto it = m_entries.constFind(roomId); it != m_entries.cend())
        Q_EMIT roomChanged(it->room);
}

void RoomListModel::setShowArchived(bool show)
{
    if (m_showArchived == show)
        return;
    m_showArchived = show;
    rebuildRows();
    Q_EMIT showArchivedChanged();
}

int RoomListModel::totalUnread() const
{
    qint64 total = 0;
    for (const auto &e : m_entries) {
        if (!e.room.muted)
            total += e.room.unreadCount;
    }
    return int(total);
}

int RoomListModel::indexOf(const QString &roomId) const
{
    return int(m_rows.indexOf(roomId));
}

QVariantMap RoomListModel::get(const QString &roomId) const
{
    QVariantMap out;
    const auto it = m_entries.constFind(roomId);
    if (it == m_entries.cend())
        return out;
    const auto names = roleNames();
    for (auto n = names.cbegin(); n != names.cend(); ++n)
        out.insert(QString::fromUtf8(n.value()), roleData(*it, n.key()));
    return out;
}

void RoomListModel::resetRooms(const QList<Room> &rooms)
{
    if (!m_entries.isEmpty() && !rooms.isEmpty()) {
        // A refresh: row by row, so views keep their place.
        QSet<QString> ids;
        for (const auto &room : rooms)
            ids.insert(room.id);
        const auto known = m_entries.keys();
        for (const auto &id : known) {
            if (!ids.contains(id))
                remove(id);
        }
        for (const auto &room : rooms)
            upsert(room);
        return;
    }
    QHash<QString, Entry> entries;
    for (const auto &room : rooms) {
        Entry e{room, {}, 0};
        if (auto old = m_entries.constFind(room.id); old != m_entries.cend()) {
            e.typing = old->typing;
            e.pending = old->pending;
        }
        entries.insert(room.id, e);
    }
    m_entries = std::move(entries);
    rebuildRows();
    const int total = totalUnread();
    if (total != m_lastTotalUnread) {
        m_lastTotalUnread = total;
        Q_EMIT totalUnreadChanged();
    }
}

void RoomListModel::upsert(const Room &room)
{
    auto it = m_entries.find(room.id);
    if (it == m_entries.end()) {
        m_entries.insert(room.id, Entry{room, {}, 0});
    } else {
        Room merged = room;
        // A room view without last_message (some events) keeps the one we know.
        if (!merged.lastMessage && it->room.lastMessage && it->room.lastSeq == merged.lastSeq)
            merged.lastMessage = it->room.lastMessage;
        it->room = merged;
    }
    notifyRow(room.id);
}

void RoomListModel::remove(const QString &roomId)
{
    if (!m_entries.remove(roomId))
        return;
    notifyRow(roomId);
}

void RoomListModel::applyMessage(const Message &message, bool countsAsUnread)
{
    auto it = m_entries.find(message.roomId);
    if (it == m_entries.end())
        return;
    Room &r = it->room;
    if (message.seq > r.lastSeq) {
        r.lastSeq = message.seq;
        r.lastMessage = message;
        r.lastMessageAt = message.createdAt;
        if (countsAsUnread)
            ++r.unreadCount;
    } else if (r.lastMessage && r.lastMessage->seq == message.seq) {
        r.lastMessage = message;
    } else {
        return;
    }
    if (message.sender)
        it->typing.removeAll(message.sender->displayName);
    notifyRow(message.roomId);
}

void RoomListModel::applyMessageUpdate(const Message &message)
{
    auto it = m_entries.find(message.roomId);
    if (it == m_entries.end() || !it->room.lastMessage || it->room.lastMessage->id != message.id)
        return;
    it->room.lastMessage = message;
    notifyRow(message.roomId);
}

void RoomListModel::setReadState(const QString &roomId, qint64 readSeq, qint64 unreadCount)
{
    auto it = m_entries.find(roomId);
    if (it == m_entries.end())
        return;
    for (auto &m : it->room.members) {
        if (m.user.id == m_selfId)
            m.readSeq = std::max(m.readSeq, readSeq);
    }
    if (it->room.unreadCount == unreadCount)
        return;
    it->room.unreadCount = unreadCount;
    notifyRow(roomId);
}

void RoomListModel::setTyping(const QString &roomId, const User &user, bool isTyping)
{
    auto it = m_entries.find(roomId);
    if (it == m_entries.end() || user.id == m_selfId)
        return;
    const bool had = it->typing.contains(user.displayName);
    if (had == isTyping)
        return;
    if (isTyping)
        it->typing.append(user.displayName);
    else
        it->typing.removeAll(user.displayName);
    const int row = indexOf(roomId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row), index(row), {TypingRole});
}

void RoomListModel::setPendingCount(const QString &roomId, int pending)
{
    auto it = m_entries.find(roomId);
    if (it == m_entries.end() || it->pending == pending)
        return;
    it->pending = pending;
    const int row = indexOf(roomId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row), index(row), {PendingCountRole});
}

std::optional<Room> RoomListModel::room(const QString &roomId) const
{
    const auto it = m_entries.constFind(roomId);
    if (it == m_entries.cend())
        return std::nullopt;
    return it->room;
}

QList<Room> RoomListModel::rooms() const
{
    QList<Room> out;
    for (const auto &e : m_entries)
        out.append(e.room);
    return out;
}

QString RoomListModel::title(const QString &roomId) const
{
    const auto it = m_entries.constFind(roomId);
    return it == m_entries.cend() ? QString() : present::roomTitle(it->room, m_selfId);
}

} // namespace parley::client
