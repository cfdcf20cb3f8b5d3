// End-to-end tests of sending, paging, editing, deleting and reporting messages (PROTOCOL.md
// "Rooms and messages", docs/API.md "Messages").
#include "ApiTest.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject text(const QString &content, const QString &clientId = {})
{
    QJsonObject body{{u"type"_s, u"text"_s}, {u"content"_s, content}};
    if (!clientId.isEmpty())
        body.insert(u"client_id"_s, clientId);
    return body;
}

QString seqText(const QList<qint64> &seqs)
{
    QStringList parts;
    for (qint64 seq : seqs)
        parts << QString::number(seq);
    return parts.join(u',');
}

} // namespace

class tst_MessagesApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void sendText();
    void sendAlias();
    void idempotentClientId();
    void concurrentSendsAreGapFree();
    void sendValidation_data();
    void sendValidation();
    void closedRoom();
    void staffMustJoinToSend();
    void historyPaging_data();
    void historyPaging();
    void historyValidation_data();
    void historyValidation();
    void sendingMovesReadWatermark();
    void edit();
    void deleteMessage();
    void report();
    void staffReadsHistoryWithoutJoining();
    void idempotencySurvivesRestart();

private:
    Session customer(const char *prefix);

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_staff;
    Session m_admin;
    Session m_alice; // member of m_room and m_otherRoom
    Session m_bob;   // member of m_room
    QString m_room;
    QString m_otherRoom;
    QString m_otherRoomMessage; // a message id of m_otherRoom
    QString m_pagingRoom;       // 210 messages
    // For idempotencySurvivesRestart.
    QString m_restartRoom;
    QString m_restartMessageId;
    Session m_restartSender;
};

void tst_MessagesApi::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_staff = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_alice = customer("alice");
    m_bob = customer("bob");
    RETURN_IF_FAILED();
    m_room = openGroupRoom(m_api, m_alice, {m_bob}, u"validation"_s);
    m_otherRoom = openGroupRoom(m_api, m_alice, {}, u"other"_s);
    m_otherRoomMessage = send(m_api, m_alice, m_otherRoom, u"elsewhere"_s).id;
    RETURN_IF_FAILED();

    // The paging fixture: 210 messages, seq 1..210, content "m<seq>".
    m_pagingRoom = openGroupRoom(m_api, m_alice, {m_bob}, u"paging"_s);
    RETURN_IF_FAILED();
    for (int batch = 0; batch < 7; ++batch) {
        // Sent one batch at a time in parallel, each batch after the previous one is stored.
        QList<Request> requests;
        for (int i = 1; i <= 30; ++i)
            requests.append({"POST",
                             roomPath(m_pagingRoom, u"messages"_s),
                             json(text(u"m"_s, u"page-%1-%2"_s.arg(batch).arg(i))),
                             m_alice.access,
                             {}});
        const QList<Reply> replies = m_api.sendAll(requests);
        for (const Reply &reply : replies)
            QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
    }
}

void tst_MessagesApi::cleanup()
{
    m_server.dumpLogIfFailed();
}

Session tst_MessagesApi::customer(const char *prefix)
{
    return m_api.registerUser(uniqueName(QString::fromLatin1(prefix)));
}

void tst_MessagesApi::sendText()
{
    const Session a = customer("send");
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_api, a);
    RETURN_IF_FAILED();

    const Reply reply = m_api.post(roomPath(room, u"messages"_s), text(u"Hello!"_s, u"c-1"_s), a);
    EXPECT_STATUS(reply, 201);
    const QJsonObject m = reply.obj();
    EXPECT_MATCH(m.value("id"_L1).toString(), kUuidPattern);
    QCOMPARE(m.value("room_id"_L1).toString(), room);
    QCOMPARE(m.value("seq"_L1).toInteger(), 1);
    QCOMPARE(m.value("client_id"_L1).toString(), u"c-1"_s);
    const QJsonObject sender = m.value("sender"_L1).toObject();
    QCOMPARE(sender.value("id"_L1).toString(), a.id());
    QCOMPARE(sender.value("username"_L1).toString(), a.username());
    QCOMPARE(sender.value("display_name"_L1).toString(), a.user.displayName);
    QCOMPARE(sender.value("role"_L1).toString(), u"customer"_s);
    QCOMPARE(m.value("type"_L1).toString(), u"text"_s);
    QCOMPARE(m.value("content"_L1).toString(), u"Hello!"_s);
    QVERIFY2(m.value("metadata"_L1).isObject() && m.value("metadata"_L1).toObject().isEmpty(),
             qPrintable(reply.describe()));
    QVERIFY2(m.contains("reply_to"_L1) && m.value("reply_to"_L1).isNull(),
             qPrintable(reply.describe()));
    QVERIFY2(m.contains("attachment"_L1) && m.value("attachment"_L1).isNull(),
             qPrintable(reply.describe()));
    EXPECT_MATCH(m.value("created_at"_L1).toString(), kTimePattern);
    QVERIFY2(m.contains("edited_at"_L1) && m.value("edited_at"_L1).isNull(),
             qPrintable(reply.describe()));
    QCOMPARE(m.value("deleted"_L1), QJsonValue(false));
    const parley::Message decoded = toMessage(m);
    RETURN_IF_FAILED();
    QCOMPARE(decoded.seq, 1);
    QVERIFY(decoded.sender.has_value());

    // seq counts up; no client_id is null.
    const Reply second = m_api.post(roomPath(room, u"messages"_s), text(u"second"_s), a);
    EXPECT_STATUS(second, 201);
    QCOMPARE(second.obj().value("seq"_L1).toInteger(), 2);
    QVERIFY2(second.obj().contains("client_id"_L1) && second.obj().value("client_id"_L1).isNull(),
             qPrintable(second.describe()));
    QVERIFY(second.obj().value("id"_L1) != m.value("id"_L1));
    const parley::Message third = send(m_api, a, room, u"third"_s);
    RETURN_IF_FAILED();
    QCOMPARE(third.seq, 3);

    // The room reflects it; history has the same messages.
    const QJsonObject roomJson = fetchRoom(m_api, a, room);
    QCOMPARE(roomJson.value("last_seq"_L1).toInteger(), 3);
    QCOMPARE(roomJson.value("last_message"_L1).toObject().value("id"_L1).toString(), third.id);
    const QJsonArray history = fetchHistory(m_api, a, room);
    QCOMPARE(seqsOf(history), (QList<qint64>{1, 2, 3}));
    QCOMPARE(history.first().toObject(), m);
    // A location message.
    const QJsonObject location =
        sendJson(m_api, a, room,
                 {{u"type"_s, u"location"_s},
                  {u"content"_s, u"Meet here"_s},
                  {u"metadata"_s, QJsonObject{{u"lat"_s, 52.52}, {u"lng"_s, -13.4}}}});
    RETURN_IF_FAILED();
    QCOMPARE(location.value("type"_L1).toString(), u"location"_s);
    QCOMPARE(location.value("metadata"_L1).toObject().value("lat"_L1).toDouble(), 52.52);
    QCOMPARE(location.value("metadata"_L1).toObject().value("lng"_L1).toDouble(), -13.4);
    // A reply.
    const QJsonObject answer =
        sendJson(m_api, a, room,
                 {{u"type"_s, u"text"_s}, {u"content"_s, u"re"_s}, {u"reply_to"_s, third.id}});
    RETURN_IF_FAILED();
    QCOMPARE(answer.value("reply_to"_L1).toString(), third.id);
}

void tst_MessagesApi::sendAlias()
{
    const Session a = customer("alias");
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_api, a);
    RETURN_IF_FAILED();
    const Reply first = m_api.post(roomPath(room, u"send-message"_s), text(u"via alias"_s), a);
    EXPECT_STATUS(first, 201);
    QCOMPARE(first.obj().value("seq"_L1).toInteger(), 1);
    QCOMPARE(first.obj().value("content"_L1).toString(), u"via alias"_s);
    const Reply second =
        m_api.post(u"/api/chat/rooms/"_s + room + u"/send-message"_s, text(u"no slash"_s), a);
    EXPECT_STATUS(second, 201);
    QCOMPARE(second.obj().value("seq"_L1).toInteger(), 2);
    const Reply third = m_api.post(u"/api/chat/rooms/"_s + room + u"/messages"_s, text(u"x"_s), a);
    EXPECT_STATUS(third, 201);
    QCOMPARE(third.obj().value("seq"_L1).toInteger(), 3);
    // The alias is idempotent with the main path.
    const Reply repeat = m_api.post(roomPath(room, u"send-message"_s), text(u"a"_s, u"k"_s), a);
    EXPECT_STATUS(repeat, 201);
    const Reply repeat2 = m_api.post(roomPath(room, u"messages"_s), text(u"b"_s, u"k"_s), a);
    EXPECT_STATUS(repeat2, 200);
    QCOMPARE(repeat2.obj().value("id"_L1), repeat.obj().value("id"_L1));
    QCOMPARE(seqsOf(fetchHistory(m_api, a, room)), (QList<qint64>{1, 2, 3, 4}));
}

void tst_MessagesApi::idempotentClientId()
{
    const Session a = customer("idem_a");
    const Session b = customer("idem_b");
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(m_api, a, {b});
    RETURN_IF_FAILED();

    const Reply first =
        m_api.post(roomPath(room, u"messages"_s), text(u"original"_s, u"key-1"_s), a);
    EXPECT_STATUS(first, 201);
    // The repeat answers 200 with the original, whatever else it says.
    const Reply repeat =
        m_api.post(roomPath(room, u"messages"_s), text(u"changed"_s, u"key-1"_s), a);
    EXPECT_STATUS(repeat, 200);
    QCOMPARE(repeat.obj().value("id"_L1), first.obj().value("id"_L1));
    QCOMPARE(repeat.obj().value("seq"_L1).toInteger(), 1);
    QCOMPARE(repeat.obj().value("content"_L1).toString(), u"original"_s);
    QCOMPARE(repeat.obj().value("client_id"_L1).toString(), u"key-1"_s);
    QCOMPARE(seqsOf(fetchHistory(m_api, a, room)), QList<qint64>{1});
    QCOMPARE(fetchRoom(m_api, a, room).value("last_seq"_L1).toInteger(), 1);
    // b has one unread message, not two.
    QCOMPARE(fetchRoom(m_api, b, room).value("unread_count"_L1).toInteger(), 1);

    // The same key from another sender is another message.
    const Reply other = m_api.post(roomPath(room, u"messages"_s), text(u"mine"_s, u"key-1"_s), b);
    EXPECT_STATUS(other, 201);
    QVERIFY(other.obj().value("id"_L1) != first.obj().value("id"_L1));
    QCOMPARE(other.obj().value("seq"_L1).toInteger(), 2);
    QCOMPARE(other.obj().value("sender"_L1).toObject().value("id"_L1).toString(), b.id());

    // A new key is a new message.
    const Reply next = m_api.post(roomPath(room, u"messages"_s), text(u"next"_s, u"key-2"_s), a);
    EXPECT_STATUS(next, 201);
    QCOMPARE(next.obj().value("seq"_L1).toInteger(), 3);

    // Concurrent repeats of one new key: one message, every answer the same message.
    QList<Request> requests;
    for (int i = 0; i < 8; ++i)
        requests.append({"POST",
                         roomPath(room, u"messages"_s),
                         json(text(u"burst"_s, u"key-3"_s)),
                         a.access,
                         {}});
    const QList<Reply> replies = m_api.sendAll(requests);
    int created = 0;
    for (const Reply &reply : replies) {
        QVERIFY2(reply.status == 201 || reply.status == 200, qPrintable(reply.describe()));
        created += reply.status == 201 ? 1 : 0;
        QCOMPARE(reply.obj().value("id"_L1), replies.first().obj().value("id"_L1));
    }
    QCOMPARE(created, 1);
    QCOMPARE(seqsOf(fetchHistory(m_api, a, room)), (QList<qint64>{1, 2, 3, 4}));

    // Kept for the restart test at the end.
    m_restartRoom = room;
    m_restartMessageId = first.obj().value("id"_L1).toString();
    m_restartSender = a;
    QVERIFY(!m_restartMessageId.isEmpty());
}

void tst_MessagesApi::concurrentSendsAreGapFree()
{
    const Session a = customer("burst_a");
    const Session b = customer("burst_b");
    const Session c = customer("burst_c");
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(m_api, a, {b, c});
    RETURN_IF_FAILED();

    constexpr int kSends = 50;
    const QList<Session> senders{a, b, c};
    QList<Request> requests;
    for (int i = 0; i < kSends; ++i) {
        const Session &who = senders[i % senders.size()];
        requests.append({"POST",
                         roomPath(room, i % 2 ? u"messages"_s : u"send-message"_s),
                         json(text(u"burst %1"_s.arg(i), u"burst-%1"_s.arg(i))),
                         who.access,
                         {}});
    }
    const QList<Reply> replies = m_api.sendAll(requests, 50);
    QHash<QString, qint64> seqOfId;
    for (const Reply &reply : replies) {
        QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
        seqOfId.insert(reply.obj().value("id"_L1).toString(),
                       reply.obj().value("seq"_L1).toInteger());
    }
    QCOMPARE(seqOfId.size(), kSends);

    // Page back 20 at a time: seq 1..50, each exactly once, matching the send answers.
    QList<qint64> seqs;
    QString before;
    for (int page = 0; page < 10; ++page) {
        const Reply reply = m_api.get(roomPath(room, u"messages"_s) + u"?limit=20"_s +
                                          (before.isEmpty() ? QString() : u"&before="_s + before),
                                      a);
        EXPECT_STATUS(reply, 200);
        const QJsonArray results = reply.results();
        QList<qint64> pageSeqs;
        for (const QJsonValue &value : results) {
            const QJsonObject m = value.toObject();
            QCOMPARE(seqOfId.value(m.value("id"_L1).toString(), -1), m.value("seq"_L1).toInteger());
            pageSeqs << m.value("seq"_L1).toInteger();
        }
        seqs = pageSeqs + seqs;
        if (!reply.obj().value("has_more"_L1).toBool() || results.isEmpty())
            break;
        before = QString::number(pageSeqs.first());
    }
    QVERIFY2(seqs == range(1, kSends), qPrintable(seqText(seqs)));
    QCOMPARE(fetchRoom(m_api, a, room).value("last_seq"_L1).toInteger(), kSends);
}

void tst_MessagesApi::sendValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    const auto invalid = [](const char *name, const QJsonObject &body, const char *field) {
        QTest::newRow(name) << json(body) << 400 << u"validation_failed"_s
                            << (field ? QString::fromLatin1(field) : QString());
    };
    const auto ok = [](const char *name, const QJsonObject &body) {
        QTest::newRow(name) << json(body) << 201 << QString() << QString();
    };
    const auto located = [](const QJsonObject &metadata) {
        return QJsonObject{
            {u"type"_s, u"location"_s}, {u"content"_s, u"here"_s}, {u"metadata"_s, metadata}};
    };
    invalid("empty content", text(u""_s), "content");
    invalid("blank content", text(u"  \n\t "_s), "content");
    invalid("4001 chars", text(QString(4001, u'x')), "content");
    ok("4000 chars", text(QString(4000, u'x')));
    invalid("missing content", {{u"type"_s, u"text"_s}}, "content");
    invalid("content is a number", {{u"type"_s, u"text"_s}, {u"content"_s, 42}}, "content");
    invalid("system type", {{u"type"_s, u"system"_s}, {u"content"_s, u"I am the server"_s}},
            "type");
    invalid("unknown type", {{u"type"_s, u"sticker"_s}, {u"content"_s, u"x"_s}}, "type");
    invalid("missing type", {{u"content"_s, u"x"_s}}, "type");
    invalid("type is a number", {{u"type"_s, 1}, {u"content"_s, u"x"_s}}, "type");
    invalid("client_id is a number",
            {{u"type"_s, u"text"_s}, {u"content"_s, u"x"_s}, {u"client_id"_s, 5}}, "client_id");
    invalid("metadata is a string",
            {{u"type"_s, u"text"_s}, {u"content"_s, u"x"_s}, {u"metadata"_s, u"{}"_s}}, "metadata");
    ok("location", located({{u"lat"_s, -90}, {u"lng"_s, 180}}));
    invalid("lat 90.5", located({{u"lat"_s, 90.5}, {u"lng"_s, 0}}), "metadata.lat");
    invalid("lat -91", located({{u"lat"_s, -91}, {u"lng"_s, 0}}), "metadata.lat");
    invalid("lng 181", located({{u"lat"_s, 0}, {u"lng"_s, 181}}), "metadata.lng");
    invalid("lng -180.5", located({{u"lat"_s, 0}, {u"lng"_s, -180.5}}), "metadata.lng");
    invalid("lat is a string", located({{u"lat"_s, u"10"_s}, {u"lng"_s, 0}}), "metadata.lat");
    invalid("lng missing", located({{u"lat"_s, 10}}), "metadata.lng");
    invalid("location without metadata", {{u"type"_s, u"location"_s}, {u"content"_s, u"here"_s}},
            nullptr);
    invalid("reply_to a message of another room",
            {{u"type"_s, u"text"_s}, {u"content"_s, u"re"_s}, {u"reply_to"_s, m_otherRoomMessage}},
            "reply_to");
    invalid("reply_to an unknown message",
            {{u"type"_s, u"text"_s},
             {u"content"_s, u"re"_s},
             {u"reply_to"_s, u"00000000-0000-4000-8000-000000000002"_s}},
            "reply_to");
    invalid("reply_to is a number",
            {{u"type"_s, u"text"_s}, {u"content"_s, u"re"_s}, {u"reply_to"_s, 3}}, "reply_to");
    invalid("image without attachment_id", {{u"type"_s, u"image"_s}, {u"content"_s, u""_s}},
            "attachment_id");
    invalid("file without attachment_id", {{u"type"_s, u"file"_s}, {u"content"_s, u""_s}},
            "attachment_id");
    invalid("image with an unknown attachment_id",
            {{u"type"_s, u"image"_s},
             {u"content"_s, u""_s},
             {u"attachment_id"_s, u"00000000-0000-4000-8000-000000000003"_s}},
            "attachment_id");
    QTest::newRow("JSON array") << QByteArray(R"([{"type":"text","content":"x"}])") << 400
                                << u"bad_request"_s << QString();
    QTest::newRow("not JSON") << QByteArray("type=text&content=x") << 400 << u"bad_request"_s
                              << QString();
    QTest::newRow("empty body") << QByteArray() << 400 << QString() << QString();
}

void tst_MessagesApi::sendValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const qint64 before = fetchRoom(m_api, m_alice, m_room).value("last_seq"_L1).toInteger(-1);
    const Reply reply =
        m_api.raw("POST", roomPath(m_room, u"messages"_s), body, {}, m_alice.access);
    const qint64 after = fetchRoom(m_api, m_alice, m_room).value("last_seq"_L1).toInteger(-1);
    if (status == 201) {
        EXPECT_STATUS(reply, 201);
        QCOMPARE(reply.obj().value("seq"_L1).toInteger(), before + 1);
        QCOMPARE(after, before + 1);
        return;
    }
    if (code.isEmpty()) {
        // An empty body: bad_request or validation_failed, but a 400 and nothing stored.
        EXPECT_STATUS(reply, 400);
        QVERIFY2(reply.errorCode() == "bad_request"_L1 ||
                     reply.errorCode() == "validation_failed"_L1,
                 qPrintable(reply.describe()));
    } else {
        EXPECT_ERROR_FIELD(reply, status, code, field);
    }
    QCOMPARE(after, before);
}

void tst_MessagesApi::closedRoom()
{
    const Session a = customer("closed");
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_api, a);
    const parley::Message m = send(m_api, a, room, u"before closing"_s);
    RETURN_IF_FAILED();
    roomAction(m_api, a, room, u"close"_s);
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.post(roomPath(room, u"messages"_s), text(u"after"_s), a), 409,
                 "room_closed");
    EXPECT_ERROR(m_api.post(roomPath(room, u"send-message"_s), text(u"after"_s), a), 409,
                 "room_closed");
    // Editing in a closed room is room_closed too.
    EXPECT_ERROR(m_api.patch(messagePath(m.id), {{u"content"_s, u"edited"_s}}, a), 409,
                 "room_closed");
    // History stays readable.
    QCOMPARE(fetchHistory(m_api, a, room).size(), 2);
}

void tst_MessagesApi::staffMustJoinToSend()
{
    const Session a = customer("staffsend");
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_api, a);
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.post(roomPath(room, u"messages"_s), text(u"hi"_s), m_staff), 403,
                 "forbidden");
    EXPECT_ERROR(m_api.post(roomPath(room, u"messages"_s), text(u"hi"_s), m_admin), 403,
                 "forbidden");
    EXPECT_ERROR(m_api.post(roomPath(room, u"messages"_s), text(u"hi"_s), m_bob), 404, "not_found");
    QCOMPARE(fetchRoom(m_api, a, room).value("last_seq"_L1).toInteger(), 0);
    roomAction(m_api, m_staff, room, u"join"_s);
    RETURN_IF_FAILED();
    const Reply reply =
        m_api.post(roomPath(room, u"messages"_s), text(u"hi, how can I help?"_s), m_staff);
    EXPECT_STATUS(reply, 201);
    QCOMPARE(reply.obj().value("seq"_L1).toInteger(), 2); // after the "joined" system message
    QCOMPARE(reply.obj().value("sender"_L1).toObject().value("role"_L1).toString(), u"staff"_s);
}

void tst_MessagesApi::historyPaging_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last"); // first > last: empty
    QTest::addColumn<bool>("hasMore");
    // m_pagingRoom holds seq 1..210.
    QTest::newRow("default: newest 50") << QString() << qint64(161) << qint64(210) << true;
    QTest::newRow("limit=10") << u"limit=10"_s << qint64(201) << qint64(210) << true;
    QTest::newRow("limit=500 is 200") << u"limit=500"_s << qint64(11) << qint64(210) << true;
    QTest::newRow("limit=200") << u"limit=200"_s << qint64(11) << qint64(210) << true;
    QTest::newRow("before=11&limit=10")
        << u"before=11&limit=10"_s << qint64(1) << qint64(10) << false;
    QTest::newRow("before=12&limit=10")
        << u"before=12&limit=10"_s << qint64(2) << qint64(11) << true;
    QTest::newRow("before=100") << u"before=100"_s << qint64(50) << qint64(99) << true;
    QTest::newRow("before=1") << u"before=1"_s << qint64(1) << qint64(0) << false;
    QTest::newRow("before=5") << u"before=5"_s << qint64(1) << qint64(4) << false;
    QTest::newRow("before=1000&limit=3")
        << u"before=1000&limit=3"_s << qint64(208) << qint64(210) << true;
    QTest::newRow("after=200&limit=10")
        << u"after=200&limit=10"_s << qint64(201) << qint64(210) << false;
    QTest::newRow("after=199&limit=10")
        << u"after=199&limit=10"_s << qint64(200) << qint64(209) << true;
    QTest::newRow("after=0&limit=5") << u"after=0&limit=5"_s << qint64(1) << qint64(5) << true;
    QTest::newRow("after=0") << u"after=0"_s << qint64(1) << qint64(50) << true;
    QTest::newRow("after=210") << u"after=210"_s << qint64(1) << qint64(0) << false;
    QTest::newRow("after=5000") << u"after=5000"_s << qint64(1) << qint64(0) << false;
}

void tst_MessagesApi::historyPaging()
{
    QFETCH(QString, query);
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QFETCH(bool, hasMore);
    const Reply reply = m_api.get(roomPath(m_pagingRoom, u"messages"_s) +
                                      (query.isEmpty() ? QString() : u'?' + query),
                                  m_bob);
    EXPECT_STATUS(reply, 200);
    const QList<qint64> seqs = seqsOf(reply.results());
    QVERIFY2(seqs == range(first, last),
             qPrintable(u"got seq %1, expected %2..%3"_s.arg(seqText(seqs)).arg(first).arg(last)));
    QVERIFY2(reply.obj().value("has_more"_L1).isBool(), qPrintable(reply.describe()));
    QCOMPARE(reply.obj().value("has_more"_L1).toBool(), hasMore);
    for (const QJsonValue &value : reply.results()) {
        const QJsonObject m = value.toObject();
        QCOMPARE(m.value("room_id"_L1).toString(), m_pagingRoom);
        QCOMPARE(m.value("type"_L1).toString(), u"text"_s);
        QCOMPARE(m.value("sender"_L1).toObject().value("id"_L1).toString(), m_alice.id());
    }
}

void tst_MessagesApi::historyValidation_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::newRow("before and after") << u"before=10&after=2"_s << u"bad_request"_s << QString();
    QTest::newRow("limit=abc") << u"limit=abc"_s << u"validation_failed"_s << u"limit"_s;
    QTest::newRow("limit=-1") << u"limit=-1"_s << u"validation_failed"_s << u"limit"_s;
    QTest::newRow("limit=1.5") << u"limit=1.5"_s << u"validation_failed"_s << u"limit"_s;
    QTest::newRow("before=x") << u"before=x"_s << u"validation_failed"_s << u"before"_s;
    QTest::newRow("before=-3") << u"before=-3"_s << u"validation_failed"_s << u"before"_s;
    QTest::newRow("after=1e3") << u"after=1e3"_s << u"validation_failed"_s << u"after"_s;
    QTest::newRow("after empty") << u"after="_s << u"validation_failed"_s << u"after"_s;
}

void tst_MessagesApi::historyValidation()
{
    QFETCH(QString, query);
    QFETCH(QString, code);
    QFETCH(QString, field);
    EXPECT_ERROR_FIELD(m_api.get(roomPath(m_pagingRoom, u"messages"_s) + u'?' + query, m_alice),
                       400, code, field);
}

void tst_MessagesApi::sendingMovesReadWatermark()
{
    const Session a = customer("mark_a");
    const Session b = customer("mark_b");
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(m_api, a, {b});
    send(m_api, a, room, u"one"_s);
    RETURN_IF_FAILED();
    QCOMPARE(fetchRoom(m_api, a, room).value("unread_count"_L1).toInteger(-1), 0);
    QCOMPARE(fetchRoom(m_api, b, room).value("unread_count"_L1).toInteger(-1), 1);

    // b answers: b's watermark moves past a's message too; a now has one unread.
    send(m_api, b, room, u"two"_s);
    RETURN_IF_FAILED();
    const QJsonObject forB = fetchRoom(m_api, b, room);
    QCOMPARE(forB.value("unread_count"_L1).toInteger(-1), 0);
    QCOMPARE(fetchRoom(m_api, a, room).value("unread_count"_L1).toInteger(-1), 1);
    for (const QJsonValue &member : forB.value("members"_L1).toArray()) {
        const QJsonObject m = member.toObject();
        const QString id = m.value("user"_L1).toObject().value("id"_L1).toString();
        QCOMPARE(m.value("read_seq"_L1).toInteger(), id == b.id() ? 2 : 1);
    }
    const Reply unread = m_api.get(u"/api/chat/unread-count/"_s, b);
    EXPECT_STATUS(unread, 200);
    QCOMPARE(unread.obj().value("total"_L1).toInteger(-1), 0);
}

void tst_MessagesApi::edit()
{
    const Session a = customer("edit_a");
    const Session b = customer("edit_b");
    const Session outsider = customer("edit_out");
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_api, a);
    RETURN_IF_FAILED();
    roomAction(m_api, m_staff, room, u"join"_s);
    const parley::Message m = send(m_api, a, room, u"typo"_s);
    RETURN_IF_FAILED();

    const Reply edited = m_api.patch(messagePath(m.id), {{u"content"_s, u"fixed"_s}}, a);
    EXPECT_STATUS(edited, 200);
    QCOMPARE(edited.obj().value("id"_L1).toString(), m.id);
    QCOMPARE(edited.obj().value("seq"_L1).toInteger(), m.seq);
    QCOMPARE(edited.obj().value("content"_L1).toString(), u"fixed"_s);
    EXPECT_MATCH(edited.obj().value("edited_at"_L1).toString(), kTimePattern);
    QCOMPARE(edited.obj().value("deleted"_L1), QJsonValue(false));
    const QJsonObject stored = findById(fetchHistory(m_api, a, room), m.id);
    QCOMPARE(stored.value("content"_L1).toString(), u"fixed"_s);
    QCOMPARE(stored.value("edited_at"_L1), edited.obj().value("edited_at"_L1));
    // Without the trailing slash too.
    EXPECT_STATUS(m_api.patch(u"/api/chat/messages/"_s + m.id, {{u"content"_s, u"fixed 2"_s}}, a),
                  200);

    // Only the sender: staff (a member here) and others get 403; strangers 404.
    EXPECT_ERROR(m_api.patch(messagePath(m.id), {{u"content"_s, u"staff"_s}}, m_staff), 403,
                 "forbidden");
    EXPECT_ERROR(m_api.patch(messagePath(m.id), {{u"content"_s, u"admin"_s}}, m_admin), 403,
                 "forbidden");
    EXPECT_ERROR(m_api.patch(messagePath(m.id), {{u"content"_s, u"outsider"_s}}, outsider), 404,
                 "not_found");
    EXPECT_ERROR(m_api.patch(messagePath(u"00000000-0000-4000-8000-000000000004"_s),
                             {{u"content"_s, u"x"_s}}, a),
                 404, "not_found");
    EXPECT_VALIDATION(m_api.patch(messagePath(m.id), {{u"content"_s, u"  "_s}}, a), "content");
    EXPECT_VALIDATION(m_api.patch(messagePath(m.id), {{u"content"_s, QString(4001, u'x')}}, a),
                      "content");
    EXPECT_VALIDATION(m_api.patch(messagePath(m.id), {}, a), "content");

    // A group member who did not send it: 403.
    const QString group = openGroupRoom(m_api, a, {b});
    const parley::Message groupMessage = send(m_api, a, group, u"mine"_s);
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.patch(messagePath(groupMessage.id), {{u"content"_s, u"theirs"_s}}, b), 403,
                 "forbidden");

    // Not text: bad_request.
    const QJsonObject location =
        sendJson(m_api, a, room,
                 {{u"type"_s, u"location"_s},
                  {u"content"_s, u"here"_s},
                  {u"metadata"_s, QJsonObject{{u"lat"_s, 1}, {u"lng"_s, 2}}}});
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.patch(messagePath(location.value("id"_L1).toString()),
                             {{u"content"_s, u"there"_s}}, a),
                 400, "bad_request");
    // A system message (the join) is not text either; it has no sender, so it is not a's.
    const QJsonArray history = fetchHistory(m_api, a, room);
    const QString systemId = history.first().toObject().value("id"_L1).toString();
    QCOMPARE(history.first().toObject().value("type"_L1).toString(), u"system"_s);
    const Reply editSystem = m_api.patch(messagePath(systemId), {{u"content"_s, u"x"_s}}, a);
    QVERIFY2(editSystem.status == 403 || editSystem.status == 400,
             qPrintable(editSystem.describe()));

    // Deleted: conflict.
    EXPECT_STATUS(m_api.del(messagePath(m.id), a), 200);
    EXPECT_ERROR(m_api.patch(messagePath(m.id), {{u"content"_s, u"resurrected"_s}}, a), 409,
                 "conflict");
}

void tst_MessagesApi::deleteMessage()
{
    const Session a = customer("del_a");
    const Session b = customer("del_b");
    const Session outsider = customer("del_out");
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(m_api, a, {b});
    const parley::Message first = send(m_api, a, room, u"regret"_s, u"del-1"_s);
    const parley::Message second = send(m_api, a, room, u"keep"_s);
    RETURN_IF_FAILED();

    EXPECT_ERROR(m_api.del(messagePath(first.id), b), 403, "forbidden");
    EXPECT_ERROR(m_api.del(messagePath(first.id), outsider), 404, "not_found");
    EXPECT_ERROR(m_api.del(messagePath(u"00000000-0000-4000-8000-000000000005"_s), a), 404,
                 "not_found");

    const Reply deleted = m_api.del(messagePath(first.id), a);
    EXPECT_STATUS(deleted, 200);
    const QJsonObject d = deleted.obj();
    QCOMPARE(d.value("id"_L1).toString(), first.id);
    QCOMPARE(d.value("seq"_L1).toInteger(), first.seq);
    QCOMPARE(d.value("deleted"_L1), QJsonValue(true));
    QCOMPARE(d.value("content"_L1).toString(), QString());
    QVERIFY2(d.contains("content"_L1) && d.value("content"_L1).isString(),
             qPrintable(deleted.describe()));
    QVERIFY2(d.value("attachment"_L1).isNull(), qPrintable(deleted.describe()));
    QCOMPARE(d.value("room_id"_L1).toString(), room);

    // History keeps its place; seq is not reused.
    const QJsonArray history = fetchHistory(m_api, b, room);
    QCOMPARE(seqsOf(history), (QList<qint64>{1, 2}));
    const QJsonObject inHistory = history.first().toObject();
    QCOMPARE(inHistory.value("deleted"_L1), QJsonValue(true));
    QCOMPARE(inHistory.value("content"_L1).toString(), QString());
    QVERIFY(!history.last().toObject().value("deleted"_L1).toBool());
    QCOMPARE(send(m_api, a, room, u"third"_s).seq, 3);

    // Deleting again: 200 with the same deleted message.
    const Reply again = m_api.del(messagePath(first.id), a);
    EXPECT_STATUS(again, 200);
    QCOMPARE(again.obj().value("id"_L1).toString(), first.id);
    QCOMPARE(again.obj().value("deleted"_L1), QJsonValue(true));
    // Its client_id still makes a repeat idempotent: the deleted original comes back.
    const Reply repeat =
        m_api.post(roomPath(room, u"messages"_s), text(u"regret"_s, u"del-1"_s), a);
    EXPECT_STATUS(repeat, 200);
    QCOMPARE(repeat.obj().value("id"_L1).toString(), first.id);

    // Staff delete anyone's message, member or not.
    const Reply byStaff = m_api.del(messagePath(second.id), m_staff);
    EXPECT_STATUS(byStaff, 200);
    QCOMPARE(byStaff.obj().value("deleted"_L1), QJsonValue(true));
    QCOMPARE(byStaff.obj().value("seq"_L1).toInteger(), second.seq);
}

void tst_MessagesApi::report()
{
    const Session a = customer("rep_a");
    const Session b = customer("rep_b");
    const Session outsider = customer("rep_out");
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(m_api, a, {b});
    const parley::Message m = send(m_api, a, room, u"something rude"_s);
    RETURN_IF_FAILED();

    const QString reason = uniqueName(u"rude language"_s);
    const Reply reply = m_api.post(messagePath(m.id, u"report"_s), {{u"reason"_s, reason}}, b);
    EXPECT_STATUS(reply, 201);
    EXPECT_MATCH(reply.obj().value("id"_L1).toString(), u"^.+$"_s);
    QCOMPARE(reply.obj().value("message_id"_L1).toString(), m.id);
    QCOMPARE(reply.obj().value("reason"_L1).toString(), reason);
    EXPECT_MATCH(reply.obj().value("created_at"_L1).toString(), kTimePattern);

    EXPECT_ERROR(m_api.post(messagePath(m.id, u"report"_s), {{u"reason"_s, u"x"_s}}, outsider), 404,
                 "not_found");
    EXPECT_VALIDATION(m_api.post(messagePath(m.id, u"report"_s), {}, b), "reason");
    EXPECT_VALIDATION(m_api.post(messagePath(m.id, u"report"_s), {{u"reason"_s, 5}}, b), "reason");
    // Staff report without being members.
    EXPECT_STATUS(
        m_api.post(messagePath(m.id, u"report"_s), {{u"reason"_s, u"staff saw it"_s}}, m_staff),
        201);

    // Admins see it, with the reporter and the message.
    const Reply reports = m_api.get(u"/api/admin/reports/"_s, m_admin);
    EXPECT_STATUS(reports, 200);
    QJsonObject found;
    for (const QJsonValue &value : reports.results()) {
        if (value.toObject().value("reason"_L1).toString() == reason)
            found = value.toObject();
    }
    QVERIFY2(!found.isEmpty(), qPrintable(reports.describe()));
    QCOMPARE(found.value("id"_L1), reply.obj().value("id"_L1));
    QCOMPARE(found.value("reporter"_L1).toObject().value("id"_L1).toString(), b.id());
    QCOMPARE(found.value("message"_L1).toObject().value("id"_L1).toString(), m.id);
    QCOMPARE(found.value("message"_L1).toObject().value("content"_L1).toString(),
             u"something rude"_s);
    EXPECT_MATCH(found.value("created_at"_L1).toString(), kTimePattern);
    // Newest first: the staff report came later.
    QCOMPARE(reports.results().first().toObject().value("reason"_L1).toString(), u"staff saw it"_s);
}

void tst_MessagesApi::staffReadsHistoryWithoutJoining()
{
    const Session a = customer("peek");
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_api, a);
    send(m_api, a, room, u"secret plans"_s);
    RETURN_IF_FAILED();
    const Reply reply = m_api.get(roomPath(room, u"messages"_s), m_staff);
    EXPECT_STATUS(reply, 200);
    QCOMPARE(reply.results().size(), 1);
    QCOMPARE(reply.results().first().toObject().value("content"_L1).toString(), u"secret plans"_s);
    EXPECT_STATUS(m_api.get(roomPath(room, u"messages"_s), m_admin), 200);
    // Reading did not join.
    QCOMPARE(memberUsernames(fetchRoom(m_api, a, room)), QStringList{a.username()});
    EXPECT_ERROR(m_api.get(roomPath(room, u"messages"_s), m_bob), 404, "not_found");
    EXPECT_ERROR(m_api.get(roomPath(u"CHAT20200101ABCDEFGH"_s, u"messages"_s), m_staff), 404,
                 "not_found");
}

void tst_MessagesApi::idempotencySurvivesRestart()
{
    QVERIFY2(!m_restartRoom.isEmpty(), "idempotentClientId did not run");
    const Session sender = m_restartSender;
    const QJsonArray before = fetchHistory(m_api, sender, m_restartRoom);
    RETURN_IF_FAILED();
    QVERIFY2(m_server.restart(), qPrintable(m_server.errorString()));
    const Reply repeat = m_api.post(roomPath(m_restartRoom, u"messages"_s),
                                    text(u"after restart"_s, u"key-1"_s), sender);
    EXPECT_STATUS(repeat, 200);
    QCOMPARE(repeat.obj().value("id"_L1).toString(), m_restartMessageId);
    QCOMPARE(repeat.obj().value("seq"_L1).toInteger(), 1);
    QCOMPARE(seqsOf(fetchHistory(m_api, sender, m_restartRoom)), seqsOf(before));
    // And seq carries on without a gap.
    QCOMPARE(send(m_api, sender, m_restartRoom, u"new"_s).seq, seqsOf(before).last() + 1);
}

QTEST_GUILESS_MAIN(tst_MessagesApi)
#include "tst_messages_api.moc"
