// Three parley-server nodes on one database and one Redis (the "redis" CTest fixture), clients
// spread across them: every event one node publishes reaches the sockets of every node, once.
#include "Cluster.h"
#include "RedisService.h"
#include "WsTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

FramePredicate receiptOf(const QString &userId, const QString &kind)
{
    return [userId, kind](const QJsonObject &f) {
        return f.value("user_id"_L1).toString() == userId && f.value("kind"_L1).toString() == kind;
    };
}

FramePredicate online(bool yes)
{
    return [yes](const QJsonObject &f) { return f.value("online"_L1).toBool() == yes; };
}

FramePredicate both(FramePredicate a, FramePredicate b)
{
    return [a, b](const QJsonObject &f) { return a(f) && b(f); };
}

} // namespace

class tst_ClusterEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void messagesCrossNodesOnce_data();
    void messagesCrossNodesOnce();
    void editsAndDeletesCrossNodes();
    void receiptsAndTypingCrossNodes();
    void presenceIsClusterWide();
    void queueCrossesNodes();
    void resendOnAnotherNodeIsIdempotent();
    void blocksAndRoleChangesCrossNodes();

private:
    Cluster m_cluster{3};
    Session m_admin;
    Session m_sam; // staff
    Session m_alice;
    Session m_bob;
    Session m_carol;
};

void tst_ClusterEvents::initTestCase()
{
    const auto dumpLogs = qScopeGuard([this] { m_cluster.dumpLogsIfFailed(); });
    QVERIFY2(m_cluster.start(RedisService::fixtureUrl()), qPrintable(m_cluster.errorString()));
    m_admin = m_cluster.node(0).createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_sam = m_cluster.node(0).createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_alice = m_cluster.api(0).registerUser(uniqueName(u"alice"_s));
    m_bob = m_cluster.api(1).registerUser(uniqueName(u"bob"_s));
    m_carol = m_cluster.api(2).registerUser(uniqueName(u"carol"_s));
}

void tst_ClusterEvents::cleanup()
{
    m_cluster.dumpLogsIfFailed();
}

void tst_ClusterEvents::messagesCrossNodesOnce_data()
{
    QTest::addColumn<int>("senderNode");
    QTest::addColumn<bool>("overWebSocket");
    QTest::addRow("ws on node 0") << 0 << true;
    QTest::addRow("ws on node 2") << 2 << true;
    QTest::addRow("rest on node 1") << 1 << false;
}

void tst_ClusterEvents::messagesCrossNodesOnce()
{
    QFETCH(int, senderNode);
    QFETCH(bool, overWebSocket);
    const QString room = openGroupRoom(m_cluster.api(0), m_alice, {m_bob, m_carol});
    RETURN_IF_FAILED();
    // alice on the sender's node, bob and carol on the two others, a second alice elsewhere.
    const int other1 = (senderNode + 1) % 3, other2 = (senderNode + 2) % 3;
    const auto alice = connectChat(m_cluster.node(senderNode), m_alice, u"alice"_s);
    const auto alice2 = connectChat(m_cluster.node(other1), m_alice, u"alice#2"_s);
    const auto bob = connectChat(m_cluster.node(other1), m_bob, u"bob"_s);
    const auto carol = connectChat(m_cluster.node(other2), m_carol, u"carol"_s);
    RETURN_IF_FAILED();

    QStringList ids;
    for (int i = 0; i < 5; ++i) {
        const QString clientId = u"cross-%1-%2"_s.arg(senderNode).arg(i);
        if (overWebSocket) {
            alice->send(sendFrame(room, clientId, u"hello %1"_s.arg(i), u"r%1"_s.arg(i)));
            WS_WAIT(ack, *alice, u"ack"_s, withRef(u"r%1"_s.arg(i)));
            ids.append(ack.value("message"_L1).toObject().value("id"_L1).toString());
        } else {
            ids.append(
                send(m_cluster.api(senderNode), m_alice, room, u"hello %1"_s.arg(i), clientId).id);
            RETURN_IF_FAILED();
        }
    }
    for (WsClient *client : {alice2.get(), bob.get(), carol.get()}) {
        const QList<QJsonObject> got = client->waitForCount(u"message"_s, 5, aboutRoom(room));
        QCOMPARE(got.size(), 5);
        for (int i = 0; i < 5; ++i) {
            const QJsonObject message = got.at(i).value("message"_L1).toObject();
            QCOMPARE(message.value("id"_L1).toString(), ids.at(i));
            QCOMPARE(message.value("seq"_L1).toInteger(), qint64(i + 1));
        }
        // Exactly once: nothing more after a round trip to the client's own node.
        WS_NONE(*client, u"message"_s, aboutRoom(room));
    }
    if (overWebSocket)
        WS_NONE(*alice, u"message"_s, aboutRoom(room)); // the sender's socket got acks instead
    else
        QCOMPARE(alice->waitForCount(u"message"_s, 5, aboutRoom(room)).size(), 5);
}

void tst_ClusterEvents::editsAndDeletesCrossNodes()
{
    const QString room = openGroupRoom(m_cluster.api(0), m_alice, {m_bob});
    RETURN_IF_FAILED();
    const auto bob = connectChat(m_cluster.node(2), m_bob, u"bob"_s);
    RETURN_IF_FAILED();
    const parley::Message sent = send(m_cluster.api(0), m_alice, room, u"typo"_s);
    RETURN_IF_FAILED();
    WS_WAIT(created, *bob, u"message"_s, messageId(sent.id));

    const Reply edited =
        m_cluster.api(1).patch(messagePath(sent.id), {{"content"_L1, u"fixed"_s}}, m_alice);
    QVERIFY2(edited.status == 200, qPrintable(edited.describe()));
    WS_WAIT(update, *bob, u"message_updated"_s, messageId(sent.id));
    QCOMPARE(update.value("message"_L1).toObject().value("content"_L1).toString(), u"fixed"_s);

    const Reply deleted = m_cluster.api(0).del(messagePath(sent.id), m_alice);
    QVERIFY2(deleted.status == 200 || deleted.status == 204, qPrintable(deleted.describe()));
    WS_WAIT(gone, *bob, u"message_deleted"_s, messageId(sent.id));
    WS_NONE(*bob, u"message_updated"_s);
}

void tst_ClusterEvents::receiptsAndTypingCrossNodes()
{
    const QString room = openGroupRoom(m_cluster.api(0), m_alice, {m_bob});
    RETURN_IF_FAILED();
    const auto alice = connectChat(m_cluster.node(0), m_alice, u"alice"_s);
    const auto bob = connectChat(m_cluster.node(1), m_bob, u"bob"_s);
    const auto bob2 = connectChat(m_cluster.node(2), m_bob, u"bob#2"_s);
    RETURN_IF_FAILED();
    const parley::Message sent = send(m_cluster.api(0), m_alice, room, u"read me"_s);
    RETURN_IF_FAILED();

    bob->send(readFrame(u"read"_s, room, sent.seq, u"rd"_s));
    WS_WAIT(ack, *bob, u"ack"_s, withRef(u"rd"_s));
    WS_WAIT(receipt, *alice, u"receipt"_s, receiptOf(m_bob.id(), u"read"_s));
    QCOMPARE(receipt.value("up_to_seq"_L1).toInteger(), sent.seq);
    QCOMPARE(receipt.value("room_id"_L1).toString(), room);
    // bob's other socket, on a third node, learns its read state.
    WS_WAIT(state, *bob2, u"room_state"_s, aboutRoom(room));
    QCOMPARE(state.value("read_seq"_L1).toInteger(), sent.seq);
    WS_NONE(*alice, u"receipt"_s);

    alice->send(typingFrame(room, true));
    for (WsClient *client : {bob.get(), bob2.get()}) {
        WS_WAIT(typing, *client, u"typing"_s, aboutRoom(room));
        QCOMPARE(typing.value("is_typing"_L1), QJsonValue(true));
        QCOMPARE(typing.value("user"_L1).toObject().value("id"_L1).toString(), m_alice.id());
    }
    alice->send(typingFrame(room, false));
    WS_WAIT(stopped, *bob, u"typing"_s, aboutRoom(room));
    QCOMPARE(stopped.value("is_typing"_L1), QJsonValue(false));
    WS_NONE(*alice, u"typing"_s);
}

void tst_ClusterEvents::presenceIsClusterWide()
{
    const Session dave = m_cluster.api(1).registerUser(uniqueName(u"dave"_s));
    const Session tom = m_cluster.node(1).createUser(uniqueName(u"tom"_s), u"staff"_s);
    RETURN_IF_FAILED();
    openGroupRoom(m_cluster.api(0), m_alice, {dave});
    RETURN_IF_FAILED();
    const auto watcher = connectChat(m_cluster.node(0), m_alice, u"alice"_s);
    const auto staff = connectChat(m_cluster.node(2), m_sam, u"sam"_s);
    RETURN_IF_FAILED();

    // dave on node 1: online for watchers on nodes 0 and 2.
    auto d1 = connectChat(m_cluster.node(1), dave, u"dave#1"_s);
    RETURN_IF_FAILED();
    for (WsClient *client : {watcher.get(), staff.get()}) {
        WS_WAIT(on, *client, u"presence"_s, both(aboutUser(dave.id()), online(true)));
        WS_CHECK(checkUser(on.value("user"_L1), dave, "presence.user"));
    }
    // A second connection on another node is not news, nor is closing the first.
    auto d2 = connectChat(m_cluster.node(2), dave, u"dave#2"_s);
    RETURN_IF_FAILED();
    d1->close();
    QVERIFY(d1->waitClosed());
    WS_NONE(*watcher, u"presence"_s, aboutUser(dave.id()), 500);
    WS_NONE(*staff, u"presence"_s, aboutUser(dave.id()));
    d2->close();
    QVERIFY(d2->waitClosed());
    for (WsClient *client : {watcher.get(), staff.get()}) {
        WS_WAIT(off, *client, u"presence"_s, both(aboutUser(dave.id()), online(false)));
        QVERIFY(off.value("last_seen"_L1).isString());
    }

    // online-staff answers the same on every node, whichever node the staff member is on.
    const auto tomSocket = connectChat(m_cluster.node(1), tom, u"tom"_s);
    RETURN_IF_FAILED();
    WS_WAIT(tomOn, *staff, u"presence"_s, both(aboutUser(tom.id()), online(true)));
    for (int i = 0; i < 3; ++i) {
        const Reply reply = m_cluster.api(i).get(u"/api/chat/online-staff/"_s, m_alice);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        const QStringList ids = idsOf(reply.array());
        QVERIFY2(ids.contains(m_sam.id()) && ids.contains(tom.id()),
                 qPrintable(u"node %1: "_s.arg(i) + reply.describe()));
    }
}

void tst_ClusterEvents::queueCrossesNodes()
{
    const Session erin = m_cluster.api(2).registerUser(uniqueName(u"erin"_s));
    RETURN_IF_FAILED();
    const auto staff = connectChat(m_cluster.node(0), m_sam, u"sam"_s);
    const auto customer = connectChat(m_cluster.node(1), erin, u"erin"_s);
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_cluster.api(2), erin, u"Parcel?"_s);
    RETURN_IF_FAILED();
    WS_WAIT(entered, *staff, u"queue_updated"_s, aboutRoom(room));
    QVERIFY(entered.value("room"_L1).toObject().value("waiting_since"_L1).isString());
    WS_WAIT(added, *customer, u"room_added"_s, aboutRoom(room));

    // Staff joins through node 1: the customer (node 1) and staff (node 0) hear of it.
    roomAction(m_cluster.api(1), m_sam, room, u"join"_s);
    RETURN_IF_FAILED();
    WS_WAIT(left, *staff, u"queue_updated"_s, aboutRoom(room));
    QVERIFY(!left.value("room"_L1).toObject().value("waiting_since"_L1).isString());
    WS_WAIT(joined, *customer, u"member_joined"_s, aboutRoom(room));
    QCOMPARE(joined.value("user"_L1).toObject().value("id"_L1).toString(), m_sam.id());
}

void tst_ClusterEvents::resendOnAnotherNodeIsIdempotent()
{
    const QString room = openGroupRoom(m_cluster.api(0), m_alice, {m_bob});
    RETURN_IF_FAILED();
    const auto bob = connectChat(m_cluster.node(2), m_bob, u"bob"_s);
    const auto first = connectChat(m_cluster.node(0), m_alice, u"alice@0"_s);
    const auto second = connectChat(m_cluster.node(1), m_alice, u"alice@1"_s);
    RETURN_IF_FAILED();
    first->send(sendFrame(room, u"once"_s, u"only once"_s, u"a"_s));
    WS_WAIT(ack1, *first, u"ack"_s, withRef(u"a"_s));
    // The client lost the ack and resends through another node.
    second->send(sendFrame(room, u"once"_s, u"only once"_s, u"b"_s));
    WS_WAIT(ack2, *second, u"ack"_s, withRef(u"b"_s));
    QCOMPARE(ack2.value("message"_L1).toObject().value("id"_L1),
             ack1.value("message"_L1).toObject().value("id"_L1));
    WS_WAIT(delivered, *bob, u"message"_s, aboutRoom(room));
    WS_NONE(*bob, u"message"_s, aboutRoom(room));
    const QJsonArray history = fullHistory(m_cluster.api(2), m_bob, room);
    int count = 0;
    for (const QJsonValue &m : history)
        count += m.toObject().value("client_id"_L1).toString() == u"once" ? 1 : 0;
    QCOMPARE(count, 1);
}

void tst_ClusterEvents::blocksAndRoleChangesCrossNodes()
{
    const Session eve = m_cluster.api(0).registerUser(uniqueName(u"eve"_s));
    const Session uma = m_cluster.api(0).registerUser(uniqueName(u"uma"_s));
    RETURN_IF_FAILED();
    const auto e1 = connectChat(m_cluster.node(1), eve, u"eve@1"_s);
    const auto e2 = connectChat(m_cluster.node(2), eve, u"eve@2"_s);
    const auto u2 = connectChat(m_cluster.node(2), uma, u"uma@2"_s);
    RETURN_IF_FAILED();

    // Blocked through node 0: her sockets on nodes 1 and 2 close.
    EXPECT_STATUS(m_cluster.api(0).patch(u"/api/admin/users/%1/"_s.arg(eve.id()),
                                         {{u"blocked"_s, true}}, m_admin),
                  200);
    WS_CLOSED(*e1, 4403, 5000);
    WS_CLOSED(*e2, 4403, 5000);

    // Made staff through node 1: node 2, where she is connected, counts her as online staff and
    // sends her the queue.
    EXPECT_STATUS(m_cluster.api(1).patch(u"/api/admin/users/%1/"_s.arg(uma.id()),
                                         {{u"role"_s, u"staff"_s}}, m_admin),
                  200);
    QTRY_VERIFY_WITH_TIMEOUT(
        idsOf(m_cluster.api(2).get(u"/api/chat/online-staff/"_s, m_alice).array())
            .contains(uma.id()),
        5000);
    const QString room = openSupportRoom(m_cluster.api(0), m_alice, u"For staff"_s);
    RETURN_IF_FAILED();
    WS_WAIT(queued, *u2, u"queue_updated"_s, aboutRoom(room));
}

QTEST_MAIN(tst_ClusterEvents)
#include "tst_cluster_events.moc"
