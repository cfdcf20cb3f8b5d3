#include "storage/sql/SqlStores.h"
#include "storage/sql/SqliteStatements.h"

#include "protocol/JsonFields.h"
#include "storage/TimeOrderedUuid.h"
#include "storage/sql/MessageRows.h"

#include "protocol/Time.h"

#include <QJsonDocument>

#include <algorithm>

namespace parley::storage::sql {
namespace {

QString selectMessages()
{
    return QStringLiteral("SELECT ") + messageColumns() + QStringLiteral(" FROM messages m") +
           messageJoins();
}

} // namespace

Result<Message> SqlMessageStore::one(const QString &where, const QVariantList &binds)
{
    auto rows = m_db.run(selectMessages() + QStringLiteral(" WHERE ") + where, binds);
    if (!rows)
        return rows.error();
    if (!rows->next())
        return Error::notFound(QStringLiteral("No such message"));
    return readMessage(*rows);
}

Result<Message> SqlMessageStore::byId(const QString &id)
{
    return one(QStringLiteral("m.id = ?"), {id});
}

Result<Message> SqlMessageStore::bySeq(const QString &roomId, qint64 seq)
{
    return one(QStringLiteral("m.room_id = ? AND m.seq = ?"), {roomId, seq});
}

Result<AppendResult> SqlMessageStore::append(const NewMessage &message)
{
    if (SqliteStatements *sqlite = m_db.sqlite(); sqlite && message.attachmentId.isEmpty())
        return appendOnSqlite(*sqlite, message); // the hot path, without QtSql's overhead
    const QString senderId = message.sender ? message.sender->id : QString();
    AppendResult result;
    Status status = m_db.atomic([&]() -> Status {
        if (!message.clientId.isEmpty() && message.sender) {
            if (m_db.dialect() == SqlDatabase::Dialect::Postgres) {
                // Two nodes handling the same (sender, client_id) at once: the room's row lock
                // makes the second wait, and its check below then sees the first's message
                // (READ COMMITTED reads what committed before each statement). SQLite's
                // BEGIN IMMEDIATE already serializes writers.
                if (auto locked =
                        m_db.execute(QStringLiteral("SELECT 1 FROM rooms WHERE id = ? FOR UPDATE"),
                                     {message.roomId});
                    !locked)
                    return locked;
            }
            auto existing = one(QStringLiteral("m.sender_id = ? AND m.client_id = ?"),
                                {senderId, message.clientId});
            if (existing) {
                result.message = *existing;
                result.created = false;
                return {};
            }
            if (existing.error().code != ErrorCode::NotFound)
                return existing.error();
        }

        // The seq comes from the room row, updated in this transaction: gap-free and never
        // reused, because a rolled-back insert rolls the counter back with it. Closed rooms take
        // only system messages.
        const bool system = message.type == MessageType::System;
        auto bumped = m_db.run(QStringLiteral("UPDATE rooms SET last_seq = last_seq + 1, "
                                              "last_message_at = ?, activity_at = ? WHERE id = ? "
                                              "AND (status = 'open' OR ? = 1) RETURNING last_seq"),
                               {message.nowMs, message.nowMs, message.roomId, system ? 1 : 0});
        if (!bumped)
            return bumped.error();
        if (!bumped->next())
            return whyNoSeq(message.roomId);
        result.message = newRecord(message, bumped->integer(0));
        Message &stored = result.message;
        if (!message.attachmentId.isEmpty()) {
            auto attachment = attachmentById(m_db, message.attachmentId);
            if (!attachment)
                return attachment.error();
            stored.attachment = attachment->toAttachment();
        }

        const QByteArray metadata = json::compact(message.metadata);
        if (auto s = m_db.execute(
                QStringLiteral(
                    "INSERT INTO messages (id, room_id, seq, sender_id, client_id, type, "
                    "content, metadata, reply_to, attachment_id, created_at, deleted) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"),
                {stored.id, message.roomId, stored.seq, nullIfEmpty(senderId),
                 nullIfEmpty(message.clientId), messageTypeName(message.type),
                 text(message.content), QString::fromUtf8(metadata), nullIfEmpty(message.replyTo),
                 nullIfEmpty(message.attachmentId), message.nowMs});
            !s) {
            return s;
        }
        if (message.sender) {
            // A sender has read what they answered.
            return m_db.execute(
                QStringLiteral("UPDATE room_members SET read_seq = %1(read_seq, ?), "
                               "delivered_seq = %1(delivered_seq, ?) WHERE "
                               "room_id = ? AND user_id = ?")
                    .arg(m_db.greatest()),
                {stored.seq, stored.seq, message.roomId, senderId});
        }
        return {};
    });
    if (!status)
        return status.error();
    return result;
}

Message SqlMessageStore::newRecord(const NewMessage &message, qint64 seq)
{
    Message stored;
    stored.seq = seq;
    stored.id = timeOrderedUuid(message.nowMs);
    stored.roomId = message.roomId;
    stored.clientId = message.clientId;
    stored.sender = message.sender;
    stored.type = message.type;
    stored.content = message.content;
    stored.metadata = message.metadata;
    stored.replyTo = message.replyTo;
    stored.createdAt = fromEpochMs(message.nowMs);
    return stored;
}

Status SqlMessageStore::whyNoSeq(const QString &roomId)
{
    auto exists = scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM rooms WHERE id = ?"), {roomId});
    if (!exists)
        return exists.error();
    return *exists ? Error::roomClosed() : Error::notFound(QStringLiteral("No such room"));
}

Result<MessagePage> SqlMessageStore::page(const QString &roomId, std::optional<qint64> before,
                                          std::optional<qint64> after, int limit)
{
    QString sql = selectMessages() + QStringLiteral(" WHERE m.room_id = ?");
    QVariantList binds{roomId};
    if (after) {
        sql += QStringLiteral(" AND m.seq > ? ORDER BY m.seq ASC LIMIT ?");
        binds << *after;
    } else {
        if (before) {
            sql += QStringLiteral(" AND m.seq < ?");
            binds << *before;
        }
        sql += QStringLiteral(" ORDER BY m.seq DESC LIMIT ?");
    }
    binds << limit + 1; // one more than asked tells whether there is more
    auto rows = m_db.run(sql, binds);
    if (!rows)
        return rows.error();
    MessagePage page;
    while (rows->next())
        page.messages.append(readMessage(*rows));
    page.hasMore = page.messages.size() > limit;
    if (page.hasMore)
        page.messages.removeLast();
    if (!after)
        std::reverse(page.messages.begin(), page.messages.end());
    return page;
}

Result<Message> SqlMessageStore::edit(const QString &id, const QString &content, qint64 nowMs)
{
    if (auto s = m_db.execute(QStringLiteral("UPDATE messages SET content = ?, edited_at = ? WHERE "
                                             "id = ? AND deleted = 0"),
                              {text(content), nowMs, id});
        !s) {
        return s.error();
    }
    return byId(id);
}

Result<Message> SqlMessageStore::softDelete(const QString &id)
{
    if (auto s = m_db.execute(QStringLiteral("UPDATE messages SET content = '', metadata = '{}', "
                                             "attachment_id = NULL, deleted = 1 WHERE id = ?"),
                              {id});
        !s) {
        return s.error();
    }
    return byId(id);
}

Result<qint64> SqlMessageStore::count()
{
    return scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM messages"));
}

} // namespace parley::storage::sql
