#include "storage/sql/MessageRows.h"

#include "protocol/Time.h"

#include <QJsonDocument>

namespace parley::storage::sql {

const QString &messageColumns()
{
    static const QString columns = QStringLiteral(
        "m.id, m.room_id, m.seq, m.client_id, m.sender_id, u.username, u.display_name, u.role, "
        "m.type, m.content, m.metadata, m.reply_to, m.created_at, m.edited_at, m.deleted, "
        "a.id, a.name, a.mime, a.size, a.width, a.height, a.thumbnail_mime");
    return columns;
}

const QString &messageJoins()
{
    static const QString joins =
        QStringLiteral(" LEFT JOIN users u ON u.id = m.sender_id"
                       " LEFT JOIN attachments a ON a.id = m.attachment_id");
    return joins;
}

int messageColumnCount()
{
    return 22;
}

Message readMessage(const SqlRows &rows)
{
    Message message;
    message.id = rows.text(0);
    message.roomId = rows.text(1);
    message.seq = rows.integer(2);
    message.clientId = rows.text(3);
    if (!rows.isNull(4)) {
        User sender;
        sender.id = rows.text(4);
        sender.username = rows.text(5);
        sender.displayName = rows.text(6);
        sender.role = roleFromName(rows.text(7)).value_or(Role::Customer);
        message.sender = sender;
    }
    message.type = messageTypeFromName(rows.text(8)).value_or(MessageType::Text);
    message.content = rows.text(9);
    message.metadata = QJsonDocument::fromJson(rows.text(10).toUtf8()).object();
    message.replyTo = rows.text(11);
    message.createdAt = fromEpochMs(rows.integer(12));
    if (!rows.isNull(13))
        message.editedAt = fromEpochMs(rows.integer(13));
    message.deleted = rows.integer(14) != 0;
    if (!rows.isNull(15) && !message.deleted) {
        AttachmentRecord record;
        record.id = rows.text(15);
        record.name = rows.text(16);
        record.mime = rows.text(17);
        record.size = rows.integer(18);
        if (!rows.isNull(19))
            record.width = int(rows.integer(19));
        if (!rows.isNull(20))
            record.height = int(rows.integer(20));
        record.thumbnailMime = rows.text(21);
        message.attachment = record.toAttachment();
    }
    return message;
}

} // namespace parley::storage::sql
