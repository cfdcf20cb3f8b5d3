#pragma once

#include "protocol/Result.h"
#include "protocol/User.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace parley {

enum class MessageType { Text, Image, File, Location, System };

QString messageTypeName(MessageType type);
std::optional<MessageType> messageTypeFromName(const QString &name);

// {"id","name","mime","size","width","height","url","thumbnail_url"}
struct Attachment
{
    QString id;
    QString name;
    QString mime;
    qint64 size = 0;
    std::optional<int> width;
    std::optional<int> height;
    QString url;          // "/api/chat/files/<id>"
    QString thumbnailUrl; // empty -> null

    QJsonObject toJson() const;
    void writeJson(json::Writer &out) const; // the same JSON, written straight to bytes
    static Result<Attachment> fromJson(const QJsonObject &obj);
    bool operator==(const Attachment &) const = default;
};

// The REST paths of an upload's bytes and thumbnail (PROTOCOL.md).
QString attachmentUrl(const QString &attachmentId);
QString thumbnailUrl(const QString &attachmentId);

struct Message
{
    QString id;
    QString roomId;
    qint64 seq = 0;
    QString clientId;           // empty -> null
    std::optional<User> sender; // null for system messages
    MessageType type = MessageType::Text;
    QString content;
    QJsonObject metadata;
    QString replyTo; // empty -> null
    std::optional<Attachment> attachment;
    QDateTime createdAt;
    QDateTime editedAt; // invalid -> null
    bool deleted = false;

    QJsonObject toJson() const;
    // json::compact(toJson()) without the QJsonObject: once per stored message on the hot path.
    QByteArray toJsonBytes() const;
    void writeJson(json::Writer &out) const;
    static Result<Message> fromJson(const QJsonObject &obj);
    bool operator==(const Message &) const = default;
};

} // namespace parley
