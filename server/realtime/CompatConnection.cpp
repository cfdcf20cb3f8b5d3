#include "realtime/CompatConnection.h"

#include "logging/Logging.h"
#include "protocol/JsonFields.h"
#include "protocol/Requests.h"
#include "protocol/Time.h"
#include "protocol/Validation.h"
#include "realtime/Hub.h"
#include "service/ChatService.h"
#include "storage/Storage.h"

#include <QJsonDocument>
#include <QTimer>

namespace parley::realtime {

CompatConnection::CompatConnection(Hub &hub, std::unique_ptr<WsTransport> transport, User user,
                                   QString roomId)
    : PeerSocket(hub.settings(), std::move(transport), std::move(user))
    , m_hub(hub)
    , m_roomId(std::move(roomId))
{}

void CompatConnection::disconnected()
{
    m_hub.compatClosed(this, m_roomId);
}

bool CompatConnection::send(const QJsonObject &frame)
{
    if (!sendFrame(WireFrame(json::compact(frame))))
        return false;
    m_hub.countFrame();
    return true;
}

void CompatConnection::sendError(const QString &message)
{
    send({{QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("message"), message}});
}

void CompatConnection::textReceived(const QByteArray &bytes)
{
    if (!admit()) {
        sendError(QStringLiteral("Too many messages, slow down"));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (!document.isObject()) {
        sendError(QStringLiteral("Frames must be JSON objects"));
        return;
    }
    const QJsonObject frame = document.object();
    const QString type = frame.value(QStringLiteral("type")).toString();
    if (type == u"chat_message") {
        // {"message": "Hi", "message_type": "text", "metadata": {}}; `content` for `message`.
        QJsonObject request{
            {QStringLiteral("type"),
             frame.value(QStringLiteral("message_type")).toString(QStringLiteral("text"))},
            {QStringLiteral("content"), frame.contains(QStringLiteral("message"))
                                            ? frame.value(QStringLiteral("message"))
                                            : frame.value(QStringLiteral("content"))}};
        if (frame.contains(QStringLiteral("metadata")))
            request.insert(QStringLiteral("metadata"), frame.value(QStringLiteral("metadata")));
        auto parsed = SendMessageRequest::fromJson(request);
        if (!parsed) {
            sendError(parsed.error().message);
            return;
        }
        auto sent = m_hub.chat().send(user(), m_roomId, *parsed);
        if (!sent)
            sendError(sent.error().message);
    } else if (type == u"typing_start" || type == u"typing_stop") {
        m_hub.compatTyping(user(), m_roomId, type == u"typing_start");
    } else if (type == u"read_receipt" || type == u"delivery_receipt") {
        receipt(frame, type == u"read_receipt");
    } else {
        sendError(QStringLiteral("Unknown message type '%1'").arg(type));
    }
}

void CompatConnection::receipt(const QJsonObject &frame, bool read)
{
    const QString messageId = frame.value(QStringLiteral("message_id")).toString();
    auto message = validation::isUuid(messageId) ? m_hub.storage().messages().byId(messageId)
                                                 : Result<Message>(Error::notFound());
    if (!message || message->roomId != m_roomId) {
        sendError(QStringLiteral("Unknown message_id"));
        return;
    }
    auto state = read ? m_hub.chat().markRead(user(), m_roomId, message->seq)
                      : m_hub.chat().markDelivered(user(), m_roomId, message->seq);
    if (!state)
        sendError(state.error().message);
}

bool CompatConnection::deliverMessage(const Message &message)
{
    const auto &sender = message.sender;
    return send(
        {{QStringLiteral("type"), QStringLiteral("chat_message")},
         {QStringLiteral("id"), message.id},
         {QStringLiteral("sender_id"), sender ? QJsonValue(sender->id) : QJsonValue()},
         {QStringLiteral("sender_name"), sender ? QJsonValue(sender->displayName) : QJsonValue()},
         {QStringLiteral("message_type"), messageTypeName(message.type)},
         {QStringLiteral("content"), message.content},
         {QStringLiteral("created_at"), wireTimeOrNull(message.createdAt)},
         {QStringLiteral("seq"), message.seq}});
}

void CompatConnection::deliverTyping(const QJsonObject &user, bool typing)
{
    if (user.value(QStringLiteral("id")).toString() == PeerSocket::user().id)
        return;
    send({{QStringLiteral("type"), QStringLiteral("typing_indicator")},
          {QStringLiteral("is_typing"), typing},
          {QStringLiteral("user_id"), user.value(QStringLiteral("id"))},
          {QStringLiteral("user_name"), user.value(QStringLiteral("display_name"))}});
}

void CompatConnection::deliverMembership(const QJsonObject &user, bool joined)
{
    send({{QStringLiteral("type"),
           joined ? QStringLiteral("user_joined") : QStringLiteral("user_left")},
          {QStringLiteral("user_id"), user.value(QStringLiteral("id"))},
          {QStringLiteral("user_name"), user.value(QStringLiteral("display_name"))}});
}

void CompatConnection::deliverReadReceipt(const QString &userId, qint64 upToSeq)
{
    auto message = m_hub.storage().messages().bySeq(m_roomId, upToSeq);
    if (!message)
        return;
    send({{QStringLiteral("type"), QStringLiteral("read_receipt")},
          {QStringLiteral("message_id"), message->id},
          {QStringLiteral("user_id"), userId}});
}

} // namespace parley::realtime
