#include "service/ChatService.h"

#include "logging/Logging.h"
#include "protocol/Time.h"
#include "protocol/Validation.h"

#include <algorithm>

namespace parley::service {

using events::Event;

namespace {

constexpr int kMaxPage = 200;

} // namespace

Result<ChatService::Access> ChatService::messageAccess(const User &actor, const QString &messageId,
                                                       Message *message)
{
    if (!validation::isUuid(messageId))
        return Error::notFound(QStringLiteral("No such message"));
    auto found = m_storage.messages().byId(messageId);
    if (!found)
        return found.error();
    auto room = access(actor, found->roomId);
    if (!room) {
        if (room.error().code == ErrorCode::NotFound)
            return Error::notFound(QStringLiteral("No such message"));
        return room.error();
    }
    *message = *found;
    return room;
}

Result<storage::MessagePage> ChatService::history(const User &actor, const QString &roomId,
                                                  std::optional<qint64> before,
                                                  std::optional<qint64> after, int limit)
{
    if (before && after)
        return Error::badRequest(QStringLiteral("Use either 'before' or 'after', not both"));
    auto found = access(actor, roomId);
    if (!found)
        return found.error();
    return m_storage.messages().page(roomId, before, after, std::clamp(limit, 1, kMaxPage));
}

// image/file messages carry an upload of the sender's own; image needs an image.
Status ChatService::checkAttachment(const User &actor, const SendMessageRequest &request)
{
    const auto unknown = [] {
        return Error::validation(QStringLiteral("attachment_id"),
                                 QStringLiteral("attachment_id must name one of your uploads"));
    };
    if (!validation::isUuid(request.attachmentId))
        return unknown();
    auto upload = m_storage.attachments().byId(request.attachmentId);
    if (!upload)
        return upload.error().code == ErrorCode::NotFound ? unknown() : upload.error();
    if (upload->uploaderId != actor.id)
        return unknown();
    if (request.type == MessageType::Image && !upload->mime.startsWith(u"image/"))
        return Error::validation(QStringLiteral("attachment_id"),
                                 QStringLiteral("An image message needs an image upload"));
    return {};
}

Result<storage::NewMessage> ChatService::newMessage(const User &actor, const QString &roomId,
                                                    const SendMessageRequest &request)
{
    if (auto member = requireMember(actor, roomId); !member)
        return member.error();

    if (!request.replyTo.isEmpty()) {
        auto target = validation::isUuid(request.replyTo)
                          ? m_storage.messages().byId(request.replyTo)
                          : Result<Message>(Error::notFound());
        if (!target && target.error().code != ErrorCode::NotFound)
            return target.error();
        if (!target || target->roomId != roomId)
            return Error::validation(QStringLiteral("reply_to"),
                                     QStringLiteral("reply_to must name a message of this room"));
    }
    const bool withAttachment =
        request.type == MessageType::Image || request.type == MessageType::File;
    if (withAttachment) {
        if (auto usable = checkAttachment(actor, request); !usable)
            return usable.error();
    }

    storage::NewMessage message;
    message.roomId = roomId;
    message.sender = actor;
    message.clientId = request.clientId;
    message.type = request.type;
    message.content = request.content;
    message.metadata = request.metadata;
    message.replyTo = request.replyTo;
    message.attachmentId = withAttachment ? request.attachmentId : QString();
    message.nowMs = nowMs();
    return message;
}

Result<storage::AppendResult> ChatService::send(const User &actor, const QString &roomId,
                                                const SendMessageRequest &request)
{
    auto message = newMessage(actor, roomId, request);
    if (!message)
        return message.error();
    std::optional<storage::AppendResult> result;
    Status status = commit([&]() -> Status {
        auto stored = m_storage.messages().append(*message);
        if (!stored)
            return stored.error();
        result = *stored;
        if (stored->created)
            publishMessage(Event::Kind::MessageCreated, stored->message, actor.id);
        return {};
    });
    if (!status)
        return status.error();
    return *result;
}

QList<Result<storage::AppendResult>> ChatService::sendAll(const QList<SendOf> &sends)
{
    QList<std::optional<Result<storage::AppendResult>>> answers(sends.size());
    QList<storage::NewMessage> messages;
    QList<qsizetype> sendOfMessage;
    for (qsizetype i = 0; i < sends.size(); ++i) {
        const SendOf &send = sends.at(i);
        auto message = newMessage(*send.actor, *send.roomId, *send.request);
        if (!message) {
            answers[i] = message.error();
            continue;
        }
        messages.append(std::move(*message));
        sendOfMessage.append(i);
    }
    Status status = commit([&]() -> Status {
        const auto stored = m_storage.messages().appendMany(messages);
        for (qsizetype j = 0; j < stored.size(); ++j) {
            const SendOf &send = sends.at(sendOfMessage.at(j));
            answers[sendOfMessage.at(j)] = stored.at(j);
            if (stored.at(j) && stored.at(j)->created) {
                OriginScope origin(*this, send.origin);
                publishMessage(Event::Kind::MessageCreated, stored.at(j)->message, send.actor->id);
            }
        }
        return {};
    });
    QList<Result<storage::AppendResult>> results;
    results.reserve(sends.size());
    for (const auto &answer : std::as_const(answers))
        results.append(status ? *answer : Result<storage::AppendResult>(status.error()));
    return results;
}

Result<ReadState> ChatService::markRead(const User &actor, const QString &roomId,
                                        std::optional<qint64> upToSeq)
{
    auto found = memberAccess(actor, roomId);
    if (!found)
        return found.error();
    const qint64 target = upToSeq.value_or(found->room.lastSeq);
    const qint64 before = found->membership->readSeq;
    std::optional<qint64> readSeq;
    Status status = commit([&]() -> Status {
        auto moved = m_storage.rooms().advanceRead(roomId, actor.id, target);
        if (!moved)
            return moved.error();
        readSeq = *moved;
        if (*moved > before) {
            publish(Event::Kind::Receipt, roomId, actor.id,
                    {{QStringLiteral("kind"), QStringLiteral("read")},
                     {QStringLiteral("up_to_seq"), *moved},
                     {QStringLiteral("unread_count"),
                      std::max<qint64>(0, found->room.lastSeq - *moved)}});
        }
        return {};
    });
    if (!status)
        return status.error();
    auto room = m_storage.rooms().byId(roomId);
    if (!room)
        return room.error();
    return ReadState{*readSeq, std::max<qint64>(0, room->lastSeq - *readSeq)};
}

Result<ReadState> ChatService::markDelivered(const User &actor, const QString &roomId,
                                             qint64 upToSeq)
{
    auto found = memberAccess(actor, roomId);
    if (!found)
        return found.error();
    const qint64 before = found->membership->deliveredSeq;
    Status status = commit([&]() -> Status {
        auto moved = m_storage.rooms().advanceDelivered(roomId, actor.id, upToSeq);
        if (!moved)
            return moved.error();
        if (*moved > before) {
            publish(Event::Kind::Receipt, roomId, actor.id,
                    {{QStringLiteral("kind"), QStringLiteral("delivered")},
                     {QStringLiteral("up_to_seq"), *moved}});
        }
        return {};
    });
    if (!status)
        return status.error();
    auto membership = m_storage.rooms().membership(roomId, actor.id);
    if (!membership || !*membership)
        return Error::internal();
    return ReadState{(*membership)->readSeq,
                     std::max<qint64>(0, found->room.lastSeq - (*membership)->readSeq)};
}

Result<UnreadSummary> ChatService::unreadCount(const User &actor)
{
    auto entries = m_storage.rooms().unread(actor.id);
    if (!entries)
        return entries.error();
    UnreadSummary summary;
    for (const storage::UnreadEntry &entry : std::as_const(*entries)) {
        summary.rooms.insert(entry.roomId, entry.unread);
        if (!entry.muted)
            summary.total += entry.unread;
    }
    return summary;
}

Result<Message> ChatService::editMessage(const User &actor, const QString &messageId,
                                         const QString &content)
{
    Message message;
    auto found = messageAccess(actor, messageId, &message);
    if (!found)
        return found.error();
    if (!message.sender || message.sender->id != actor.id)
        return Error::forbidden(QStringLiteral("Only the sender can edit a message"));
    if (message.type != MessageType::Text)
        return Error::badRequest(QStringLiteral("Only text messages can be edited"));
    if (message.deleted)
        return Error::conflict(QStringLiteral("The message was deleted"));
    if (found->room.status == RoomStatus::Closed)
        return Error::roomClosed();
    std::optional<Message> edited;
    Status status = commit([&]() -> Status {
        // The version it replaces, for transcripts (docs/API.md, "Transcripts").
        if (auto kept = m_storage.messageHistory().record(
                messageId, storage::MessageChange::Action::Edit, actor.id, nowMs());
            !kept)
            return kept;
        auto updated = m_storage.messages().edit(messageId, content, nowMs());
        if (!updated)
            return updated.error();
        edited = *updated;
        publishMessage(Event::Kind::MessageUpdated, *updated, actor.id);
        return {};
    });
    if (!status)
        return status.error();
    return *edited;
}

Result<Message> ChatService::deleteMessage(const User &actor, const QString &messageId)
{
    Message message;
    auto found = messageAccess(actor, messageId, &message);
    if (!found)
        return found.error();
    const bool isSender = message.sender && message.sender->id == actor.id;
    if (!isSender && !isStaff(actor.role))
        return Error::forbidden(QStringLiteral("Only the sender or staff can delete a message"));
    if (message.deleted)
        return message;
    std::optional<Message> deleted;
    Status status = commit([&]() -> Status {
        if (auto kept = m_storage.messageHistory().record(
                messageId, storage::MessageChange::Action::Delete, actor.id, nowMs());
            !kept)
            return kept;
        auto updated = m_storage.messages().softDelete(messageId);
        if (!updated)
            return updated.error();
        deleted = *updated;
        publishMessage(Event::Kind::MessageDeleted, *updated, actor.id);
        return {};
    });
    if (!status)
        return status.error();
    qCInfo(lcChat) << "Message" << messageId << "deleted by" << actor.username;
    return *deleted;
}

Result<storage::ReportRecord> ChatService::report(const User &actor, const QString &messageId,
                                                  const QString &reason)
{
    Message message;
    auto found = messageAccess(actor, messageId, &message);
    if (!found)
        return found.error();
    return m_storage.reports().create(messageId, actor.id, reason, nowMs());
}

} // namespace parley::service
