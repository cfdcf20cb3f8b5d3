// The SQLite versions of the statements a sent message runs, on raw sqlite3_stmt (see
// SqliteStatements.h for why). Same SQL, same order, same results as the generic QtSql code next
// to them, which PostgreSQL (and SQLite everywhere else) uses.
#include "storage/sql/MemberRow.h"
#include "storage/sql/MessageSql.h"
#include "storage/sql/SqlStores.h"
#include "storage/sql/SqliteStatements.h"

namespace parley::storage::sql {

Result<AppendResult> SqlMessageStore::appendOnSqlite(SqliteStatements &sqlite,
                                                     const NewMessage &message)
{
    const QString senderId = message.sender ? message.sender->id : QString();
    AppendResult result;
    Status status = m_db.atomic([&]() -> Status {
        if (!message.clientId.isEmpty() && message.sender) {
            auto existing = sqlite.prepare(message_sql::kRepeatOf);
            if (!existing)
                return existing.error();
            existing->bindText(1, senderId);
            existing->bindText(2, message.clientId);
            if (existing->step()) {
                auto earlier = byId(existing->text(0));
                if (!earlier)
                    return earlier.error();
                result.message = *earlier;
                result.created = false;
                return {};
            }
            if (existing->failed())
                return existing->error();
        }

        // The seq comes from the room row, updated in this transaction: gap-free and never
        // reused. Closed rooms take only system messages.
        const bool system = message.type == MessageType::System;
        qint64 seq = 0;
        {
            auto bumped = sqlite.prepare(
                "UPDATE rooms SET last_seq = last_seq + 1, last_message_at = ?, activity_at = ? "
                "WHERE id = ? AND (status = 'open' OR ? = 1) RETURNING last_seq");
            if (!bumped)
                return bumped.error();
            bumped->bindInt(1, message.nowMs);
            bumped->bindInt(2, message.nowMs);
            bumped->bindText(3, message.roomId);
            bumped->bindInt(4, system ? 1 : 0);
            const bool found = bumped->step();
            if (bumped->failed())
                return bumped->error();
            if (found) {
                seq = bumped->integer(0);
                while (bumped->step()) { // RETURNING completes the update when stepped to the end
                }
                if (bumped->failed())
                    return bumped->error();
            }
        }
        if (seq == 0)
            return whyNoSeq(message.roomId);
        result.message = newRecord(message, seq);
        const Message &stored = result.message;

        auto insert = sqlite.prepare(message_sql::insertRows(1));
        if (!insert)
            return insert.error();
        message_sql::bindRow(*insert, 1, stored);
        insert->step();
        if (insert->failed())
            return insert->error();

        if (message.sender) {
            // A sender has read what they answered.
            auto watermark = sqlite.prepare(message_sql::kSenderHasRead);
            if (!watermark)
                return watermark.error();
            watermark->bindInt(1, seq);
            watermark->bindInt(2, seq);
            watermark->bindText(3, message.roomId);
            watermark->bindText(4, senderId);
            watermark->step();
            if (watermark->failed())
                return watermark->error();
        }
        return {};
    });
    if (!status)
        return status.error();
    return result;
}

Result<std::optional<MemberRecord>> SqlRoomStore::membershipOnSqlite(SqliteStatements &sqlite,
                                                                     const QString &roomId,
                                                                     const QString &userId)
{
    auto rows = sqlite.prepare("SELECT joined_at, read_seq, delivered_seq, muted, archived "
                               "FROM room_members WHERE room_id = ? AND user_id = ?");
    if (!rows)
        return rows.error();
    rows->bindText(1, roomId);
    rows->bindText(2, userId);
    if (!rows->step()) {
        if (rows->failed())
            return rows->error();
        return std::optional<MemberRecord>();
    }
    return std::optional<MemberRecord>(readMember(*rows, roomId, userId));
}

} // namespace parley::storage::sql
