#include "protocol/WsFrames.h"

#include "protocol/JsonFields.h"
#include "protocol/Validation.h"

namespace parley::ws {

using namespace Qt::StringLiterals;

namespace {

constexpr int kRefMax = 64;

Result<QString> readRoomId(const QJsonObject &obj)
{
    auto roomId = json::requireString(obj, u"room_id"_s);
    if (!roomId)
        return roomId.error();
    if (!validation::isRoomId(*roomId))
        return Error::validation(u"room_id"_s, u"room_id is not a valid room id"_s);
    return *roomId;
}

Result<ClientFrame> decodeSend(const QJsonObject &obj)
{
    SendFrame f;
    auto roomId = readRoomId(obj);
    if (!roomId)
        return roomId.error();
    f.roomId = *roomId;
    // Idempotency on the socket hinges on client_id, so here it is not optional.
    auto clientId = json::requireString(obj, u"client_id"_s);
    if (!clientId)
        return clientId.error();
    auto message = SendMessageRequest::fromJson(obj, u"message_type"_s);
    if (!message)
        return message.error();
    f.message = *message;
    return ClientFrame(f);
}

Result<ClientFrame> decodeTyping(const QJsonObject &obj)
{
    TypingFrame f;
    auto roomId = readRoomId(obj);
    if (!roomId)
        return roomId.error();
    f.roomId = *roomId;
    auto isTyping = json::requireBool(obj, u"is_typing"_s);
    if (!isTyping)
        return isTyping.error();
    f.isTyping = *isTyping;
    return ClientFrame(f);
}

Result<ClientFrame> decodeReceipt(const QJsonObject &obj, bool read)
{
    ReceiptFrame f;
    f.read = read;
    auto roomId = readRoomId(obj);
    if (!roomId)
        return roomId.error();
    f.roomId = *roomId;
    auto upTo = json::requireInt(obj, u"up_to_seq"_s, 0, json::kMaxSafeInteger);
    if (!upTo)
        return upTo.error();
    f.upToSeq = *upTo;
    return ClientFrame(f);
}

Result<ClientFrame> decodeResume(const QJsonObject &obj)
{
    ResumeFrame f;
    auto cursors = json::optionalObject(obj, u"cursors"_s);
    if (!cursors)
        return cursors.error();
    const QJsonObject map = cursors->value_or(QJsonObject());
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!validation::isRoomId(it.key()))
            return Error::validation(u"cursors"_s, u"cursors must be keyed by room id"_s);
        auto seq = json::requireInt(map, it.key(), 0, json::kMaxSafeInteger);
        if (!seq)
            return json::nested(seq.error(), u"cursors"_s);
        f.cursors.insert(it.key(), *seq);
    }
    auto full = json::optionalBool(obj, u"full"_s);
    if (!full)
        return full.error();
    f.full = full->value_or(false);
    return ClientFrame(f);
}

} // namespace

Result<DecodedFrame> decodeClientFrame(const QByteArray &text, QString *refOut)
{
    if (refOut)
        refOut->clear();
    auto parsed = json::parseObject(text);
    if (!parsed) {
        if (parsed.error().message.startsWith(u"Malformed"))
            return parsed.error();
        return Error::badRequest(u"Frame must be a JSON object"_s);
    }
    const QJsonObject &obj = *parsed;

    // The ref is read before anything else can fail, so that every error can echo it.
    DecodedFrame decoded{{}, PingFrame{}};
    const QJsonValue ref = obj.value(u"ref"_s);
    if (!ref.isUndefined() && !ref.isNull()) {
        if (!ref.isString())
            return Error::validation(u"ref"_s, u"ref must be a string"_s);
        // Any length: the frame cap (64 KiB) bounds it, and a client can always match its answer.
        decoded.ref = ref.toString();
        if (refOut)
            *refOut = decoded.ref;
    }

    const QJsonValue typeValue = obj.value(u"type"_s);
    if (!typeValue.isString())
        return Error::badRequest(u"Frame needs a string 'type'"_s);
    const QString frameType = typeValue.toString();

    Result<ClientFrame> frame = ClientFrame(PingFrame{});
    if (frameType == type::Send)
        frame = decodeSend(obj);
    else if (frameType == type::Typing)
        frame = decodeTyping(obj);
    else if (frameType == type::Read)
        frame = decodeReceipt(obj, true);
    else if (frameType == type::Delivered)
        frame = decodeReceipt(obj, false);
    else if (frameType == type::Resume)
        frame = decodeResume(obj);
    else if (frameType != type::Ping)
        return Error::badRequest(u"Unknown frame type '"_s + frameType.left(kRefMax) + u'\'');
    if (!frame)
        return frame.error();
    decoded.frame = *frame;
    return decoded;
}

QJsonObject encodeClientFrame(const ClientFrame &clientFrame, const QString &ref)
{
    if (const auto *send = std::get_if<SendFrame>(&clientFrame)) {
        QJsonObject fields = send->message.toJson();
        fields.insert(u"message_type"_s, fields.take(u"type"_s));
        fields.insert(u"room_id"_s, send->roomId);
        return frame(type::Send, fields, ref);
    }
    if (const auto *typing = std::get_if<TypingFrame>(&clientFrame)) {
        return frame(type::Typing,
                     {{u"room_id"_s, typing->roomId}, {u"is_typing"_s, typing->isTyping}}, ref);
    }
    if (const auto *receipt = std::get_if<ReceiptFrame>(&clientFrame)) {
        return frame(receipt->read ? type::Read : type::Delivered,
                     {{u"room_id"_s, receipt->roomId}, {u"up_to_seq"_s, receipt->upToSeq}}, ref);
    }
    if (const auto *resume = std::get_if<ResumeFrame>(&clientFrame)) {
        QJsonObject cursors;
        for (auto it = resume->cursors.cbegin(); it != resume->cursors.cend(); ++it)
            cursors.insert(it.key(), it.value());
        QJsonObject fields{{u"cursors"_s, cursors}};
        if (resume->full)
            fields.insert(u"full"_s, true);
        return frame(type::Resume, fields, ref);
    }
    return frame(type::Ping, {}, ref);
}

QJsonObject errorFrame(const Error &error, const QString &ref)
{
    return frame(type::Error, error.toJson(), ref);
}

QJsonObject frame(const QString &type, QJsonObject fields, const QString &ref)
{
    fields.insert(u"type"_s, type);
    if (!ref.isEmpty())
        fields.insert(u"ref"_s, ref);
    return fields;
}

} // namespace parley::ws
