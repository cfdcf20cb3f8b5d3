#include "storage/sql/SqlStores.h"

#include "protocol/JsonFields.h"
#include "storage/sql/UserColumns.h"

namespace parley::storage::sql {
namespace {

QString actionName(MessageChange::Action action)
{
    return action == MessageChange::Action::Delete ? QStringLiteral("delete")
                                                   : QStringLiteral("edit");
}

} // namespace

Status SqlMessageHistoryStore::record(const QString &messageId, MessageChange::Action action,
                                      const QString &actorId, qint64 nowMs)
{
    return m_db.atomic([&]() -> Status {
        if (m_db.dialect() == SqlDatabase::Dialect::Postgres) {
            // Two changes of one message at once: the second waits here for the first's commit,
            // then numbers its version after it (SQLite's BEGIN IMMEDIATE serializes writers).
            if (auto locked = m_db.execute(
                    QStringLiteral("SELECT 1 FROM messages WHERE id = ? FOR UPDATE"), {messageId});
                !locked)
                return locked;
        }
        auto copied = m_db.exec(
            QStringLiteral(
                "INSERT INTO message_history (message_id, version, room_id, action, "
                "previous_content, previous_metadata, previous_attachment_id, actor_id, at) "
                "SELECT m.id, (SELECT COUNT(*) FROM message_history h WHERE h.message_id = m.id) "
                "+ 1, m.room_id, ?, m.content, m.metadata, m.attachment_id, ?, ? "
                "FROM messages m WHERE m.id = ?"),
            {actionName(action), actorId, nowMs, messageId});
        if (!copied)
            return copied.error();
        if (*copied == 0)
            return Error::notFound(QStringLiteral("No such message"));
        return {};
    });
}

Result<QList<MessageChange>> SqlMessageHistoryStore::forRoom(const QString &roomId)
{
    auto rows = m_db.run(
        QStringLiteral("SELECT h.message_id, h.version, h.action, h.previous_content, "
                       "h.previous_metadata, h.previous_attachment_id, h.at, u.id, u.username, "
                       "u.display_name, u.role FROM message_history h JOIN users u ON "
                       "u.id = h.actor_id WHERE h.room_id = ? ORDER BY h.message_id, h.version"),
        {roomId});
    if (!rows)
        return rows.error();
    QList<MessageChange> changes;
    QList<std::pair<qsizetype, QString>> attachmentIds; // read after the rows: one query at a time
    while (rows->next()) {
        MessageChange change;
        change.messageId = rows->text(0);
        change.version = int(rows->integer(1));
        change.action = rows->text(2) == u"delete" ? MessageChange::Action::Delete
                                                   : MessageChange::Action::Edit;
        change.previousContent = rows->text(3);
        if (auto metadata = json::parseObject(rows->text(4).toUtf8()))
            change.previousMetadata = *metadata;
        if (!rows->isNull(5))
            attachmentIds.append({changes.size(), rows->text(5)});
        change.atMs = rows->integer(6);
        change.actor = readUserColumns(*rows, 7);
        changes.append(change);
    }
    for (const auto &[index, attachmentId] : std::as_const(attachmentIds)) {
        auto attachment = attachmentById(m_db, attachmentId);
        if (!attachment)
            return attachment.error();
        changes[index].previousAttachment = attachment->toAttachment();
    }
    return changes;
}

} // namespace parley::storage::sql
