#include "storage/sql/MemberRow.h"
#include "storage/sql/SqlStores.h"
#include "storage/sql/SqliteStatements.h"

#include "protocol/Time.h"

namespace parley::storage::sql {
namespace {

const QString kRoomColumns =
    QStringLiteral("r.id, r.kind, r.subject, r.order_ref, r.status, r.created_by, r.created_at, "
                   "r.last_message_at, r.last_seq, r.waiting_since, r.assignee_id");

RoomRecord readRoom(const SqlRows &rows)
{
    RoomRecord room;
    room.id = rows.text(0);
    room.kind = roomKindFromName(rows.text(1)).value_or(RoomKind::Support);
    room.subject = rows.text(2);
    room.orderRef = rows.text(3);
    room.status = roomStatusFromName(rows.text(4)).value_or(RoomStatus::Open);
    room.createdBy = rows.text(5);
    room.createdAtMs = rows.integer(6);
    room.lastMessageAtMs = rows.isNull(7) ? 0 : rows.integer(7);
    room.lastSeq = rows.integer(8);
    room.waitingSinceMs = rows.isNull(9) ? 0 : rows.integer(9);
    room.assigneeId = rows.text(10);
    return room;
}

// The WHERE fragments and bindings of a RoomFilter and a keyset cursor.
void applyFilter(const RoomFilter &filter, const std::optional<RoomCursor> &after, bool member,
                 QString &where, QVariantList &binds)
{
    if (filter.status) {
        where += QStringLiteral(" AND r.status = ?");
        binds << roomStatusName(*filter.status);
    }
    if (filter.kind) {
        where += QStringLiteral(" AND r.kind = ?");
        binds << roomKindName(*filter.kind);
    }
    if (member && filter.archived) {
        where += QStringLiteral(" AND m.archived = ?");
        binds << (*filter.archived ? 1 : 0);
    }
    if (filter.assignee) {
        where += filter.assignee->isEmpty() ? QStringLiteral(" AND r.assignee_id IS NULL")
                                            : QStringLiteral(" AND r.assignee_id = ?");
        if (!filter.assignee->isEmpty())
            binds << *filter.assignee;
    }
    if (after) {
        where += QStringLiteral(" AND (r.activity_at < ? OR (r.activity_at = ? AND r.id < ?))");
        binds << after->activityMs << after->activityMs << after->id;
    }
}

} // namespace

Result<RoomRecord> SqlRoomStore::create(const NewRoom &room)
{
    Status status = m_db.atomic([&]() -> Status {
        if (auto s = m_db.execute(
                QStringLiteral(
                    "INSERT INTO rooms (id, kind, subject, order_ref, direct_key, status, "
                    "created_by, created_at, activity_at, last_seq, waiting_since) "
                    "VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, 0, ?)"),
                {room.id, roomKindName(room.kind), text(room.subject), nullIfEmpty(room.orderRef),
                 nullIfEmpty(room.directKey), room.createdBy, room.nowMs, room.nowMs,
                 nullIfZero(room.waiting ? room.nowMs : 0)});
            !s) {
            return s;
        }
        for (const QString &userId : room.memberIds) {
            if (auto s = addMember(room.id, userId, room.nowMs, 0); !s)
                return s;
        }
        return {};
    });
    if (!status)
        return status.error();
    return byId(room.id);
}

Result<RoomRecord> SqlRoomStore::one(const QString &column, const QString &value)
{
    auto rows = m_db.run(
        QStringLiteral("SELECT %1 FROM rooms r WHERE r.%2 = ?").arg(kRoomColumns, column), {value});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return Error::notFound(QStringLiteral("No such room"));
    return readRoom(*rows);
}

Result<RoomRecord> SqlRoomStore::byId(const QString &id)
{
    return one(QStringLiteral("id"), id);
}

Result<RoomRecord> SqlRoomStore::byOrderRef(const QString &orderRef)
{
    return one(QStringLiteral("order_ref"), orderRef);
}

Result<RoomRecord> SqlRoomStore::byDirectKey(const QString &directKey)
{
    return one(QStringLiteral("direct_key"), directKey);
}

Result<QList<RoomRecord>> SqlRoomStore::many(const QString &sql, const QVariantList &binds)
{
    auto rows = m_db.run(sql, binds);
    if (!rows)
        return rows.error();
    QList<RoomRecord> rooms;
    while (rows->next())
        rooms.append(readRoom(*rows));
    return rooms;
}

Result<std::optional<MemberRecord>> SqlRoomStore::membership(const QString &roomId,
                                                             const QString &userId)
{
    if (SqliteStatements *sqlite = m_db.sqlite())
        return membershipOnSqlite(*sqlite, roomId, userId); // every send checks it
    auto rows =
        m_db.run(QStringLiteral("SELECT joined_at, read_seq, delivered_seq, muted, archived "
                                "FROM room_members WHERE room_id = ? AND user_id = ?"),
                 {roomId, userId});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return std::optional<MemberRecord>();
    return std::optional<MemberRecord>(readMember(*rows, roomId, userId));
}

Result<QList<Member>> SqlRoomStore::members(const QString &roomId)
{
    auto rows = m_db.run(
        QStringLiteral("SELECT u.id, u.username, u.display_name, u.role, m.joined_at, m.read_seq, "
                       "m.delivered_seq FROM room_members m JOIN users u ON u.id = m.user_id "
                       "WHERE m.room_id = ? ORDER BY m.joined_at, u.username"),
        {roomId});
    if (!rows)
        return rows.error();
    QList<Member> members;
    while (rows->next()) {
        Member member;
        member.user.id = rows->text(0);
        member.user.username = rows->text(1);
        member.user.displayName = rows->text(2);
        member.user.role = roleFromName(rows->text(3)).value_or(Role::Customer);
        member.joinedAt = fromEpochMs(rows->integer(4));
        member.readSeq = rows->integer(5);
        member.deliveredSeq = rows->integer(6);
        members.append(member);
    }
    return members;
}

Result<QStringList> SqlRoomStore::memberIds(const QString &roomId)
{
    auto rows =
        m_db.run(QStringLiteral("SELECT user_id FROM room_members WHERE room_id = ?"), {roomId});
    if (!rows)
        return rows.error();
    QStringList ids;
    while (rows->next())
        ids.append(rows->text(0));
    return ids;
}

Result<int> SqlRoomStore::staffMemberCount(const QString &roomId)
{
    auto count = scalar(m_db,
                        QStringLiteral("SELECT COUNT(*) FROM room_members m JOIN users u ON u.id = "
                                       "m.user_id WHERE m.room_id = ? AND u.role <> 'customer'"),
                        {roomId});
    if (!count)
        return count.error();
    return int(*count);
}

Result<QList<RoomRecord>> SqlRoomStore::listForMember(const QString &userId,
                                                      const RoomFilter &filter,
                                                      const std::optional<RoomCursor> &after,
                                                      int limit)
{
    QString where = QStringLiteral("m.user_id = ?");
    QVariantList binds{userId};
    applyFilter(filter, after, true, where, binds);
    binds << limit;
    return many(QStringLiteral("SELECT %1 FROM room_members m JOIN rooms r ON r.id = m.room_id "
                               "WHERE %2 ORDER BY r.activity_at DESC, r.id DESC LIMIT ?")
                    .arg(kRoomColumns, where),
                binds);
}

Result<QList<RoomRecord>> SqlRoomStore::listAll(const RoomFilter &filter,
                                                const std::optional<RoomCursor> &after, int limit)
{
    QString where = QStringLiteral("1 = 1");
    QVariantList binds;
    applyFilter(filter, after, false, where, binds);
    binds << limit;
    return many(QStringLiteral("SELECT %1 FROM rooms r WHERE %2 "
                               "ORDER BY r.activity_at DESC, r.id DESC LIMIT ?")
                    .arg(kRoomColumns, where),
                binds);
}

Result<QList<RoomRecord>> SqlRoomStore::queue()
{
    return many(QStringLiteral("SELECT %1 FROM rooms r WHERE r.waiting_since IS NOT NULL AND "
                               "r.status = 'open' ORDER BY r.waiting_since, r.id")
                    .arg(kRoomColumns),
                {});
}

Result<QList<RoomRecord>> SqlRoomStore::openSupportRoomsOf(const QString &userId)
{
    return many(QStringLiteral("SELECT %1 FROM room_members m JOIN rooms r ON r.id = m.room_id "
                               "WHERE m.user_id = ? AND r.kind = 'support' AND r.status = 'open' "
                               "ORDER BY r.activity_at DESC, r.id DESC")
                    .arg(kRoomColumns),
                {userId});
}

Status SqlRoomStore::addMember(const QString &roomId, const QString &userId, qint64 nowMs,
                               qint64 readSeq)
{
    return m_db.execute(QStringLiteral("INSERT INTO room_members (room_id, user_id, joined_at, "
                                       "read_seq, delivered_seq) VALUES (?, ?, ?, ?, ?) "
                                       "ON CONFLICT (room_id, user_id) DO NOTHING"),
                        {roomId, userId, nowMs, readSeq, readSeq});
}

Status SqlRoomStore::removeMember(const QString &roomId, const QString &userId)
{
    return m_db.execute(
        QStringLiteral("DELETE FROM room_members WHERE room_id = ? AND user_id = ?"),
        {roomId, userId});
}

Status SqlRoomStore::setStatus(const QString &roomId, RoomStatus status)
{
    return m_db.execute(QStringLiteral("UPDATE rooms SET status = ? WHERE id = ?"),
                        {roomStatusName(status), roomId});
}

Status SqlRoomStore::setWaitingSince(const QString &roomId, qint64 waitingSinceMs)
{
    return m_db.execute(QStringLiteral("UPDATE rooms SET waiting_since = ? WHERE id = ?"),
                        {nullIfZero(waitingSinceMs), roomId});
}

Status SqlRoomStore::setMemberFlags(const QString &roomId, const QString &userId,
                                    std::optional<bool> muted, std::optional<bool> archived)
{
    if (muted) {
        if (auto s = m_db.execute(QStringLiteral("UPDATE room_members SET muted = ? WHERE room_id "
                                                 "= ? AND user_id = ?"),
                                  {*muted ? 1 : 0, roomId, userId});
            !s)
            return s;
    }
    if (archived) {
        return m_db.execute(QStringLiteral("UPDATE room_members SET archived = ? WHERE room_id = ? "
                                           "AND user_id = ?"),
                            {*archived ? 1 : 0, roomId, userId});
    }
    return {};
}

Result<qint64> SqlRoomStore::advance(const QString &column, const QString &roomId,
                                     const QString &userId, qint64 upToSeq)
{
    // Forward only and never past the room's last message. Reading implies delivery, so a read
    // also moves the delivered watermark.
    auto lastSeq =
        scalar(m_db, QStringLiteral("SELECT last_seq FROM rooms WHERE id = ?"), {roomId});
    if (!lastSeq)
        return lastSeq.error();
    const qint64 target = std::min(upToSeq, *lastSeq);
    const QString greatest = m_db.greatest();
    const Status updated =
        column == u"read_seq"
            ? m_db.execute(QStringLiteral("UPDATE room_members SET read_seq = %1(read_seq, ?), "
                                          "delivered_seq = %1(delivered_seq, ?) WHERE room_id = ? "
                                          "AND user_id = ?")
                               .arg(greatest),
                           {target, target, roomId, userId})
            : m_db.execute(QStringLiteral("UPDATE room_members SET delivered_seq = "
                                          "%1(delivered_seq, ?) WHERE room_id = ? AND user_id = ?")
                               .arg(greatest),
                           {target, roomId, userId});
    if (!updated)
        return updated.error();
    return scalar(
        m_db,
        QStringLiteral("SELECT %1 FROM room_members WHERE room_id = ? AND user_id = ?").arg(column),
        {roomId, userId});
}

Result<qint64> SqlRoomStore::advanceRead(const QString &roomId, const QString &userId,
                                         qint64 upToSeq)
{
    return advance(QStringLiteral("read_seq"), roomId, userId, upToSeq);
}

Result<qint64> SqlRoomStore::advanceDelivered(const QString &roomId, const QString &userId,
                                              qint64 upToSeq)
{
    return advance(QStringLiteral("delivered_seq"), roomId, userId, upToSeq);
}

Result<QList<UnreadEntry>> SqlRoomStore::unread(const QString &userId)
{
    auto rows = m_db.run(QStringLiteral("SELECT r.id, r.last_seq - m.read_seq, m.muted FROM "
                                        "room_members m JOIN rooms r ON r.id = m.room_id WHERE "
                                        "m.user_id = ? AND r.last_seq > m.read_seq"),
                         {userId});
    if (!rows)
        return rows.error();
    QList<UnreadEntry> entries;
    while (rows->next())
        entries.append({rows->text(0), rows->integer(1), rows->integer(2) != 0});
    return entries;
}

Result<qint64> SqlRoomStore::countOpen()
{
    return scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM rooms WHERE status = 'open'"));
}

Result<qint64> SqlRoomStore::countWaiting()
{
    return scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM rooms WHERE status = 'open' AND "
                                       "waiting_since IS NOT NULL"));
}

} // namespace parley::storage::sql
