#include "protocol/Message.h"

#include "protocol/JsonFields.h"
#include "protocol/JsonWriter.h"
#include "protocol/Time.h"

#include <limits>
#include <utility>

namespace parley {

using namespace Qt::StringLiterals;

namespace {

constexpr MessageType kAllTypes[] = {MessageType::Text, MessageType::Image, MessageType::File,
                                     MessageType::Location, MessageType::System};

QJsonValue intOrNull(const std::optional<int> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

Result<std::optional<int>> optionalDimension(const QJsonObject &obj, const QString &field)
{
    auto value = json::optionalInt(obj, field, 0, std::numeric_limits<int>::max());
    if (!value)
        return value.error();
    if (!*value)
        return std::optional<int>();
    return std::optional<int>(static_cast<int>(**value));
}

} // namespace

QString messageTypeName(MessageType type)
{
    switch (type) {
    case MessageType::Text:
        return u"text"_s;
    case MessageType::Image:
        return u"image"_s;
    case MessageType::File:
        return u"file"_s;
    case MessageType::Location:
        return u"location"_s;
    case MessageType::System:
        return u"system"_s;
    }
    return u"text"_s;
}

std::optional<MessageType> messageTypeFromName(const QString &name)
{
    for (const MessageType type : kAllTypes) {
        if (name == messageTypeName(type))
            return type;
    }
    return std::nullopt;
}

QString attachmentUrl(const QString &attachmentId)
{
    return u"/api/chat/files/"_s + attachmentId;
}

QString thumbnailUrl(const QString &attachmentId)
{
    return attachmentUrl(attachmentId) + u"/thumbnail"_s;
}

QJsonObject Attachment::toJson() const
{
    return QJsonObject{{u"id"_s, id},
                       {u"name"_s, name},
                       {u"mime"_s, mime},
                       {u"size"_s, size},
                       {u"width"_s, intOrNull(width)},
                       {u"height"_s, intOrNull(height)},
                       {u"url"_s, url},
                       {u"thumbnail_url"_s, json::stringOrNull(thumbnailUrl)}};
}

void Attachment::writeJson(json::Writer &out) const
{
    // The keys in QJsonObject's (sorted) order, as toJson() serializes.
    out.beginObject();
    out.key("height"_L1).integerOrNull(height);
    out.key("id"_L1).string(id);
    out.key("mime"_L1).string(mime);
    out.key("name"_L1).string(name);
    out.key("size"_L1).integer(size);
    out.key("thumbnail_url"_L1).stringOrNull(thumbnailUrl);
    out.key("url"_L1).string(url);
    out.key("width"_L1).integerOrNull(width);
    out.endObject();
}

Result<Attachment> Attachment::fromJson(const QJsonObject &obj)
{
    Attachment a;
    for (const auto &[field, member] :
         {std::pair{u"id"_s, &a.id}, std::pair{u"name"_s, &a.name}, std::pair{u"mime"_s, &a.mime},
          std::pair{u"url"_s, &a.url}}) {
        auto value = json::requireString(obj, field);
        if (!value)
            return value.error();
        *member = *value;
    }
    auto size = json::requireInt(obj, u"size"_s, 0, json::kMaxSafeInteger);
    if (!size)
        return size.error();
    a.size = *size;
    auto width = optionalDimension(obj, u"width"_s);
    if (!width)
        return width.error();
    a.width = *width;
    auto height = optionalDimension(obj, u"height"_s);
    if (!height)
        return height.error();
    a.height = *height;
    auto thumbnail = json::optionalString(obj, u"thumbnail_url"_s);
    if (!thumbnail)
        return thumbnail.error();
    a.thumbnailUrl = thumbnail->value_or(QString());
    return a;
}

QJsonObject Message::toJson() const
{
    return QJsonObject{
        {u"id"_s, id},
        {u"room_id"_s, roomId},
        {u"seq"_s, seq},
        {u"client_id"_s, json::stringOrNull(clientId)},
        {u"sender"_s, sender ? QJsonValue(sender->toJson()) : QJsonValue(QJsonValue::Null)},
        {u"type"_s, messageTypeName(type)},
        {u"content"_s, content},
        {u"metadata"_s, metadata},
        {u"reply_to"_s, json::stringOrNull(replyTo)},
        {u"attachment"_s,
         attachment ? QJsonValue(attachment->toJson()) : QJsonValue(QJsonValue::Null)},
        {u"created_at"_s, wireTimeOrNull(createdAt)},
        {u"edited_at"_s, wireTimeOrNull(editedAt)},
        {u"deleted"_s, deleted},
    };
}

QByteArray Message::toJsonBytes() const
{
    QByteArray bytes;
    bytes.reserve(320 + content.size() * 3);
    json::Writer out(bytes);
    writeJson(out);
    return bytes;
}

void Message::writeJson(json::Writer &out) const
{
    // The keys in QJsonObject's (sorted) order, as toJson() serializes.
    out.beginObject();
    if (attachment)
        attachment->writeJson(out.key("attachment"_L1));
    else
        out.key("attachment"_L1).null();
    out.key("client_id"_L1).stringOrNull(clientId);
    out.key("content"_L1).string(content);
    out.key("created_at"_L1).time(createdAt);
    out.key("deleted"_L1).boolean(deleted);
    out.key("edited_at"_L1).time(editedAt);
    out.key("id"_L1).string(id);
    if (metadata.isEmpty())
        out.key("metadata"_L1).raw("{}");
    else
        out.key("metadata"_L1).raw(json::compact(metadata));
    out.key("reply_to"_L1).stringOrNull(replyTo);
    out.key("room_id"_L1).string(roomId);
    if (sender)
        sender->writeJson(out.key("sender"_L1));
    else
        out.key("sender"_L1).null();
    out.key("seq"_L1).integer(seq);
    out.key("type"_L1).string(messageTypeName(type));
    out.endObject();
}

Result<Message> Message::fromJson(const QJsonObject &obj)
{
    Message m;
    for (const auto &[field, member] :
         {std::pair{u"id"_s, &m.id}, std::pair{u"room_id"_s, &m.roomId},
          std::pair{u"content"_s, &m.content}}) {
        auto value = json::requireString(obj, field);
        if (!value)
            return value.error();
        *member = *value;
    }
    for (const auto &[field, member] :
         {std::pair{u"client_id"_s, &m.clientId}, std::pair{u"reply_to"_s, &m.replyTo}}) {
        auto value = json::optionalString(obj, field);
        if (!value)
            return value.error();
        *member = value->value_or(QString());
    }
    auto seq = json::requireInt(obj, u"seq"_s, 0, json::kMaxSafeInteger);
    if (!seq)
        return seq.error();
    m.seq = *seq;

    auto typeText = json::requireString(obj, u"type"_s);
    if (!typeText)
        return typeText.error();
    const auto type = messageTypeFromName(*typeText);
    if (!type)
        return Error::validation(u"type"_s,
                                 u"type must be text, image, file, location or system"_s);
    m.type = *type;

    auto sender = json::optionalObject(obj, u"sender"_s);
    if (!sender)
        return sender.error();
    if (*sender) {
        auto user = User::fromJson(**sender);
        if (!user)
            return json::nested(user.error(), u"sender"_s);
        m.sender = *user;
    }

    auto metadata = json::optionalObject(obj, u"metadata"_s);
    if (!metadata)
        return metadata.error();
    m.metadata = metadata->value_or(QJsonObject());

    auto attachment = json::optionalObject(obj, u"attachment"_s);
    if (!attachment)
        return attachment.error();
    if (*attachment) {
        auto a = Attachment::fromJson(**attachment);
        if (!a)
            return json::nested(a.error(), u"attachment"_s);
        m.attachment = *a;
    }

    auto createdAt = json::requireTime(obj, u"created_at"_s);
    if (!createdAt)
        return createdAt.error();
    m.createdAt = *createdAt;
    auto editedAt = json::optionalTime(obj, u"edited_at"_s);
    if (!editedAt)
        return editedAt.error();
    m.editedAt = *editedAt;

    auto deleted = json::optionalBool(obj, u"deleted"_s);
    if (!deleted)
        return deleted.error();
    m.deleted = deleted->value_or(false);
    return m;
}

} // namespace parley
