// The compatibility endpoint `/ws/chat/{room_id}/?token=` (PROTOCOL.md "Compatibility endpoint"):
// Django Channels event names, one room per socket, every socket on the room (the sender's too)
// gets each chat_message, and its messages are ordinary messages for /ws and REST.
#include "WsTest.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

QJsonObject chatMessage(const QString &text, const QString &key = u"message"_s)
{
    return {{u"type"_s, u"chat_message"_s},
            {key, text},
            {u"message_type"_s, u"text"_s},
            {u"metadata"_s, QJsonObject()}};
}

FramePredicate contentIs(const QString &content)
{
    return [content](const QJsonObject &f) { return f.value("content"_L1).toString() == content; };
}

FramePredicate idIs(const QString &id)
{
    return [id](const QJsonObject &f) { return f.value("id"_L1).toString() == id; };
}

// A compat chat_message frame carrying `message` (the Message JSON of REST or /ws).
QString checkChatMessage(const QJsonObject &frame, const QJsonObject &message)
{
    QStringList wrong;
    const QJsonObject sender = message.value("sender"_L1).toObject();
    if (frame.value("type"_L1).toString() != u"chat_message")
        wrong << u"type"_s;
    if (frame.value("id"_L1) != message.value("id"_L1))
        wrong << u"id"_s;
    if (frame.value("sender_id"_L1) != sender.value("id"_L1))
        wrong << u"sender_id"_s;
    if (frame.value("sender_name"_L1) != sender.value("display_name"_L1))
        wrong << u"sender_name"_s;
    if (frame.value("message_type"_L1) != message.value("type"_L1))
        wrong << u"message_type"_s;
    if (frame.value("content"_L1) != message.value("content"_L1))
        wrong << u"content"_s;
    if (frame.value("created_at"_L1) != message.value("created_at"_L1))
        wrong << u"created_at"_s;
    if (!frame.value("seq"_L1).isDouble() || frame.value("seq"_L1) != message.value("seq"_L1))
        wrong << u"seq"_s;
    if (wrong.isEmpty())
        return {};
    return u"chat_message: wrong %1\n  frame:   %2\n  message: %3"_s.arg(
        wrong.join(u", "_s), jsonText(frame), jsonText(message));
}

QString checkCompatError(const QJsonObject &frame)
{
    if (frame.value("type"_L1).toString() == u"error" && frame.value("message"_L1).isString() &&
        !frame.value("message"_L1).toString().isEmpty())
        return {};
    return u"expected {\"type\":\"error\",\"message\":\"...\"}, got "_s + jsonText(frame);
}

} // namespace

class tst_WsCompat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void refusedSockets_data();
    void refusedSockets();
    void acceptedVariants();
    void chatMessageReachesEverySocket();
    void restAndWsReachCompat();
    void typingIndicators();
    void readAndDeliveryReceipts();
    void joinsAndLeaves();
    void badFramesGetErrors();
    void sendsThatMayNotHappen();
    void leaverStopsReceiving();
    void blockingClosesCompatSockets();

private:
    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_admin;
    Session m_sam; // staff, not a member
    Session m_alice;
    Session m_bob;
    Session m_carol; // outside m_room
    Session m_blocked;
    QString m_room; // alice + bob
    std::unique_ptr<WsClient> m_ca, m_ca2, m_cb, m_a1, m_b1, m_c1;
};

void tst_WsCompat::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_sam = m_server.createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s), QString::fromLatin1(kDefaultPassword),
                                 u"Alice Compat"_s);
    m_bob = m_api.registerUser(uniqueName(u"bob"_s), QString::fromLatin1(kDefaultPassword),
                               u"Bob Compat"_s);
    m_carol = m_api.registerUser(uniqueName(u"carol"_s));
    m_blocked = m_api.registerUser(uniqueName(u"blocked"_s));
    RETURN_IF_FAILED();
    m_room = openGroupRoom(m_api, m_alice, {m_bob, m_blocked}, u"compat"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(
        m_api.patch(u"/api/admin/users/%1/"_s.arg(m_blocked.id()), {{u"blocked"_s, true}}, m_admin),
        200);
}

void tst_WsCompat::init()
{
    if (QByteArray(QTest::currentTestFunction()) == "refusedSockets")
        return;
    m_ca = connectCompat(m_server, m_alice, m_room, u"alice(compat)"_s);
    m_ca2 = connectCompat(m_server, m_alice, m_room, u"alice(compat#2)"_s);
    m_cb = connectCompat(m_server, m_bob, m_room, u"bob(compat)"_s);
    m_a1 = connectChat(m_server, m_alice, u"alice(/ws)"_s);
    m_b1 = connectChat(m_server, m_bob, u"bob(/ws)"_s);
    m_c1 = connectChat(m_server, m_carol, u"carol(/ws)"_s);
}

void tst_WsCompat::cleanup()
{
    m_server.dumpLogIfFailed();
    m_ca.reset();
    m_ca2.reset();
    m_cb.reset();
    m_a1.reset();
    m_b1.reset();
    m_c1.reset();
}

void tst_WsCompat::refusedSockets_data()
{
    QTest::addColumn<QString>("room");
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("code");
    QTest::newRow("not a member") << m_room << m_carol.access << 4404;
    QTest::newRow("no such room") << u"CHAT20200101ZZZZ0000"_s << m_alice.access << 4404;
    QTest::newRow("not a room id") << u"lobby"_s << m_alice.access << 4404;
    QTest::newRow("bad token") << m_room << u"not-a-token"_s << 4401;
    QTest::newRow("no token") << m_room << QString() << 4401;
    QTest::newRow("blocked member") << m_room << m_blocked.access << 4401;
}

void tst_WsCompat::refusedSockets()
{
    QFETCH(QString, room);
    QFETCH(QString, token);
    QFETCH(int, code);
    WsClient client(u"refused(compat)"_s);
    client.setCompat(true);
    if (!client.open(compatUrl(m_server, room, token))) {
        QVERIFY2(code == 4401 && client.errorString().contains(u"401"_s),
                 qPrintable(u"the upgrade failed: "_s + client.failure()));
        return;
    }
    WS_CLOSED(client, code, 5000);
    QVERIFY2(client.received().isEmpty(), qPrintable(client.describePending()));
}

void tst_WsCompat::acceptedVariants()
{
    // Staff may see every room: their compat socket is accepted.
    RETURN_IF_FAILED();
    const auto staff = connectCompat(m_server, m_sam, m_room, u"sam(compat)"_s);
    RETURN_IF_FAILED();
    // Without the trailing slash, and with the token in a bearer header.
    WsClient noSlash(u"alice(no slash)"_s);
    noSlash.setCompat(true);
    QUrl url = compatUrl(m_server, m_room, m_alice.access);
    url.setPath(url.path().chopped(1));
    QVERIFY2(noSlash.open(url), qPrintable(noSlash.failure()));
    WsClient header(u"alice(header)"_s);
    header.setCompat(true);
    QUrl bare = compatUrl(m_server, m_room, m_alice.access);
    bare.setQuery(QString());
    QVERIFY2(header.open(bare, m_alice.access), qPrintable(header.failure()));
    QVERIFY(noSlash.barrier() && header.barrier());
    QVERIFY2(noSlash.isOpen() && header.isOpen(),
             qPrintable(noSlash.describePending() + u'\n' + header.describePending()));

    m_ca->send(chatMessage(u"to all variants"_s));
    for (WsClient *client : {staff.get(), &noSlash, &header}) {
        WS_WAIT(frame, *client, u"chat_message"_s, contentIs(u"to all variants"_s));
    }
}

void tst_WsCompat::chatMessageReachesEverySocket()
{
    RETURN_IF_FAILED();
    m_ca->send(chatMessage(u"Hi"_s));
    // Every socket on the room, the sender's included, gets it once.
    WS_WAIT(own, *m_ca, u"chat_message"_s, contentIs(u"Hi"_s));
    const QString id = own.value("id"_L1).toString();
    EXPECT_MATCH(id, kUuidPattern);
    EXPECT_MATCH(own.value("created_at"_L1).toString(), kTimePattern);
    QCOMPARE(own.value("sender_id"_L1).toString(), m_alice.id());
    QCOMPARE(own.value("sender_name"_L1).toString(), u"Alice Compat"_s);
    QCOMPARE(own.value("message_type"_L1).toString(), u"text"_s);

    // It is an ordinary message: REST history and /ws sockets see the same one.
    const QJsonObject stored = findById(fullHistory(m_api, m_bob, m_room), id);
    RETURN_IF_FAILED();
    QVERIFY2(!stored.isEmpty(), "the compat message is not in the REST history");
    WS_CHECK(checkChatMessage(own, stored));
    QCOMPARE(stored.value("content"_L1).toString(), u"Hi"_s);
    QCOMPARE(stored.value("type"_L1).toString(), u"text"_s);
    WS_CHECK(checkUser(stored.value("sender"_L1), m_alice, "message.sender"));
    for (WsClient *client : {m_ca2.get(), m_cb.get()}) {
        WS_WAIT(frame, *client, u"chat_message"_s, idIs(id));
        WS_CHECK(checkChatMessage(frame, stored));
    }
    for (WsClient *client : {m_a1.get(), m_b1.get()}) {
        WS_WAIT(frame, *client, u"message"_s, messageId(id));
        QCOMPARE(frame.value("message"_L1).toObject(), stored);
    }
    for (WsClient *client : {m_ca.get(), m_ca2.get(), m_cb.get()})
        WS_NONE(*client, u"chat_message"_s, idIs(id));
    WS_NONE(*m_a1, u"message"_s, messageId(id));
    WS_NONE(*m_c1, u"message"_s);
    WS_NONE(*m_a1, u"ack"_s);

    // `content` is accepted for `message`; a location keeps its metadata.
    m_cb->send(chatMessage(u"Hello back"_s, u"content"_s));
    WS_WAIT(viaContent, *m_ca, u"chat_message"_s, contentIs(u"Hello back"_s));
    QCOMPARE(viaContent.value("sender_id"_L1).toString(), m_bob.id());
    WS_WAIT(viaContentOwn, *m_cb, u"chat_message"_s, contentIs(u"Hello back"_s));
    m_cb->send({{u"type"_s, u"chat_message"_s},
                {u"message"_s, u"meet here"_s},
                {u"message_type"_s, u"location"_s},
                {u"metadata"_s, QJsonObject{{u"lat"_s, 51.5}, {u"lng"_s, -0.12}}}});
    WS_WAIT(location, *m_ca, u"chat_message"_s, contentIs(u"meet here"_s));
    QCOMPARE(location.value("message_type"_L1).toString(), u"location"_s);
    const QJsonObject storedLocation =
        findById(fullHistory(m_api, m_alice, m_room), location.value("id"_L1).toString());
    QCOMPARE(storedLocation.value("metadata"_L1).toObject().value("lat"_L1).toDouble(), 51.5);
    QCOMPARE(storedLocation.value("type"_L1).toString(), u"location"_s);
}

void tst_WsCompat::restAndWsReachCompat()
{
    RETURN_IF_FAILED();
    const QJsonObject viaRest =
        sendJson(m_api, m_bob, m_room, {{u"type"_s, u"text"_s}, {u"content"_s, u"from REST"_s}});
    RETURN_IF_FAILED();
    for (WsClient *client : {m_ca.get(), m_ca2.get(), m_cb.get()}) {
        WS_WAIT(frame, *client, u"chat_message"_s, idIs(viaRest.value("id"_L1).toString()));
        WS_CHECK(checkChatMessage(frame, viaRest));
        WS_NONE(*client, u"chat_message"_s, idIs(viaRest.value("id"_L1).toString()));
    }

    m_b1->send(sendFrame(m_room, u"compat-ws-1"_s, u"from /ws"_s, u"w-1"_s));
    WS_WAIT(ack, *m_b1, u"ack"_s, withRef(u"w-1"_s));
    const QJsonObject viaWs = ack.value("message"_L1).toObject();
    for (WsClient *client : {m_ca.get(), m_ca2.get(), m_cb.get()}) {
        WS_WAIT(frame, *client, u"chat_message"_s, idIs(viaWs.value("id"_L1).toString()));
        WS_CHECK(checkChatMessage(frame, viaWs));
    }
}

void tst_WsCompat::typingIndicators()
{
    RETURN_IF_FAILED();
    const auto typingIs = [](bool value) {
        return
            [value](const QJsonObject &f) { return f.value("is_typing"_L1) == QJsonValue(value); };
    };
    m_ca->send({{u"type"_s, u"typing_start"_s}});
    WS_WAIT(start, *m_cb, u"typing_indicator"_s, typingIs(true));
    QCOMPARE(start.value("user_id"_L1).toString(), m_alice.id());
    QCOMPARE(start.value("user_name"_L1).toString(), u"Alice Compat"_s);
    // /ws members hear it as `typing`.
    WS_WAIT(wsStart, *m_b1, u"typing"_s, typingIs(true));
    QCOMPARE(wsStart.value("room_id"_L1).toString(), m_room);
    WS_CHECK(checkUser(wsStart.value("user"_L1), m_alice, "typing.user"));
    m_ca->send({{u"type"_s, u"typing_stop"_s}});
    WS_WAIT(stop, *m_cb, u"typing_indicator"_s, typingIs(false));
    QCOMPARE(stop.value("user_id"_L1).toString(), m_alice.id());
    WS_WAIT(wsStop, *m_b1, u"typing"_s, typingIs(false));
    // Not to the typist's own sockets.
    for (WsClient *client : {m_ca.get(), m_ca2.get()})
        WS_NONE(*client, u"typing_indicator"_s);
    WS_NONE(*m_a1, u"typing"_s);

    // And /ws typing reaches compat sockets.
    m_b1->send(typingFrame(m_room, true));
    WS_WAIT(fromWs, *m_ca, u"typing_indicator"_s, typingIs(true));
    QCOMPARE(fromWs.value("user_id"_L1).toString(), m_bob.id());
    QCOMPARE(fromWs.value("user_name"_L1).toString(), u"Bob Compat"_s);
    m_b1->send(typingFrame(m_room, false));
    WS_WAIT(fromWsStop, *m_ca, u"typing_indicator"_s, typingIs(false));
    WS_NONE(*m_cb, u"typing_indicator"_s);
}

void tst_WsCompat::readAndDeliveryReceipts()
{
    RETURN_IF_FAILED();
    const parley::Message first = send(m_api, m_bob, m_room, u"read me"_s);
    RETURN_IF_FAILED();
    for (WsClient *client : {m_ca.get(), m_ca2.get(), m_cb.get()}) {
        WS_WAIT(arrived, *client, u"chat_message"_s, idIs(first.id));
    }
    m_ca->send({{u"type"_s, u"read_receipt"_s}, {u"message_id"_s, first.id}});
    // The compat sockets on the room get read_receipt {message_id, user_id}.
    for (WsClient *client : {m_cb.get(), m_ca2.get()}) {
        WS_WAIT(receipt, *client, u"read_receipt"_s, [&](const QJsonObject &f) {
            return f.value("user_id"_L1).toString() == m_alice.id();
        });
        QCOMPARE(receipt.value("message_id"_L1).toString(), first.id);
    }
    // /ws: bob gets the receipt, alice's /ws connection the new room_state.
    WS_WAIT(wsReceipt, *m_b1, u"receipt"_s, [&](const QJsonObject &f) {
        return f.value("user_id"_L1).toString() == m_alice.id() &&
               f.value("kind"_L1).toString() == u"read";
    });
    QCOMPARE(wsReceipt.value("up_to_seq"_L1).toInteger(), first.seq);
    QCOMPARE(wsReceipt.value("room_id"_L1).toString(), m_room);
    WS_WAIT(state, *m_a1, u"room_state"_s, aboutRoom(m_room));
    QCOMPARE(state.value("read_seq"_L1).toInteger(), first.seq);
    QCOMPARE(state.value("unread_count"_L1).toInteger(), 0);

    // delivery_receipt moves the delivered watermark.
    const parley::Message second = send(m_api, m_bob, m_room, u"deliver me"_s);
    RETURN_IF_FAILED();
    WS_WAIT(arrived2, *m_ca, u"chat_message"_s, idIs(second.id));
    m_ca->send({{u"type"_s, u"delivery_receipt"_s}, {u"message_id"_s, second.id}});
    WS_WAIT(delivered, *m_b1, u"receipt"_s, [&](const QJsonObject &f) {
        return f.value("user_id"_L1).toString() == m_alice.id() &&
               f.value("kind"_L1).toString() == u"delivered";
    });
    QCOMPARE(delivered.value("up_to_seq"_L1).toInteger(), second.seq);

    // A read over /ws reaches the compat sockets as read_receipt naming the message read up to.
    m_a1->send(readFrame(u"read"_s, m_room, second.seq));
    WS_WAIT(fromWs, *m_cb, u"read_receipt"_s,
            [&](const QJsonObject &f) { return f.value("message_id"_L1).toString() == second.id; });
    QCOMPARE(fromWs.value("user_id"_L1).toString(), m_alice.id());

    // An unknown message id is an error; the socket stays open.
    m_ca->send({{u"type"_s, u"read_receipt"_s},
                {u"message_id"_s, u"00000000-0000-4000-8000-000000000000"_s}});
    WS_WAIT(error, *m_ca, u"error"_s);
    WS_CHECK(checkCompatError(error));
    QVERIFY(m_ca->barrier() && m_ca->isOpen());
}

void tst_WsCompat::joinsAndLeaves()
{
    RETURN_IF_FAILED();
    roomAction(m_api, m_sam, m_room, u"join"_s);
    RETURN_IF_FAILED();
    for (WsClient *client : {m_ca.get(), m_ca2.get(), m_cb.get()}) {
        WS_WAIT(joined, *client, u"user_joined"_s);
        QCOMPARE(joined.value("user_id"_L1).toString(), m_sam.id());
        QCOMPARE(joined.value("user_name"_L1).toString(), m_sam.user.displayName);
    }
    EXPECT_STATUS(m_api.post(roomPath(m_room, u"leave"_s), {}, m_sam), 204);
    for (WsClient *client : {m_ca.get(), m_ca2.get(), m_cb.get()}) {
        WS_WAIT(left, *client, u"user_left"_s);
        QCOMPARE(left.value("user_id"_L1).toString(), m_sam.id());
        QCOMPARE(left.value("user_name"_L1).toString(), m_sam.user.displayName);
        WS_NONE(*client, u"user_joined"_s);
        WS_NONE(*client, u"user_left"_s);
    }
}

void tst_WsCompat::badFramesGetErrors()
{
    RETURN_IF_FAILED();
    const QStringList bad{
        u"this is not json"_s,
        u"[1, 2]"_s,
        jsonText({{u"type"_s, u"dance"_s}}),
        jsonText({{u"message"_s, u"no type"_s}}),
        jsonText(chatMessage(u"   "_s)),
        jsonText({{u"type"_s, u"chat_message"_s}, {u"message_type"_s, u"text"_s}}),
        jsonText({{u"type"_s, u"chat_message"_s},
                  {u"message"_s, u"x"_s},
                  {u"message_type"_s, u"system"_s}}),
    };
    for (const QString &text : bad) {
        m_ca->sendText(text);
        const QJsonObject error = m_ca->waitFor(u"error"_s);
        QVERIFY2(!error.isEmpty(), qPrintable(u"no error for "_s + text + u'\n' + m_ca->failure()));
        WS_CHECK(checkCompatError(error));
        QVERIFY2(m_ca->isOpen(), qPrintable(text));
    }
    for (WsClient *client : {m_ca.get(), m_cb.get()})
        WS_NONE(*client, u"chat_message"_s);
    WS_NONE(*m_cb, u"error"_s);
    // Still usable.
    m_ca->send(chatMessage(u"after the errors"_s));
    WS_WAIT(ok, *m_cb, u"chat_message"_s, contentIs(u"after the errors"_s));
}

void tst_WsCompat::sendsThatMayNotHappen()
{
    RETURN_IF_FAILED();
    // Staff who can see the room but are not members may not send (join first).
    const auto staff = connectCompat(m_server, m_sam, m_room, u"sam(compat)"_s);
    RETURN_IF_FAILED();
    const qint64 lastSeq = fetchRoom(m_api, m_alice, m_room).value("last_seq"_L1).toInteger();
    staff->send(chatMessage(u"staff without joining"_s));
    WS_WAIT(error, *staff, u"error"_s);
    WS_CHECK(checkCompatError(error));
    for (WsClient *client : {m_ca.get(), m_cb.get(), staff.get()})
        WS_NONE(*client, u"chat_message"_s);
    QCOMPARE(fetchRoom(m_api, m_alice, m_room).value("last_seq"_L1).toInteger(), lastSeq);

    // A closed room refuses messages.
    const QString closed = openGroupRoom(m_api, m_alice, {m_bob}, u"closing"_s);
    RETURN_IF_FAILED();
    const auto onClosed = connectCompat(m_server, m_alice, closed, u"alice(closed room)"_s);
    RETURN_IF_FAILED();
    roomAction(m_api, m_bob, closed, u"close"_s);
    RETURN_IF_FAILED();
    onClosed->take(u"chat_message"_s); // the system message about closing
    onClosed->send(chatMessage(u"anyone?"_s));
    WS_WAIT(closedError, *onClosed, u"error"_s);
    WS_CHECK(checkCompatError(closedError));
    WS_NONE(*onClosed, u"chat_message"_s, contentIs(u"anyone?"_s));
}

void tst_WsCompat::leaverStopsReceiving()
{
    RETURN_IF_FAILED();
    // The token's user must be able to see the room: once carol leaves a group, her compat
    // socket on it must stop carrying the room's messages (closed, or at least silent).
    const QString room = openGroupRoom(m_api, m_alice, {m_carol}, u"carol leaves"_s);
    RETURN_IF_FAILED();
    const auto carol = connectCompat(m_server, m_carol, room, u"carol(compat)"_s);
    const auto alice = connectCompat(m_server, m_alice, room, u"alice(compat, room 2)"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.post(roomPath(room, u"leave"_s), {}, m_carol), 204);
    QVERIFY(carol->barrier());
    carol->clearPending();
    alice->send(chatMessage(u"carol is not here any more"_s));
    WS_WAIT(own, *alice, u"chat_message"_s, contentIs(u"carol is not here any more"_s));
    WS_NONE(*carol, u"chat_message"_s, contentIs(u"carol is not here any more"_s));
}

void tst_WsCompat::blockingClosesCompatSockets()
{
    RETURN_IF_FAILED();
    const Session dora = m_api.registerUser(uniqueName(u"dora"_s));
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(m_api, m_alice, {dora}, u"dora"_s);
    RETURN_IF_FAILED();
    const auto compat = connectCompat(m_server, dora, room, u"dora(compat)"_s);
    RETURN_IF_FAILED();
    EXPECT_STATUS(
        m_api.patch(u"/api/admin/users/%1/"_s.arg(dora.id()), {{u"blocked"_s, true}}, m_admin),
        200);
    WS_CLOSED(*compat, 4403, 3000);
}

QTEST_GUILESS_MAIN(tst_WsCompat)
#include "tst_ws_compat.moc"
