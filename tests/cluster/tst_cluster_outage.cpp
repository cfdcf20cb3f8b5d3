// Redis stopped and started again mid-conversation: the nodes report the bus down (healthz 503,
// metrics), keep serving their own sockets, reconnect by themselves, and catch up from the
// database so that every socket gets every message exactly once.
#include "Cluster.h"
#include "RedisService.h"
#include "WsTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

class tst_ClusterOutage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void redisRestartLosesNothing();

private:
    RedisService m_redis; // this suite's own: it stops it
    Cluster m_cluster{2};
};

void tst_ClusterOutage::initTestCase()
{
    const auto dumpLogs = qScopeGuard([this] { m_cluster.dumpLogsIfFailed(); });
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    QVERIFY2(m_cluster.start(m_redis.url()), qPrintable(m_cluster.errorString()));
}

void tst_ClusterOutage::cleanup()
{
    m_cluster.dumpLogsIfFailed();
}

void tst_ClusterOutage::redisRestartLosesNothing()
{
    const Session alice = m_cluster.api(0).registerUser(uniqueName(u"alice"_s));
    const Session bob = m_cluster.api(1).registerUser(uniqueName(u"bob"_s));
    const Session dave = m_cluster.api(1).registerUser(uniqueName(u"dave"_s));
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(m_cluster.api(0), alice, {bob, dave});
    RETURN_IF_FAILED();
    const auto a = connectChat(m_cluster.node(0), alice, u"alice@0"_s);
    const auto b = connectChat(m_cluster.node(1), bob, u"bob@1"_s);
    RETURN_IF_FAILED();
    QStringList sentByAlice, sentByBob;
    const auto say = [&](WsClient &client, const QString &ref, QStringList &ids) {
        client.send(sendFrame(room, ref, u"text "_s + ref, ref));
        const QJsonObject ack = client.waitFor(u"ack"_s, withRef(ref));
        if (ack.isEmpty())
            failAt(client.failure(), std::source_location::current());
        ids.append(ack.value("message"_L1).toObject().value("id"_L1).toString());
    };

    say(*a, u"before"_s, sentByAlice);
    RETURN_IF_FAILED();
    WS_WAIT(first, *b, u"message"_s, messageId(sentByAlice.last()));

    m_redis.stop();
    for (int node = 0; node < 2; ++node) {
        QVERIFY2(m_cluster.waitBus(node, u"down"_s), qPrintable(m_cluster.busHealth(node)));
        const Reply health = m_cluster.api(node).get(u"/healthz"_s);
        QCOMPARE(health.status, 503);
        QCOMPARE(m_cluster.metric(node, u"parley_bus_up"_s), 0.0);
    }
    // dave comes online on node 1 while node 0 cannot hear of it.
    const auto d = connectChat(m_cluster.node(1), dave, u"dave@1"_s);
    RETURN_IF_FAILED();
    // Both nodes keep storing and acknowledging.
    say(*b, u"during-b"_s, sentByBob);
    for (int i = 0; i < 3; ++i)
        say(*a, u"during-a%1"_s.arg(i), sentByAlice);
    RETURN_IF_FAILED();

    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    for (int node = 0; node < 2; ++node) {
        QVERIFY2(m_cluster.waitBus(node, u"ok"_s), qPrintable(m_cluster.busHealth(node)));
        QVERIFY(m_cluster.metric(node, u"parley_bus_reconnects_total"_s) >= 1);
    }
    say(*a, u"after"_s, sentByAlice);
    RETURN_IF_FAILED();

    // bob: alice's messages, each once, in order, whichever way they came (gap or catch-up).
    const QList<QJsonObject> toBob = b->waitForCount(u"message"_s, 4, aboutRoom(room), 10000);
    QStringList bobGot;
    for (const QJsonObject &frame : toBob)
        bobGot.append(frame.value("message"_L1).toObject().value("id"_L1).toString());
    QCOMPARE(bobGot, sentByAlice.mid(1));
    WS_NONE(*b, u"message"_s, aboutRoom(room));
    // alice: bob's message, once.
    WS_WAIT(fromBob, *a, u"message"_s, messageId(sentByBob.first()), 10000);
    WS_NONE(*a, u"message"_s, aboutRoom(room));

    // Node 0 learnt from Redis who came online on node 1 meanwhile.
    WS_WAIT(daveOnline, *a, u"presence"_s, aboutUser(dave.id()), 10000);
    QCOMPARE(daveOnline.value("online"_L1), QJsonValue(true));
}

QTEST_MAIN(tst_ClusterOutage)
#include "tst_cluster_outage.moc"
