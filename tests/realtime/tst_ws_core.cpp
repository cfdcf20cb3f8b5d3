// The /ws socket itself (PROTOCOL.md "WebSocket: GET /ws"): authentication of the upgrade, the
// `hello` frame, ping/pong, bad frames, the 64 KiB frame limit and flood control.
#include "RawWsClient.h"
#include "WsTest.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

const QByteArray kSecret = "realtime-core-test-secret-0123456789abcdef";

qint64 nowSecs()
{
    return QDateTime::currentSecsSinceEpoch();
}

QString repeated(QChar c, int n)
{
    return QString(n, c);
}

} // namespace

class tst_WsCore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void helloWithBearerHeader();
    void helloWithQueryToken();
    void forgedValidTokenIsAccepted();
    void refusedTokens_data();
    void refusedTokens();
    void pingPong();
    void malformedFrames_data();
    void malformedFrames();
    void longRefIsEchoed();
    void binaryFrame();
    void frameOver64KiBCloses1009();
    void floodIsRateLimitedThenClosed();
    void floodCloseCodeReachesAQtClient();

private:
    bool startFloodServer();

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_admin;
    Session m_alice;
    Session m_bob;
    Session m_blocked;
    QString m_room;                     // alice + bob
    QString m_foreignRoom;              // bob only: alice may not see it
    std::unique_ptr<WsClient> m_shared; // alice's socket for the malformed-frame rows
    // PARLEY_WS_RATE=5, PARLEY_WS_BURST=5, PARLEY_HEARTBEAT_S=7: started by the flood tests.
    TestServer m_floodServer;
    Session m_flooder;
    Session m_polite;
};

void tst_WsCore::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    m_server.setEnv(u"PARLEY_JWT_SECRET"_s, QString::fromLatin1(kSecret));
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s), QString::fromLatin1(kDefaultPassword),
                                 u"Alice Liddell"_s);
    m_bob = m_api.registerUser(uniqueName(u"bob"_s));
    m_blocked = m_api.registerUser(uniqueName(u"blocked"_s));
    RETURN_IF_FAILED();
    m_room = openGroupRoom(m_api, m_alice, {m_bob}, u"core"_s);
    m_foreignRoom = openGroupRoom(m_api, m_bob, {}, u"bob only"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(
        m_api.patch(u"/api/admin/users/%1/"_s.arg(m_blocked.id()), {{u"blocked"_s, true}}, m_admin),
        200);
}

void tst_WsCore::cleanup()
{
    m_server.dumpLogIfFailed();
}

void tst_WsCore::helloWithBearerHeader()
{
    WsClient client(u"alice(header)"_s);
    QVERIFY2(client.open(wsUrl(m_server), m_alice.access), qPrintable(client.failure()));
    QVERIFY2(client.waitHello(), qPrintable(client.failure()));
    const QJsonObject hello = client.hello();
    WS_CHECK(checkType(hello, u"hello"_s));
    WS_CHECK(checkUser(hello.value("user"_L1), m_alice, "hello.user"));
    QVERIFY2(hello.value("session_id"_L1).isString() &&
                 !hello.value("session_id"_L1).toString().isEmpty(),
             qPrintable(jsonText(hello)));
    QVERIFY2(hello.value("heartbeat_s"_L1).isDouble(), qPrintable(jsonText(hello)));
    QCOMPARE(hello.value("heartbeat_s"_L1).toDouble(), 30.0);
    // Nothing else before the client speaks: the hello is the only frame.
    WS_NONE(client, QString());
}

void tst_WsCore::helloWithQueryToken()
{
    const auto first = connectChat(m_server, m_alice, u"alice#1"_s);
    const auto second = connectChat(m_server, m_alice, u"alice#2"_s);
    const auto bob = connectChat(m_server, m_bob, u"bob"_s);
    RETURN_IF_FAILED();
    WS_CHECK(checkUser(first->hello().value("user"_L1), m_alice, "hello.user"));
    WS_CHECK(checkUser(bob->hello().value("user"_L1), m_bob, "hello.user"));
    QVERIFY(!first->sessionId().isEmpty());
    QVERIFY2(first->sessionId() != second->sessionId(),
             "two connections of one user share a session_id");
    QVERIFY(first->sessionId() != bob->sessionId());
}

void tst_WsCore::forgedValidTokenIsAccepted()
{
    // The control for the forged rows of refusedTokens: the same recipe with a future exp works.
    const QString token = jwt::signHs256({{u"sub"_s, m_alice.id()},
                                          {u"role"_s, u"customer"_s},
                                          {u"iat"_s, nowSecs()},
                                          {u"exp"_s, nowSecs() + 600}},
                                         kSecret);
    WsClient client(u"alice(forged)"_s);
    QVERIFY2(client.open(wsUrl(m_server, token)), qPrintable(client.failure()));
    QVERIFY2(client.waitHello(), qPrintable(client.failure()));
    WS_CHECK(checkUser(client.hello().value("user"_L1), m_alice, "hello.user"));
}

void tst_WsCore::refusedTokens_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("inHeader");
    const QJsonObject claims{{u"sub"_s, m_alice.id()},
                             {u"role"_s, u"customer"_s},
                             {u"iat"_s, nowSecs() - 7200},
                             {u"exp"_s, nowSecs() - 3600}};
    const QString expired = jwt::signHs256(claims, kSecret);
    QJsonObject fresh = claims;
    fresh.insert(u"iat"_s, nowSecs());
    fresh.insert(u"exp"_s, nowSecs() + 600);
    QJsonObject stranger = fresh;
    stranger.insert(u"sub"_s, QUuid::createUuid().toString(QUuid::WithoutBraces));

    QTest::newRow("missing") << QString() << false;
    QTest::newRow("garbage") << u"not-a-token"_s << false;
    QTest::newRow("garbage in header") << u"not-a-token"_s << true;
    QTest::newRow("expired") << expired << false;
    QTest::newRow("expired in header") << expired << true;
    QTest::newRow("bad signature")
        << jwt::signHs256(fresh, "another-secret-another-secret-another-secret") << false;
    QTest::newRow("alg none") << jwt::unsignedToken(fresh) << false;
    QTest::newRow("tampered payload")
        << jwt::withPayload(
               m_alice.access,
               {{u"sub"_s, m_bob.id()}, {u"role"_s, u"admin"_s}, {u"exp"_s, nowSecs() + 600}})
        << false;
    QTest::newRow("unknown user") << jwt::signHs256(stranger, kSecret) << false;
    QTest::newRow("refresh token") << m_alice.refresh << false;
    QTest::newRow("blocked user") << m_blocked.access << false;
    QTest::newRow("blocked user in header") << m_blocked.access << true;
}

void tst_WsCore::refusedTokens()
{
    QFETCH(QString, token);
    QFETCH(bool, inHeader);
    WsClient client(u"refused"_s);
    const bool opened =
        inHeader ? client.open(wsUrl(m_server), token) : client.open(wsUrl(m_server, token));
    if (!opened) {
        // PROTOCOL.md allows refusing the upgrade with 401 instead.
        QVERIFY2(client.errorString().contains(u"401"_s),
                 qPrintable(u"the upgrade failed, but not with 401: "_s + client.failure()));
        return;
    }
    WS_CLOSED(client, 4401, 5000);
    QVERIFY2(client.received().isEmpty(),
             qPrintable(u"frames arrived on a refused socket: "_s + client.describePending()));
}

void tst_WsCore::pingPong()
{
    const auto client = connectChat(m_server, m_alice, u"alice"_s);
    RETURN_IF_FAILED();
    client->send({{u"type"_s, u"ping"_s}, {u"ref"_s, u"p-1"_s}});
    WS_WAIT(pong, *client, u"pong"_s);
    WS_CHECK(checkType(pong, u"pong"_s, u"p-1"_s));
    client->send({{u"type"_s, u"ping"_s}});
    WS_WAIT(bare, *client, u"pong"_s);
    WS_CHECK(checkType(bare, u"pong"_s));
    // Each ping gets exactly one pong, and nothing else comes.
    WS_NONE(*client, u"pong"_s, withRef(u"p-1"_s));
    WS_NONE(*client, u"error"_s);
}

void tst_WsCore::malformedFrames_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QString>("field");

    auto frame = [](QJsonObject object) { return jsonText(object); };
    const QString room = m_room;
    const QString foreign = m_foreignRoom;
    const QString missingRoom = u"CHAT20200101ZZZZ9999"_s;

    QTest::newRow("not JSON") << u"{\"type\": \"ping\", "_s << u"bad_request"_s << QString()
                              << QString();
    QTest::newRow("JSON array") << u"[\"ping\"]"_s << u"bad_request"_s << QString() << QString();
    QTest::newRow("JSON string") << u"\"ping\""_s << u"bad_request"_s << QString() << QString();
    QTest::newRow("no type") << frame({{u"ref"_s, u"m-1"_s}}) << u"bad_request"_s << u"m-1"_s
                             << QString();
    QTest::newRow("unknown type") << frame({{u"type"_s, u"shout"_s}, {u"ref"_s, u"m-2"_s}})
                                  << u"bad_request"_s << u"m-2"_s << QString();
    QTest::newRow("type not a string") << frame({{u"type"_s, 7}, {u"ref"_s, u"m-3"_s}})
                                       << u"bad_request"_s << u"m-3"_s << QString();

    QJsonObject noRoom = sendFrame(room, u"c-x"_s, u"hi"_s, u"m-4"_s);
    noRoom.remove(u"room_id"_s);
    QTest::newRow("send without room_id")
        << frame(noRoom) << u"validation_failed"_s << u"m-4"_s << u"room_id"_s;
    QJsonObject noClientId = sendFrame(room, u"c-x"_s, u"hi"_s, u"m-5"_s);
    noClientId.remove(u"client_id"_s);
    QTest::newRow("send without client_id")
        << frame(noClientId) << u"validation_failed"_s << u"m-5"_s << u"client_id"_s;
    QTest::newRow("send blank content") << frame(sendFrame(room, u"c-blank"_s, u"   "_s, u"m-6"_s))
                                        << u"validation_failed"_s << u"m-6"_s << u"content"_s;
    QTest::newRow("send content over 4000")
        << frame(sendFrame(room, u"c-long"_s, repeated(u'x', 4001), u"m-7"_s))
        << u"validation_failed"_s << u"m-7"_s << u"content"_s;
    QTest::newRow("send system message")
        << frame(sendFrame(room, u"c-sys"_s, u"hi"_s, u"m-8"_s, {{u"message_type"_s, u"system"_s}}))
        << u"validation_failed"_s << u"m-8"_s << u"message_type"_s;
    QTest::newRow("send location without lat")
        << frame(sendFrame(
               room, u"c-loc"_s, u"here"_s, u"m-9"_s,
               {{u"message_type"_s, u"location"_s}, {u"metadata"_s, QJsonObject{{u"lng"_s, 3.5}}}}))
        << u"validation_failed"_s << u"m-9"_s << u"metadata.lat"_s;
    QJsonObject noTyping = typingFrame(room, true, u"m-10"_s);
    noTyping.remove(u"is_typing"_s);
    QTest::newRow("typing without is_typing")
        << frame(noTyping) << u"validation_failed"_s << u"m-10"_s << u"is_typing"_s;
    QJsonObject textSeq = readFrame(u"read"_s, room, 1, u"m-11"_s);
    textSeq.insert(u"up_to_seq"_s, u"three"_s);
    QTest::newRow("read with a string up_to_seq")
        << frame(textSeq) << u"validation_failed"_s << u"m-11"_s << u"up_to_seq"_s;
    QTest::newRow("delivered with a negative up_to_seq")
        << frame(readFrame(u"delivered"_s, room, -4, u"m-12"_s)) << u"validation_failed"_s
        << u"m-12"_s << u"up_to_seq"_s;
    QTest::newRow("resume with cursors not an object")
        << frame({{u"type"_s, u"resume"_s}, {u"cursors"_s, 5}, {u"ref"_s, u"m-13"_s}})
        << u"validation_failed"_s << u"m-13"_s << u"cursors"_s;

    QTest::newRow("send to a room of others")
        << frame(sendFrame(foreign, u"c-foreign"_s, u"hi"_s, u"m-14"_s)) << u"not_found"_s
        << u"m-14"_s << QString();
    QTest::newRow("send to a missing room")
        << frame(sendFrame(missingRoom, u"c-missing"_s, u"hi"_s, u"m-15"_s)) << u"not_found"_s
        << u"m-15"_s << QString();
    QTest::newRow("typing in a room of others")
        << frame(typingFrame(foreign, true, u"m-16"_s)) << u"not_found"_s << u"m-16"_s << QString();
    QTest::newRow("read in a room of others") << frame(readFrame(u"read"_s, foreign, 1, u"m-17"_s))
                                              << u"not_found"_s << u"m-17"_s << QString();
    QTest::newRow("delivered in a room of others")
        << frame(readFrame(u"delivered"_s, foreign, 1, u"m-18"_s)) << u"not_found"_s << u"m-18"_s
        << QString();
}

void tst_WsCore::malformedFrames()
{
    QFETCH(QString, text);
    QFETCH(QString, code);
    QFETCH(QString, ref);
    QFETCH(QString, field);
    if (!m_shared || !m_shared->isOpen()) {
        m_shared = connectChat(m_server, m_alice, u"alice(malformed)"_s);
        RETURN_IF_FAILED();
    }
    WsClient &client = *m_shared;
    client.clearPending();
    client.sendText(text);
    WS_WAIT(error, client, u"error"_s);
    WS_CHECK(checkErrorFrame(error, code, ref, field));
    // Only one answer, and the socket stays open.
    WS_NONE(client, u"error"_s);
    WS_NONE(client, u"ack"_s);
    QVERIFY2(client.isOpen(), qPrintable(client.describePending()));
}

void tst_WsCore::longRefIsEchoed()
{
    // PROTOCOL.md: a client may put `ref` (string) on any frame and the answer carries it. It
    // sets no length limit; a 100-character ref (two UUIDs, say) must come back, whether the
    // answer is a pong or an error.
    const auto client = connectChat(m_server, m_alice, u"alice(long ref)"_s);
    RETURN_IF_FAILED();
    const QString ref = repeated(u'r', 100);
    client->send({{u"type"_s, u"ping"_s}, {u"ref"_s, ref}});
    WS_WAIT(answer, *client, QString());
    QVERIFY2(answer.value("ref"_L1).toString() == ref,
             qPrintable(u"the answer to a frame with a 100-character ref does not carry it: "_s +
                        jsonText(answer)));
}

void tst_WsCore::binaryFrame()
{
    const auto client = connectChat(m_server, m_alice, u"alice(binary)"_s);
    RETURN_IF_FAILED();
    client->sendBinary(QByteArray("{\"type\":\"ping\"}"));
    WS_WAIT(error, *client, u"error"_s);
    WS_CHECK(checkErrorFrame(error, u"bad_request"_s, QString()));
    WS_NONE(*client, u"pong"_s);
    QVERIFY(client->isOpen());
}

void tst_WsCore::frameOver64KiBCloses1009()
{
    const auto client = connectChat(m_server, m_alice, u"alice(big)"_s);
    RETURN_IF_FAILED();
    // Just under the limit is an ordinary frame (extra fields are allowed).
    client->send(
        {{u"type"_s, u"ping"_s}, {u"ref"_s, u"near"_s}, {u"pad"_s, repeated(u'a', 60000)}});
    WS_WAIT(pong, *client, u"pong"_s);
    WS_CHECK(checkType(pong, u"pong"_s, u"near"_s));

    client->send({{u"type"_s, u"ping"_s},
                  {u"ref"_s, u"over"_s},
                  {u"pad"_s, repeated(u'b', 64 * 1024 + 100)}});
    WS_CLOSED(*client, 1009, 5000);
    QVERIFY2(client->take(u"pong"_s, withRef(u"over"_s)).isEmpty(),
             "the oversized frame was answered");

    // Other sockets are unaffected.
    const auto other = connectChat(m_server, m_alice, u"alice(after)"_s);
    RETURN_IF_FAILED();
    QVERIFY(other->barrier());
}

bool tst_WsCore::startFloodServer()
{
    if (m_floodServer.isRunning())
        return true;
    m_floodServer.setEnv(u"PARLEY_WS_RATE"_s, u"5"_s);
    m_floodServer.setEnv(u"PARLEY_WS_BURST"_s, u"5"_s);
    m_floodServer.setEnv(u"PARLEY_HEARTBEAT_S"_s, u"7"_s);
    if (!m_floodServer.start()) {
        QTest::qFail(qPrintable(m_floodServer.errorString()), __FILE__, __LINE__);
        return false;
    }
    ApiClient api(&m_floodServer);
    m_flooder = api.registerUser(uniqueName(u"flooder"_s));
    m_polite = api.registerUser(uniqueName(u"polite"_s));
    return !QTest::currentTestFailed();
}

void tst_WsCore::floodIsRateLimitedThenClosed()
{
    const auto dumpLog = qScopeGuard([this] { m_floodServer.dumpLogIfFailed(); });
    QVERIFY(startFloodServer());
    const auto client = connectChat(m_floodServer, m_flooder, u"flooder"_s);
    const auto bystander = connectChat(m_floodServer, m_polite, u"polite"_s);
    RETURN_IF_FAILED();
    QCOMPARE(client->hello().value("heartbeat_s"_L1).toDouble(), 7.0);

    // A short burst over the bucket: the excess gets rate_limited (with its ref), the socket
    // stays open, and once the bucket refills frames work again.
    for (int i = 1; i <= 10; ++i)
        client->send({{u"type"_s, u"ping"_s}, {u"ref"_s, u"b-%1"_s.arg(i)}});
    const auto answered = [&client] {
        return client->pending().size() >= 10 || client->wasClosed();
    };
    QTRY_VERIFY_WITH_TIMEOUT(answered(), 3000);
    const QList<QJsonObject> limited = client->take(u"error"_s);
    const QList<QJsonObject> pongs = client->take(u"pong"_s);
    QVERIFY2(!limited.isEmpty(), qPrintable(u"10 frames at once with a bucket of 5 were all "
                                            "answered:\n"_s +
                                            client->describePending()));
    QVERIFY2(pongs.size() >= 5 && pongs.size() <= 6,
             qPrintable(u"%1 of 10 pings answered with a bucket of 5"_s.arg(pongs.size())));
    QStringList refs;
    for (const QJsonObject &error : limited) {
        WS_CHECK(checkErrorFrame(error, u"rate_limited"_s, error.value("ref"_L1).toString()));
        refs << error.value("ref"_L1).toString();
    }
    for (const QJsonObject &pong : pongs)
        refs << pong.value("ref"_L1).toString();
    refs.sort();
    QStringList expected;
    for (int i = 1; i <= 10; ++i)
        expected << u"b-%1"_s.arg(i);
    expected.sort();
    QCOMPARE(refs, expected); // each frame answered once, errors carrying the frame's ref
    QVERIFY2(client->isOpen(), qPrintable(client->describePending()));
    QTest::qWait(1200); // the bucket refills
    client->send({{u"type"_s, u"ping"_s}, {u"ref"_s, u"after-burst"_s}});
    WS_WAIT(recovered, *client, u"pong"_s, withRef(u"after-burst"_s));
    WS_NONE(*client, u"error"_s);

    // A client that keeps flooding: rate_limited errors, then a close frame with 1008 long
    // before all its frames are answered. (A raw client reads every byte the server sent.)
    RawWsClient raw;
    QVERIFY2(raw.open(m_floodServer.port(), u"/ws?token="_s + m_flooder.access),
             qPrintable(raw.statusLine()));
    int sent = 0;
    const QDeadlineTimer floodDeadline(5000);
    while (!raw.closeFrameReceived() && !raw.tcpClosed() && !floodDeadline.hasExpired()) {
        for (int i = 0; i < 20; ++i)
            raw.sendJson({{u"type"_s, u"ping"_s}, {u"ref"_s, u"f-%1"_s.arg(++sent)}});
        raw.poll(5);
    }
    raw.waitClosed(3000);
    QVERIFY2(raw.closeFrameReceived() && raw.closeCode() == 1008, qPrintable(raw.describe()));
    int errors = 0;
    int answers = 0;
    for (const QJsonObject &frame : raw.textFrames()) {
        const QString type = frame.value("type"_L1).toString();
        if (type == u"hello")
            continue;
        ++answers;
        if (type == u"error") {
            ++errors;
            WS_CHECK(checkErrorFrame(frame, u"rate_limited"_s, frame.value("ref"_L1).toString()));
            QVERIFY2(frame.value("ref"_L1).toString().startsWith(u"f-"_s),
                     qPrintable(jsonText(frame)));
        } else {
            WS_CHECK(checkType(frame, u"pong"_s, frame.value("ref"_L1).toString()));
        }
    }
    QVERIFY2(errors > 0, "closed for flooding without any rate_limited error first");
    QVERIFY2(answers < sent, qPrintable(u"all %1 flood frames were answered"_s.arg(sent)));
    QVERIFY2(
        errors <= 60,
        qPrintable(u"%1 rate_limited errors before the close (strikes > 50 close)"_s.arg(errors)));

    // The polite neighbour is unaffected.
    QVERIFY2(bystander->isOpen() && bystander->barrier(), qPrintable(bystander->describePending()));
}

void tst_WsCore::floodCloseCodeReachesAQtClient()
{
    // The same flood from QWebSocket (what the desktop client uses): it must learn why it was
    // closed, i.e. see the 1008 close frame, although it was still sending when it came.
    const auto dumpLog = qScopeGuard([this] { m_floodServer.dumpLogIfFailed(); });
    QVERIFY(startFloodServer());
    const auto client = connectChat(m_floodServer, m_flooder, u"flooder(qt)"_s);
    RETURN_IF_FAILED();
    int sent = 0;
    const QDeadlineTimer floodDeadline(5000);
    while (client->isOpen() && !floodDeadline.hasExpired()) {
        for (int i = 0; i < 20; ++i)
            client->send({{u"type"_s, u"ping"_s}, {u"ref"_s, u"q-%1"_s.arg(++sent)}});
        QTest::qWait(5);
    }
    QVERIFY2(!client->take(u"error"_s).isEmpty(), qPrintable(client->describePending()));
    // The server writes the close frame on the TCP connection under the upgraded socket and
    // keeps reading until the client answers: no reset swallows the frame.
    QVERIFY(client->waitClosed(5000));
    QCOMPARE(client->closeCode(), 1008);
}

QTEST_GUILESS_MAIN(tst_WsCore)
#include "tst_ws_core.moc"
