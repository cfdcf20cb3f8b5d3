#include "WsTest.h"

#include "protocol/Message.h"

#include <QRegularExpression>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace parley::test {

namespace {

bool matches(const QString &text, const QString &pattern)
{
    return QRegularExpression(pattern).match(text).hasMatch();
}

} // namespace

QString wsScheme(const TestServer &server)
{
    return server.baseUrl().scheme() == u"https" ? u"wss"_s : u"ws"_s;
}

QUrl wsUrl(const TestServer &server, const QString &token)
{
    QUrl url(u"%1://127.0.0.1:%2/ws"_s.arg(wsScheme(server)).arg(server.port()));
    if (!token.isEmpty()) {
        QUrlQuery query;
        query.addQueryItem(u"token"_s, token);
        url.setQuery(query);
    }
    return url;
}

QUrl compatUrl(const TestServer &server, const QString &roomId, const QString &token)
{
    QUrl url(
        u"%1://127.0.0.1:%2/ws/chat/%3/"_s.arg(wsScheme(server)).arg(server.port()).arg(roomId));
    QUrlQuery query;
    query.addQueryItem(u"token"_s, token);
    url.setQuery(query);
    return url;
}

std::unique_ptr<WsClient> connectChat(const TestServer &server, const Session &as,
                                      const QString &name, std::source_location where)
{
    auto client = std::make_unique<WsClient>(name);
    if (!client->open(wsUrl(server, as.access))) {
        failAt(client->failure(), where);
        return client;
    }
    if (!client->waitHello())
        failAt(client->failure(), where);
    return client;
}

std::unique_ptr<WsClient> connectCompat(const TestServer &server, const Session &as,
                                        const QString &roomId, const QString &name,
                                        std::source_location where)
{
    auto client = std::make_unique<WsClient>(name);
    client->setCompat(true);
    if (!client->open(compatUrl(server, roomId, as.access))) {
        failAt(client->failure(), where);
        return client;
    }
    // A refusal (close 4404) comes at once: give it a moment to show.
    client->waitClosed(150);
    if (!client->isOpen()) {
        failAt(u"%1: the compatibility socket on %2 was closed: %3 \"%4\""_s.arg(
                   name, roomId, QString::number(client->closeCode()), client->closeReason()),
               where);
    }
    return client;
}

QJsonObject sendFrame(const QString &roomId, const QString &clientId, const QString &content,
                      const QString &ref, const QJsonObject &extra)
{
    QJsonObject frame{{u"type"_s, u"send"_s},
                      {u"room_id"_s, roomId},
                      {u"client_id"_s, clientId},
                      {u"message_type"_s, u"text"_s},
                      {u"content"_s, content}};
    if (!ref.isEmpty())
        frame.insert(u"ref"_s, ref);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        frame.insert(it.key(), it.value());
    return frame;
}

QJsonObject readFrame(const QString &kind, const QString &roomId, qint64 upToSeq,
                      const QString &ref)
{
    QJsonObject frame{{u"type"_s, kind}, {u"room_id"_s, roomId}, {u"up_to_seq"_s, upToSeq}};
    if (!ref.isEmpty())
        frame.insert(u"ref"_s, ref);
    return frame;
}

QJsonObject typingFrame(const QString &roomId, bool isTyping, const QString &ref)
{
    QJsonObject frame{{u"type"_s, u"typing"_s}, {u"room_id"_s, roomId}, {u"is_typing"_s, isTyping}};
    if (!ref.isEmpty())
        frame.insert(u"ref"_s, ref);
    return frame;
}

QJsonObject resumeFrame(const QJsonObject &cursors, bool full, const QString &ref)
{
    QJsonObject frame{{u"type"_s, u"resume"_s}, {u"cursors"_s, cursors}};
    if (full)
        frame.insert(u"full"_s, true);
    if (!ref.isEmpty())
        frame.insert(u"ref"_s, ref);
    return frame;
}

FramePredicate withRef(const QString &ref)
{
    return [ref](const QJsonObject &f) { return f.value("ref"_L1).toString() == ref; };
}

FramePredicate messageId(const QString &id)
{
    return [id](const QJsonObject &f) {
        return f.value("message"_L1).toObject().value("id"_L1).toString() == id;
    };
}

QString roomOf(const QJsonObject &frame)
{
    if (frame.value("room_id"_L1).isString())
        return frame.value("room_id"_L1).toString();
    if (frame.value("message"_L1).isObject())
        return frame.value("message"_L1).toObject().value("room_id"_L1).toString();
    if (frame.value("room"_L1).isObject())
        return frame.value("room"_L1).toObject().value("id"_L1).toString();
    return {};
}

FramePredicate aboutRoom(const QString &roomId)
{
    return [roomId](const QJsonObject &f) { return roomOf(f) == roomId; };
}

FramePredicate aboutUser(const QString &userId)
{
    return [userId](const QJsonObject &f) {
        return f.value("user"_L1).toObject().value("id"_L1).toString() == userId;
    };
}

QString checkUser(const QJsonValue &value, const Session &who, const char *what)
{
    const QJsonObject user = value.toObject();
    QStringList wrong;
    if (!value.isObject())
        return u"%1 is not a User object: %2"_s.arg(QLatin1StringView(what),
                                                    jsonText({{u"value"_s, value}}));
    if (user.value("id"_L1).toString() != who.id())
        wrong << u"id"_s;
    if (user.value("username"_L1).toString() != who.username())
        wrong << u"username"_s;
    if (user.value("display_name"_L1).toString() != who.user.displayName)
        wrong << u"display_name"_s;
    if (user.value("role"_L1).toString() != roleName(who.user.role))
        wrong << u"role"_s;
    if (wrong.isEmpty())
        return {};
    return u"%1: wrong %2 for %3: %4"_s.arg(QLatin1StringView(what), wrong.join(u", "_s),
                                            who.username(), jsonText(user));
}

QString checkMessage(const QJsonValue &value, const char *what)
{
    const QJsonObject m = value.toObject();
    QStringList wrong;
    if (!value.isObject())
        return u"%1 is not a Message object"_s.arg(QLatin1StringView(what));
    if (!matches(m.value("id"_L1).toString(), kUuidPattern))
        wrong << u"id"_s;
    if (!matches(m.value("room_id"_L1).toString(), kRoomIdPattern))
        wrong << u"room_id"_s;
    if (!m.value("seq"_L1).isDouble() || m.value("seq"_L1).toInteger() < 1)
        wrong << u"seq"_s;
    if (!m.contains("client_id"_L1) ||
        !(m.value("client_id"_L1).isString() || m.value("client_id"_L1).isNull()))
        wrong << u"client_id"_s;
    if (!m.contains("sender"_L1) ||
        !(m.value("sender"_L1).isObject() || m.value("sender"_L1).isNull()))
        wrong << u"sender"_s;
    if (!m.value("type"_L1).isString())
        wrong << u"type"_s;
    if (!m.value("content"_L1).isString())
        wrong << u"content"_s;
    if (!m.value("metadata"_L1).isObject())
        wrong << u"metadata"_s;
    if (!m.contains("reply_to"_L1))
        wrong << u"reply_to"_s;
    if (!m.contains("attachment"_L1))
        wrong << u"attachment"_s;
    if (!matches(m.value("created_at"_L1).toString(), kTimePattern))
        wrong << u"created_at"_s;
    if (!m.contains("edited_at"_L1))
        wrong << u"edited_at"_s;
    if (!m.value("deleted"_L1).isBool())
        wrong << u"deleted"_s;
    if (wrong.isEmpty()) {
        auto decoded = parley::Message::fromJson(m);
        if (!decoded)
            wrong << u"(Message::fromJson: %1 %2)"_s.arg(decoded.error().field,
                                                         decoded.error().message);
    }
    if (wrong.isEmpty())
        return {};
    return u"%1: missing or wrong %2: %3"_s.arg(QLatin1StringView(what), wrong.join(u", "_s),
                                                jsonText(m));
}

QString checkType(const QJsonObject &frame, const QString &type, const QString &ref)
{
    QStringList wrong;
    if (frame.value("type"_L1).toString() != type)
        wrong << u"type (expected \"%1\")"_s.arg(type);
    if (ref.isEmpty() && frame.contains("ref"_L1) && !frame.value("ref"_L1).isNull())
        wrong << u"ref (expected none)"_s;
    if (!ref.isEmpty() && frame.value("ref"_L1).toString() != ref)
        wrong << u"ref (expected \"%1\")"_s.arg(ref);
    if (wrong.isEmpty())
        return {};
    return u"wrong %1 in %2"_s.arg(wrong.join(u", "_s), jsonText(frame));
}

QString checkErrorFrame(const QJsonObject &frame, const QString &code, const QString &ref,
                        const QString &field)
{
    QStringList wrong;
    if (frame.value("type"_L1).toString() != u"error")
        wrong << u"type"_s;
    if (frame.value("code"_L1).toString() != code)
        wrong << u"code (expected \"%1\")"_s.arg(code);
    if (!frame.value("message"_L1).isString() || frame.value("message"_L1).toString().isEmpty())
        wrong << u"message (a non-empty string)"_s;
    if (ref.isEmpty() && frame.contains("ref"_L1) && !frame.value("ref"_L1).isNull())
        wrong << u"ref (expected none)"_s;
    if (!ref.isEmpty() && frame.value("ref"_L1).toString() != ref)
        wrong << u"ref (expected \"%1\")"_s.arg(ref);
    if (!field.isEmpty() && frame.value("field"_L1).toString() != field)
        wrong << u"field (expected \"%1\")"_s.arg(field);
    if (wrong.isEmpty())
        return {};
    return u"wrong %1 in error frame %2"_s.arg(wrong.join(u", "_s), jsonText(frame));
}

QJsonArray fullHistory(ApiClient &api, const Session &as, const QString &roomId)
{
    QJsonArray all;
    qint64 after = 0;
    for (;;) {
        const Reply reply =
            api.get(roomPath(roomId, u"messages"_s) + u"?after=%1&limit=200"_s.arg(after), as);
        if (reply.status != 200) {
            failAt(u"reading history: %1"_s.arg(reply.describe()), std::source_location::current());
            return all;
        }
        const QJsonArray page = reply.results();
        for (const QJsonValue &m : page)
            all.append(m);
        if (page.isEmpty() || !reply.obj().value("has_more"_L1).toBool())
            return all;
        after = page.last().toObject().value("seq"_L1).toInteger();
    }
}

} // namespace parley::test
