// Receipts, unread state, typing and presence over /ws (PROTOCOL.md "WebSocket: GET /ws": read,
// delivered, typing; presence, heartbeat, blocking), against a server with PARLEY_HEARTBEAT_S=1.
#include "RawWsClient.h"
#include "WsTest.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

constexpr int kHeartbeatS = 1;

QJsonObject memberOf(const QJsonObject &room, const QString &userId)
{
    for (const QJsonValue &member : room.value("members"_L1).toArray()) {
        if (member.toObject().value("user"_L1).toObject().value("id"_L1).toString() == userId)
            return member.toObject();
    }
    return {};
}

FramePredicate receiptOf(const QString &userId, const QString &kind)
{
    return [userId, kind](const QJsonObject &f) {
        return f.value("user_id"_L1).toString() == userId && f.value("kind"_L1).toString() == kind;
    };
}

QString checkReceipt(const QJsonObject &frame, const QString &roomId, const QString &userId,
                     const QString &kind, qint64 upTo)
{
    const QString shape = checkType(frame, u"receipt"_s);
    if (!shape.isEmpty())
        return shape;
    if (frame.value("room_id"_L1).toString() != roomId ||
        frame.value("user_id"_L1).toString() != userId ||
        frame.value("kind"_L1).toString() != kind || !frame.value("up_to_seq"_L1).isDouble() ||
        frame.value("up_to_seq"_L1).toInteger() != upTo) {
        return u"expected receipt {room_id %1, user_id %2, kind %3, up_to_seq %4}, got %5"_s.arg(
            roomId, userId, kind, QString::number(upTo), jsonText(frame));
    }
    return {};
}

QString checkRoomState(const QJsonObject &frame, const QString &roomId, qint64 readSeq,
                       qint64 unread)
{
    const QString shape = checkType(frame, u"room_state"_s);
    if (!shape.isEmpty())
        return shape;
    if (frame.value("room_id"_L1).toString() != roomId || !frame.value("read_seq"_L1).isDouble() ||
        frame.value("read_seq"_L1).toInteger() != readSeq ||
        !frame.value("unread_count"_L1).isDouble() ||
        frame.value("unread_count"_L1).toInteger() != unread) {
        return u"expected room_state {room_id %1, read_seq %2, unread_count %3}, got %4"_s.arg(
            roomId, QString::number(readSeq), QString::number(unread), jsonText(frame));
    }
    return {};
}

} // namespace

class tst_WsReceiptsPresence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void readReceiptsAndRoomState();
    void watermarksNeverMoveBack();
    void deliveredReceipts();
    void unreadCountsAgree();
    void typingReachesOthersAndExpires();
    void presenceOnFirstAndLastConnection();
    void onlineStaffFollowsSockets();
    void onlineStaffFollowsRoleChanges();
    void abortedSocketGoesOffline();
    void silentPeerIsClosedByHeartbeat();
    void adminBlockClosesSockets();
    void cliBlockClosesSockets();

private:
    // A new room of alice + bob where bob sent `count` messages (seq 1..count).
    QString roomWithMessages(int count);
    qint64 unreadViaRest(const Session &as, const QString &roomId);
    QJsonArray onlineStaff();

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_admin;
    Session m_sam; // staff
    Session m_alice;
    Session m_bob;
    Session m_carol;        // outside alice's rooms with bob
    Session m_dave;         // presence subject: shares m_presenceRoom with alice
    Session m_eve;          // blocked by the admin API
    Session m_frank;        // blocked by the CLI
    QString m_presenceRoom; // alice, dave, eve, frank
};

void tst_WsReceiptsPresence::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    m_server.setEnv(u"PARLEY_HEARTBEAT_S"_s, QString::number(kHeartbeatS));
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_sam = m_server.createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    m_bob = m_api.registerUser(uniqueName(u"bob"_s));
    m_carol = m_api.registerUser(uniqueName(u"carol"_s));
    m_dave = m_api.registerUser(uniqueName(u"dave"_s), QString::fromLatin1(kDefaultPassword),
                                u"Dave D."_s);
    m_eve = m_api.registerUser(uniqueName(u"eve"_s));
    m_frank = m_api.registerUser(uniqueName(u"frank"_s));
    RETURN_IF_FAILED();
    m_presenceRoom = openGroupRoom(m_api, m_alice, {m_dave, m_eve, m_frank}, u"presence"_s);
}

void tst_WsReceiptsPresence::cleanup()
{
    m_server.dumpLogIfFailed();
}

QString tst_WsReceiptsPresence::roomWithMessages(int count)
{
    const QString room = openGroupRoom(m_api, m_alice, {m_bob}, u"receipts"_s);
    for (int i = 1; i <= count && !QTest::currentTestFailed(); ++i)
        send(m_api, m_bob, room, u"message %1"_s.arg(i));
    return room;
}

qint64 tst_WsReceiptsPresence::unreadViaRest(const Session &as, const QString &roomId)
{
    const Reply reply = m_api.get(u"/api/chat/unread-count/"_s, as);
    if (reply.status != 200) {
        failAt(reply.describe(), std::source_location::current());
        return -1;
    }
    const QJsonObject rooms = reply.obj().value("rooms"_L1).toObject();
    // total leaves out muted rooms only; alice mutes nothing here.
    qint64 sum = 0;
    for (auto it = rooms.begin(); it != rooms.end(); ++it)
        sum += it.value().toInteger();
    if (reply.obj().value("total"_L1).toInteger() != sum)
        failAt(u"unread total is not the sum of rooms: "_s + reply.describe(),
               std::source_location::current());
    return rooms.value(roomId).toInteger(0);
}

QJsonArray tst_WsReceiptsPresence::onlineStaff()
{
    const Reply reply = m_api.get(u"/api/chat/online-staff/"_s, m_alice);
    if (reply.status != 200 || !reply.json.isArray()) {
        failAt(u"online-staff: expected 200 [User]: "_s + reply.describe(),
               std::source_location::current());
        return {};
    }
    return reply.array();
}

void tst_WsReceiptsPresence::readReceiptsAndRoomState()
{
    const QString room = roomWithMessages(3);
    RETURN_IF_FAILED();
    const auto a1 = connectChat(m_server, m_alice, u"alice#1"_s);
    const auto a2 = connectChat(m_server, m_alice, u"alice#2"_s);
    const auto b1 = connectChat(m_server, m_bob, u"bob#1"_s);
    const auto b2 = connectChat(m_server, m_bob, u"bob#2"_s);
    const auto c1 = connectChat(m_server, m_carol, u"carol"_s);
    RETURN_IF_FAILED();

    a1->send(readFrame(u"read"_s, room, 2, u"r-1"_s));
    // The reading connection gets the answer to its ref, and neither room_state nor receipt.
    WS_WAIT(ack, *a1, QString(), withRef(u"r-1"_s));
    WS_CHECK(checkType(ack, u"ack"_s, u"r-1"_s));
    // Bob's connections: receipt. Alice's other connection: room_state.
    for (WsClient *client : {b1.get(), b2.get()}) {
        WS_WAIT(receipt, *client, u"receipt"_s, receiptOf(m_alice.id(), u"read"_s));
        WS_CHECK(checkReceipt(receipt, room, m_alice.id(), u"read"_s, 2));
    }
    WS_WAIT(state, *a2, u"room_state"_s);
    WS_CHECK(checkRoomState(state, room, 2, 1));
    WS_NONE(*a1, u"room_state"_s);
    WS_NONE(*a1, u"receipt"_s, receiptOf(m_alice.id(), u"read"_s));
    WS_NONE(*a2, u"receipt"_s, receiptOf(m_alice.id(), u"read"_s));
    WS_NONE(*a2, u"room_state"_s);
    for (WsClient *client : {b1.get(), b2.get()})
        WS_NONE(*client, u"room_state"_s);
    WS_NONE(*c1, u"receipt"_s);

    const QJsonObject roomJson = fetchRoom(m_api, m_bob, room);
    QCOMPARE(memberOf(roomJson, m_alice.id()).value("read_seq"_L1).toInteger(), 2);

    // Bob already read everything he sent: his `read` moves nothing and tells nobody.
    b1->send(readFrame(u"read"_s, room, 3, u"r-bob"_s));
    WS_WAIT(bobAck, *b1, QString(), withRef(u"r-bob"_s));
    WS_CHECK(checkType(bobAck, u"ack"_s, u"r-bob"_s));
    for (WsClient *client : {a1.get(), a2.get()})
        WS_NONE(*client, u"receipt"_s, receiptOf(m_bob.id(), u"read"_s));
    WS_NONE(*b2, u"room_state"_s);

    // A read beyond the last message stops at it.
    a2->send(readFrame(u"read"_s, room, 99));
    for (WsClient *client : {b1.get(), b2.get()}) {
        WS_WAIT(receipt, *client, u"receipt"_s, receiptOf(m_alice.id(), u"read"_s));
        WS_CHECK(checkReceipt(receipt, room, m_alice.id(), u"read"_s, 3));
    }
    WS_WAIT(toA1, *a1, u"room_state"_s);
    WS_CHECK(checkRoomState(toA1, room, 3, 0));
    WS_NONE(*a2, u"room_state"_s);

    // REST mark-read comes from no connection: all of alice's get room_state, bob's the receipt.
    send(m_api, m_bob, room, u"one more"_s);
    RETURN_IF_FAILED();
    const Reply marked = m_api.post(roomPath(room, u"mark-read"_s), {}, m_alice);
    EXPECT_STATUS(marked, 200);
    QCOMPARE(marked.obj().value("read_seq"_L1).toInteger(), 4);
    for (WsClient *client : {a1.get(), a2.get()}) {
        WS_WAIT(restState, *client, u"room_state"_s);
        WS_CHECK(checkRoomState(restState, room, 4, 0));
    }
    for (WsClient *client : {b1.get(), b2.get()}) {
        WS_WAIT(receipt, *client, u"receipt"_s, receiptOf(m_alice.id(), u"read"_s));
        WS_CHECK(checkReceipt(receipt, room, m_alice.id(), u"read"_s, 4));
    }
    WS_NONE(*c1, u"receipt"_s);
    WS_NONE(*c1, u"room_state"_s);
}

void tst_WsReceiptsPresence::watermarksNeverMoveBack()
{
    const QString room = roomWithMessages(4);
    RETURN_IF_FAILED();
    const auto a1 = connectChat(m_server, m_alice, u"alice#1"_s);
    const auto a2 = connectChat(m_server, m_alice, u"alice#2"_s);
    const auto b1 = connectChat(m_server, m_bob, u"bob#1"_s);
    RETURN_IF_FAILED();
    a1->send(readFrame(u"read"_s, room, 3));
    WS_WAIT(moved, *b1, u"receipt"_s, receiptOf(m_alice.id(), u"read"_s));
    WS_CHECK(checkReceipt(moved, room, m_alice.id(), u"read"_s, 3));
    WS_WAIT(state, *a2, u"room_state"_s);
    WS_CHECK(checkRoomState(state, room, 3, 1));

    // Backwards, over the socket and over REST: nothing moves, nobody hears of it.
    a1->send(readFrame(u"read"_s, room, 1, u"back"_s));
    WS_WAIT(ack, *a1, QString(), withRef(u"back"_s));
    WS_CHECK(checkType(ack, u"ack"_s, u"back"_s));
    if (ack.contains("read_seq"_L1))
        QCOMPARE(ack.value("read_seq"_L1).toInteger(), 3);
    const Reply rest = m_api.post(roomPath(room, u"mark-read"_s), {{u"up_to_seq"_s, 2}}, m_alice);
    EXPECT_STATUS(rest, 200);
    QCOMPARE(rest.obj().value("read_seq"_L1).toInteger(), 3);
    QCOMPARE(rest.obj().value("unread_count"_L1).toInteger(), 1);
    a1->send(readFrame(u"read"_s, room, 3)); // the same value: no move either
    WS_NONE(*b1, u"receipt"_s, receiptOf(m_alice.id(), u"read"_s));
    WS_NONE(*a1, u"room_state"_s);
    WS_NONE(*a2, u"room_state"_s);
    QCOMPARE(
        memberOf(fetchRoom(m_api, m_alice, room), m_alice.id()).value("read_seq"_L1).toInteger(),
        3);
}

void tst_WsReceiptsPresence::deliveredReceipts()
{
    const QString room = roomWithMessages(5);
    RETURN_IF_FAILED();
    const auto a1 = connectChat(m_server, m_alice, u"alice#1"_s);
    const auto a2 = connectChat(m_server, m_alice, u"alice#2"_s);
    const auto b1 = connectChat(m_server, m_bob, u"bob#1"_s);
    const auto b2 = connectChat(m_server, m_bob, u"bob#2"_s);
    RETURN_IF_FAILED();
    a1->send(readFrame(u"delivered"_s, room, 4, u"d-1"_s));
    WS_WAIT(ack, *a1, QString(), withRef(u"d-1"_s));
    WS_CHECK(checkType(ack, u"ack"_s, u"d-1"_s));
    for (WsClient *client : {b1.get(), b2.get()}) {
        WS_WAIT(receipt, *client, u"receipt"_s, receiptOf(m_alice.id(), u"delivered"_s));
        WS_CHECK(checkReceipt(receipt, room, m_alice.id(), u"delivered"_s, 4));
    }
    for (WsClient *client : {a1.get(), a2.get()})
        WS_NONE(*client, u"receipt"_s, receiptOf(m_alice.id(), u"delivered"_s));
    // Delivery is not reading.
    for (WsClient *client : {b1.get(), b2.get()})
        WS_NONE(*client, u"receipt"_s, receiptOf(m_alice.id(), u"read"_s));
    const QJsonObject member = memberOf(fetchRoom(m_api, m_alice, room), m_alice.id());
    QCOMPARE(member.value("delivered_seq"_L1).toInteger(), 4);
    QCOMPARE(member.value("read_seq"_L1).toInteger(), 0);
    QCOMPARE(fetchRoom(m_api, m_alice, room).value("unread_count"_L1).toInteger(), 5);

    // Backwards: nothing.
    a2->send(readFrame(u"delivered"_s, room, 2));
    WS_NONE(*b1, u"receipt"_s, receiptOf(m_alice.id(), u"delivered"_s));
    QCOMPARE(memberOf(fetchRoom(m_api, m_alice, room), m_alice.id())
                 .value("delivered_seq"_L1)
                 .toInteger(),
             4);
}

void tst_WsReceiptsPresence::unreadCountsAgree()
{
    const QString room = roomWithMessages(5);
    RETURN_IF_FAILED();
    const auto a1 = connectChat(m_server, m_alice, u"alice#1"_s);
    const auto a2 = connectChat(m_server, m_alice, u"alice#2"_s);
    RETURN_IF_FAILED();
    QCOMPARE(unreadViaRest(m_alice, room), 5);
    QCOMPARE(fetchRoom(m_api, m_alice, room).value("unread_count"_L1).toInteger(), 5);

    a1->send(readFrame(u"read"_s, room, 2));
    WS_WAIT(state, *a2, u"room_state"_s);
    WS_CHECK(checkRoomState(state, room, 2, 3));
    QCOMPARE(unreadViaRest(m_alice, room), 3);
    QCOMPARE(fetchRoom(m_api, m_alice, room).value("unread_count"_L1).toInteger(), 3);
    const QJsonObject listed = findById(m_api.get(u"/api/chat/rooms/"_s, m_alice).results(), room);
    QCOMPARE(listed.value("unread_count"_L1).toInteger(), 3);

    // A new message from bob counts; alice's own does not.
    send(m_api, m_bob, room, u"six"_s);
    RETURN_IF_FAILED();
    QCOMPARE(unreadViaRest(m_alice, room), 4);
    a2->send(readFrame(u"read"_s, room, 4));
    WS_WAIT(state2, *a1, u"room_state"_s);
    WS_CHECK(checkRoomState(state2, room, 4, 2));
    QCOMPARE(unreadViaRest(m_alice, room), 2);
    QCOMPARE(fetchRoom(m_api, m_alice, room).value("unread_count"_L1).toInteger(), 2);

    a1->send(readFrame(u"read"_s, room, 6));
    WS_WAIT(state3, *a2, u"room_state"_s);
    WS_CHECK(checkRoomState(state3, room, 6, 0));
    QCOMPARE(unreadViaRest(m_alice, room), 0);
    QCOMPARE(fetchRoom(m_api, m_alice, room).value("unread_count"_L1).toInteger(), 0);
}

void tst_WsReceiptsPresence::typingReachesOthersAndExpires()
{
    const QString room = openGroupRoom(m_api, m_alice, {m_bob}, u"typing"_s);
    RETURN_IF_FAILED();
    const auto a1 = connectChat(m_server, m_alice, u"alice#1"_s);
    const auto a2 = connectChat(m_server, m_alice, u"alice#2"_s);
    const auto b1 = connectChat(m_server, m_bob, u"bob#1"_s);
    const auto b2 = connectChat(m_server, m_bob, u"bob#2"_s);
    const auto c1 = connectChat(m_server, m_carol, u"carol"_s);
    RETURN_IF_FAILED();
    const auto typingIs = [](bool value) {
        return
            [value](const QJsonObject &f) { return f.value("is_typing"_L1) == QJsonValue(value); };
    };

    // true, then an explicit false.
    a1->send(typingFrame(room, true, u"t-1"_s));
    WS_WAIT(ack, *a1, QString(), withRef(u"t-1"_s));
    WS_CHECK(checkType(ack, u"ack"_s, u"t-1"_s));
    for (WsClient *client : {b1.get(), b2.get()}) {
        WS_WAIT(typing, *client, u"typing"_s, typingIs(true));
        WS_CHECK(checkType(typing, u"typing"_s));
        QCOMPARE(typing.value("room_id"_L1).toString(), room);
        WS_CHECK(checkUser(typing.value("user"_L1), m_alice, "typing.user"));
    }
    a1->send(typingFrame(room, false));
    for (WsClient *client : {b1.get(), b2.get()}) {
        WS_WAIT(stopped, *client, u"typing"_s, typingIs(false));
        QCOMPARE(stopped.value("room_id"_L1).toString(), room);
        WS_CHECK(checkUser(stopped.value("user"_L1), m_alice, "typing.user"));
    }
    // Not to the typist's own connections, not outside the room.
    for (WsClient *client : {a1.get(), a2.get(), c1.get()})
        WS_NONE(*client, u"typing"_s);

    // true, true again 3 s later: the server ends it by itself 10 s after the last true.
    QElapsedTimer clock;
    a2->send(typingFrame(room, true));
    WS_WAIT(started, *b1, u"typing"_s, typingIs(true));
    QTest::qWait(3000);
    a2->send(typingFrame(room, true, u"t-again"_s));
    WS_WAIT(againAck, *a2, QString(), withRef(u"t-again"_s));
    clock.start();
    WS_WAIT(expired, *b1, u"typing"_s, typingIs(false), 12000);
    const qint64 after = clock.elapsed();
    QVERIFY2(after >= 9500 && after <= 11500,
             qPrintable(
                 u"is_typing:false came %1 ms after the last true (expected ~10 s)"_s.arg(after)));
    WS_CHECK(checkUser(expired.value("user"_L1), m_alice, "typing.user"));
    QCOMPARE(expired.value("room_id"_L1).toString(), room);
    WS_WAIT(expiredB2, *b2, u"typing"_s, typingIs(false), 2000);
    for (WsClient *client : {b1.get(), b2.get()})
        WS_NONE(*client, u"typing"_s, typingIs(false));
    for (WsClient *client : {a1.get(), a2.get(), c1.get()})
        WS_NONE(*client, u"typing"_s);
}

void tst_WsReceiptsPresence::presenceOnFirstAndLastConnection()
{
    const auto watcher = connectChat(m_server, m_alice, u"alice"_s);
    const auto staff = connectChat(m_server, m_sam, u"sam"_s);
    RETURN_IF_FAILED();
    const QString dave = m_dave.id();
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1000);

    auto d1 = connectChat(m_server, m_dave, u"dave#1"_s);
    RETURN_IF_FAILED();
    for (WsClient *client : {watcher.get(), staff.get()}) {
        WS_WAIT(online, *client, u"presence"_s, aboutUser(dave));
        WS_CHECK(checkType(online, u"presence"_s));
        WS_CHECK(checkUser(online.value("user"_L1), m_dave, "presence.user"));
        QCOMPARE(online.value("online"_L1), QJsonValue(true));
        QVERIFY2(online.contains("last_seen"_L1), qPrintable(jsonText(online)));
    }
    // A second connection is not news; nor is closing one of two.
    auto d2 = connectChat(m_server, m_dave, u"dave#2"_s);
    RETURN_IF_FAILED();
    WS_NONE(*watcher, u"presence"_s, aboutUser(dave));
    d1->close();
    QVERIFY(d1->waitClosed());
    WS_NONE(*watcher, u"presence"_s, aboutUser(dave), 300);
    WS_NONE(*staff, u"presence"_s, aboutUser(dave));
    // Dave's own connection hears nothing of himself.
    WS_NONE(*d2, u"presence"_s, aboutUser(dave));

    d2->close();
    QVERIFY(d2->waitClosed());
    for (WsClient *client : {watcher.get(), staff.get()}) {
        WS_WAIT(offline, *client, u"presence"_s, aboutUser(dave), 3000);
        WS_CHECK(checkUser(offline.value("user"_L1), m_dave, "presence.user"));
        QCOMPARE(offline.value("online"_L1), QJsonValue(false));
        const QString lastSeen = offline.value("last_seen"_L1).toString();
        EXPECT_MATCH(lastSeen, kTimePattern);
        const QDateTime seen = QDateTime::fromString(lastSeen, Qt::ISODateWithMs);
        QVERIFY2(seen >= before && seen <= QDateTime::currentDateTimeUtc().addMSecs(1000),
                 qPrintable(u"last_seen %1 is not the time of going offline"_s.arg(lastSeen)));
    }
    WS_NONE(*watcher, u"presence"_s, aboutUser(dave));
}

void tst_WsReceiptsPresence::onlineStaffFollowsSockets()
{
    const auto isListed = [this](const QString &userId) {
        for (const QJsonValue &user : onlineStaff()) {
            if (user.toObject().value("id"_L1).toString() == userId)
                return true;
        }
        return false;
    };
    // The previous test's sam socket may still be closing on the server: wait for it to go.
    QTRY_VERIFY_WITH_TIMEOUT(!isListed(m_sam.id()), 5000);
    const auto customer = connectChat(m_server, m_alice, u"alice"_s);
    auto s1 = connectChat(m_server, m_sam, u"sam#1"_s);
    auto s2 = connectChat(m_server, m_sam, u"sam#2"_s);
    RETURN_IF_FAILED();
    const QJsonArray listed = onlineStaff();
    RETURN_IF_FAILED();
    QJsonObject sam;
    for (const QJsonValue &user : listed) {
        QVERIFY2(user.toObject().value("id"_L1).toString() != m_alice.id(),
                 "a customer is listed as online staff");
        if (user.toObject().value("id"_L1).toString() == m_sam.id())
            sam = user.toObject();
    }
    WS_CHECK(checkUser(sam, m_sam, "online-staff entry"));
    if (sam.contains("online"_L1))
        QCOMPARE(sam.value("online"_L1), QJsonValue(true));
    int count = 0;
    for (const QJsonValue &user : listed)
        count += user.toObject().value("id"_L1).toString() == m_sam.id() ? 1 : 0;
    QCOMPARE(count, 1); // two sockets, one entry

    s1->close();
    QVERIFY(s1->waitClosed());
    QTest::qWait(200);
    QVERIFY2(isListed(m_sam.id()), "staff with one socket left is no longer listed");
    s2->close();
    QVERIFY(s2->waitClosed());
    QTRY_VERIFY_WITH_TIMEOUT(!isListed(m_sam.id()), 2000);
}

void tst_WsReceiptsPresence::onlineStaffFollowsRoleChanges()
{
    // A staff member demoted to customer while connected is no longer staff (docs/API.md: roles
    // are read from the database on every request).
    const Session former = m_server.createUser(uniqueName(u"former"_s), u"staff"_s);
    RETURN_IF_FAILED();
    const auto socket = connectChat(m_server, former, u"former staff"_s);
    RETURN_IF_FAILED();
    const auto listed = [this, &former] {
        for (const QJsonValue &user : onlineStaff()) {
            if (user.toObject().value("id"_L1).toString() == former.id())
                return true;
        }
        return false;
    };
    QVERIFY(listed());
    EXPECT_STATUS(m_api.patch(u"/api/admin/users/%1/"_s.arg(former.id()),
                              {{u"role"_s, u"customer"_s}}, m_admin),
                  200);
    QTRY_VERIFY2_WITH_TIMEOUT(!listed(), "a demoted staff member is still listed as online staff",
                              2000);
}

void tst_WsReceiptsPresence::abortedSocketGoesOffline()
{
    const auto watcher = connectChat(m_server, m_alice, u"alice"_s);
    auto dave = connectChat(m_server, m_dave, u"dave"_s);
    auto sam = connectChat(m_server, m_sam, u"sam"_s);
    RETURN_IF_FAILED();
    WS_WAIT(online, *watcher, u"presence"_s, aboutUser(m_dave.id()));
    QElapsedTimer clock;
    clock.start();
    dave->abort(); // no close frame
    sam->abort();
    WS_WAIT(offline, *watcher, u"presence"_s, aboutUser(m_dave.id()),
            3 * kHeartbeatS * 1000 + 1500);
    QCOMPARE(offline.value("online"_L1), QJsonValue(false));
    const auto samListed = [this] {
        for (const QJsonValue &user : onlineStaff()) {
            if (user.toObject().value("id"_L1).toString() == m_sam.id())
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(!samListed(), 3 * kHeartbeatS * 1000 + 1500);
}

void tst_WsReceiptsPresence::silentPeerIsClosedByHeartbeat()
{
    // A peer that completed the upgrade and then went silent (no frames, no pongs), as a dead
    // client behind a NAT looks: closed within 3 x heartbeat_s (+ one period), and offline.
    const auto watcher = connectChat(m_server, m_alice, u"alice"_s);
    RETURN_IF_FAILED();
    RawWsClient ghost;
    ghost.setAnswerPings(false);
    QElapsedTimer clock;
    clock.start();
    QVERIFY2(ghost.open(m_server.port(), u"/ws?token="_s + m_dave.access),
             qPrintable(ghost.statusLine()));
    WS_WAIT(online, *watcher, u"presence"_s, aboutUser(m_dave.id()));
    QCOMPARE(online.value("online"_L1), QJsonValue(true));

    qint64 closedAfter = -1;
    qint64 offlineAfter = -1;
    const QDeadlineTimer deadline(12000);
    while (!deadline.hasExpired() && (closedAfter < 0 || offlineAfter < 0)) {
        QTest::qWait(20);
        ghost.poll(0);
        if (closedAfter < 0 && (ghost.closeFrameReceived() || ghost.tcpClosed()))
            closedAfter = clock.elapsed();
        if (offlineAfter < 0 && !watcher->take(u"presence"_s, aboutUser(m_dave.id())).isEmpty())
            offlineAfter = clock.elapsed();
    }
    QVERIFY2(ghost.pingsReceived() >= 2,
             qPrintable(u"the server sent %1 pings in %2 ms with heartbeat_s=1"_s
                            .arg(ghost.pingsReceived())
                            .arg(clock.elapsed())));
    const qint64 limit = (3 + 1) * kHeartbeatS * 1000 + 1000;
    QVERIFY2(closedAfter >= 0 && closedAfter <= limit,
             qPrintable(u"silent peer closed after %1 ms (limit %2): %3"_s.arg(closedAfter)
                            .arg(limit)
                            .arg(ghost.describe())));
    QVERIFY2(closedAfter >= 3 * kHeartbeatS * 1000 - 200,
             qPrintable(u"closed after only %1 ms"_s.arg(closedAfter)));
    if (ghost.closeFrameReceived())
        QCOMPARE(ghost.closeCode(), 1001);
    QVERIFY2(offlineAfter >= 0 && offlineAfter <= limit,
             qPrintable(u"the silent user went offline after %1 ms (limit %2 ms; -1: never)"_s
                            .arg(offlineAfter)
                            .arg(limit)));
    // A client that only answers pings is alive: the watcher sent nothing all along.
    QVERIFY2(watcher->isOpen() && watcher->barrier(), qPrintable(watcher->describePending()));
}

void tst_WsReceiptsPresence::adminBlockClosesSockets()
{
    const auto watcher = connectChat(m_server, m_alice, u"alice"_s);
    const auto e1 = connectChat(m_server, m_eve, u"eve#1"_s);
    const auto e2 = connectChat(m_server, m_eve, u"eve#2"_s);
    RETURN_IF_FAILED();
    WS_WAIT(online, *watcher, u"presence"_s, aboutUser(m_eve.id()));
    EXPECT_STATUS(
        m_api.patch(u"/api/admin/users/%1/"_s.arg(m_eve.id()), {{u"blocked"_s, true}}, m_admin),
        200);
    WS_CLOSED(*e1, 4403, 2000);
    WS_CLOSED(*e2, 4403, 2000);
    WS_WAIT(offline, *watcher, u"presence"_s, aboutUser(m_eve.id()), 2000);
    QCOMPARE(offline.value("online"_L1), QJsonValue(false));
    // And the blocked user cannot come back.
    WsClient again(u"eve(again)"_s);
    if (again.open(wsUrl(m_server, m_eve.access))) {
        WS_CLOSED(again, 4401, 3000);
        QVERIFY(again.received().isEmpty());
    }
}

void tst_WsReceiptsPresence::cliBlockClosesSockets()
{
    const auto f1 = connectChat(m_server, m_frank, u"frank"_s);
    RETURN_IF_FAILED();
    const CliResult cli = m_server.runCli({u"user"_s, u"block"_s, m_frank.username()});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.describe()));
    // Noticed within one heartbeat period (1 s here).
    WS_CLOSED(*f1, 4403, 2 * kHeartbeatS * 1000 + 1000);
}

QTEST_GUILESS_MAIN(tst_WsReceiptsPresence)
#include "tst_ws_receipts_presence.moc"
