#include "storage/sql/SqlStores.h"

namespace parley::storage::sql {

Result<AttachmentRecord> attachmentById(SqlDatabase &db, const QString &id)
{
    auto rows = db.run(QStringLiteral("SELECT id, uploader_id, sha256, name, mime, size, width, "
                                      "height, thumbnail_mime, created_at FROM attachments "
                                      "WHERE id = ?"),
                       {id});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return Error::notFound(QStringLiteral("No such file"));
    AttachmentRecord record;
    record.id = rows->text(0);
    record.uploaderId = rows->text(1);
    record.sha256 = rows->text(2);
    record.name = rows->text(3);
    record.mime = rows->text(4);
    record.size = rows->integer(5);
    if (!rows->isNull(6))
        record.width = int(rows->integer(6));
    if (!rows->isNull(7))
        record.height = int(rows->integer(7));
    record.thumbnailMime = rows->text(8);
    record.createdAtMs = rows->integer(9);
    return record;
}

Status SqlAttachmentStore::insert(const AttachmentRecord &a)
{
    const auto dimension = [](const std::optional<int> &v) {
        return v ? QVariant(*v) : QVariant(QMetaType::fromType<int>());
    };
    return m_db.execute(
        QStringLiteral("INSERT INTO attachments (id, uploader_id, sha256, name, mime, size, width, "
                       "height, thumbnail_mime, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {a.id, a.uploaderId, a.sha256, text(a.name), a.mime, a.size, dimension(a.width),
         dimension(a.height), nullIfEmpty(a.thumbnailMime), a.createdAtMs});
}

Result<AttachmentRecord> SqlAttachmentStore::byId(const QString &id)
{
    return attachmentById(m_db, id);
}

Result<bool> SqlAttachmentStore::visibleTo(const QString &attachmentId, const QString &userId,
                                           bool allRooms)
{
    auto visible = scalar(
        m_db,
        QStringLiteral("SELECT COUNT(*) FROM attachments a WHERE a.id = ? AND (a.uploader_id = ? "
                       "OR EXISTS (SELECT 1 FROM messages m WHERE m.attachment_id = a.id AND "
                       "m.deleted = 0 AND (? = 1 OR EXISTS (SELECT 1 FROM room_members rm WHERE "
                       "rm.room_id = m.room_id AND rm.user_id = ?))))"),
        {attachmentId, userId, allRooms ? 1 : 0, userId});
    if (!visible)
        return visible.error();
    return *visible > 0;
}

} // namespace parley::storage::sql
