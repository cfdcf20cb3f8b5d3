#include "Helpers.h"

#include <QAtomicInt>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace parley::test {

QString uniqueName(const QString &prefix)
{
    static QAtomicInt counter;
    const QString suffix = u'_' + QString::number(counter.fetchAndAddRelaxed(1) + 1);
    return prefix.toLower().left(32 - suffix.size()) + suffix;
}

QString roomPath(const QString &roomId, const QString &tail)
{
    return u"/api/chat/rooms/"_s + roomId + u'/' + (tail.isEmpty() ? QString() : tail + u'/');
}

QString messagePath(const QString &messageId, const QString &tail)
{
    return u"/api/chat/messages/"_s + messageId + u'/' + (tail.isEmpty() ? QString() : tail + u'/');
}

QJsonObject createRoom(ApiClient &api, const Session &as, const QJsonObject &body,
                       bool allowExisting, std::source_location where)
{
    const Reply reply = api.post(u"/api/chat/rooms/"_s, body, as);
    if (reply.status != 201 && !(allowExisting && reply.status == 200)) {
        failAt(u"creating a room: expected 201: %1"_s.arg(reply.describe()), where);
        return {};
    }
    return reply.obj();
}

QString openSupportRoom(ApiClient &api, const Session &as, const QString &subject,
                        std::source_location where)
{
    return createRoom(api, as, {{u"kind"_s, u"support"_s}, {u"subject"_s, subject}}, false, where)
        .value("id"_L1)
        .toString();
}

QString openGroupRoom(ApiClient &api, const Session &as, const QList<Session> &members,
                      const QString &subject, std::source_location where)
{
    QJsonArray ids;
    for (const Session &member : members)
        ids.append(member.id());
    const QJsonObject body{{u"kind"_s, u"group"_s}, {u"subject"_s, subject}, {u"members"_s, ids}};
    return createRoom(api, as, body, false, where).value("id"_L1).toString();
}

QJsonObject sendJson(ApiClient &api, const Session &as, const QString &roomId,
                     const QJsonObject &body, std::source_location where)
{
    const Reply reply = api.post(roomPath(roomId, u"messages"_s), body, as);
    if (reply.status != 201) {
        failAt(u"sending a message: expected 201: %1"_s.arg(reply.describe()), where);
        return {};
    }
    return reply.obj();
}

parley::Message send(ApiClient &api, const Session &as, const QString &roomId, const QString &text,
                     const QString &clientId, std::source_location where)
{
    QJsonObject body{{u"type"_s, u"text"_s}, {u"content"_s, text}};
    if (!clientId.isEmpty())
        body.insert(u"client_id"_s, clientId);
    const QJsonObject json = sendJson(api, as, roomId, body, where);
    if (json.isEmpty())
        return {};
    return toMessage(json, where);
}

QJsonObject fetchRoom(ApiClient &api, const Session &as, const QString &roomId,
                      std::source_location where)
{
    const Reply reply = api.get(roomPath(roomId), as);
    if (reply.status != 200) {
        failAt(u"reading a room: expected 200: %1"_s.arg(reply.describe()), where);
        return {};
    }
    return reply.obj();
}

QJsonArray fetchHistory(ApiClient &api, const Session &as, const QString &roomId,
                        const QString &query, std::source_location where)
{
    QString path = roomPath(roomId, u"messages"_s);
    if (!query.isEmpty())
        path += u'?' + query;
    const Reply reply = api.get(path, as);
    if (reply.status != 200 || !reply.obj().value("results"_L1).isArray()) {
        failAt(u"reading history: expected 200 {results}: %1"_s.arg(reply.describe()), where);
        return {};
    }
    return reply.results();
}

Reply searchMessages(ApiClient &api, const Session &as, const QString &q, const QString &extra)
{
    return api.get(
        u"/api/chat/search/?q="_s + QString::fromLatin1(QUrl::toPercentEncoding(q)) + extra, as);
}

double metricValue(ApiClient &api, const QString &name)
{
    const Reply reply = api.get(u"/metrics"_s);
    const QRegularExpression line(u"^"_s + QRegularExpression::escape(name) + u" (\\S+)$"_s,
                                  QRegularExpression::MultilineOption);
    const auto match = line.match(QString::fromUtf8(reply.body));
    return match.hasMatch() ? match.captured(1).toDouble() : -1;
}

QStringList searchContents(ApiClient &api, const Session &as, const QString &q,
                           const QString &extra, std::source_location where)
{
    const Reply reply = searchMessages(api, as, q, extra);
    if (reply.status != 200) {
        failAt(u"searching: expected 200: %1"_s.arg(reply.describe()), where);
        return {};
    }
    QStringList contents;
    for (const QJsonValue &v : reply.results())
        contents << v.toObject().value("content"_L1).toString();
    return contents;
}

QJsonObject roomAction(ApiClient &api, const Session &as, const QString &roomId,
                       const QString &action, const QJsonObject &body, int status,
                       std::source_location where)
{
    const Reply reply = api.post(roomPath(roomId, action), body, as);
    if (reply.status != status) {
        failAt(u"%1: expected %2: %3"_s.arg(action).arg(status).arg(reply.describe()), where);
        return {};
    }
    return reply.obj();
}

parley::Room toRoom(const QJsonObject &json, std::source_location where)
{
    auto room = parley::Room::fromJson(json);
    if (!room) {
        failAt(u"parley::Room::fromJson rejects the answer (%1: %2): %3"_s.arg(
                   room.error().field, room.error().message,
                   QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact))),
               where);
        return {};
    }
    return room.value();
}

parley::Message toMessage(const QJsonObject &json, std::source_location where)
{
    auto message = parley::Message::fromJson(json);
    if (!message) {
        failAt(u"parley::Message::fromJson rejects the answer (%1: %2): %3"_s.arg(
                   message.error().field, message.error().message,
                   QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact))),
               where);
        return {};
    }
    return message.value();
}

QStringList idsOf(const QJsonArray &objects)
{
    QStringList ids;
    for (const QJsonValue &value : objects)
        ids << value.toObject().value("id"_L1).toString();
    return ids;
}

QList<qint64> seqsOf(const QJsonArray &messages)
{
    QList<qint64> seqs;
    for (const QJsonValue &value : messages)
        seqs << value.toObject().value("seq"_L1).toInteger();
    return seqs;
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> seqs;
    for (qint64 seq = first; seq <= last; ++seq)
        seqs << seq;
    return seqs;
}

QStringList memberUsernames(const QJsonObject &room)
{
    QStringList names;
    const QJsonArray members = room.value("members"_L1).toArray();
    for (const QJsonValue &member : members)
        names << member.toObject().value("user"_L1).toObject().value("username"_L1).toString();
    return names;
}

QJsonObject findById(const QJsonArray &objects, const QString &id)
{
    for (const QJsonValue &value : objects) {
        if (value.toObject().value("id"_L1).toString() == id)
            return value.toObject();
    }
    return {};
}

} // namespace parley::test
