// Webhooks in a cluster (docs/API.md "Webhooks"): three nodes share the database and Redis and all
// poll the delivery queue. Only the node that stored a message queues its deliveries (the others
// get the event over Redis and queue nothing), presence is cluster-wide (a member online on
// another node gets none), and each delivery is sent by one node: the receiver sees every
// delivery id exactly once.
#include "Cluster.h"
#include "RedisService.h"
#include "WebhookReceiver.h"
#include "WsTest.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace parley::test;

class tst_ClusterWebhooks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void eachDeliveryQueuedAndSentOnce();

private:
    Cluster m_cluster{3};
    WebhookReceiver m_receiver;
    Session m_admin;
    Session m_sam; // staff, writes
    Session m_tom; // staff, online on node 2
    Session m_bob; // customer, offline
};

void tst_ClusterWebhooks::initTestCase()
{
    QVERIFY(m_receiver.listen());
    for (int i = 0; i < m_cluster.size(); ++i) {
        m_cluster.node(i).setEnv(u"PARLEY_WEBHOOK_POLL_MS"_s, u"20"_s);
        m_cluster.node(i).setEnv(u"PARLEY_WEBHOOK_BACKOFF_MS"_s, u"50"_s);
    }
    QVERIFY2(m_cluster.start(RedisService::fixtureUrl()), qPrintable(m_cluster.errorString()));
    m_admin = m_cluster.node(0).createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_sam = m_cluster.node(0).createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_tom = m_cluster.node(0).createUser(uniqueName(u"tom"_s), u"staff"_s);
    m_bob = m_cluster.api(0).registerUser(uniqueName(u"bob"_s));
}

void tst_ClusterWebhooks::cleanup()
{
    m_cluster.dumpLogsIfFailed();
}

void tst_ClusterWebhooks::eachDeliveryQueuedAndSentOnce()
{
    const QString path = u"/cluster"_s;
    const Reply created =
        m_cluster.api(1).post(u"/api/admin/webhooks"_s,
                              {{u"url"_s, m_receiver.url(path)}, {u"interval_s"_s, 0}}, m_admin);
    EXPECT_STATUS(created, 201);
    RETURN_IF_FAILED();
    const QString webhookId = created.obj().value(u"id"_s).toString();

    const QString room = openGroupRoom(m_cluster.api(0), m_sam, {m_tom, m_bob}, u"Cluster"_s);
    RETURN_IF_FAILED();
    // Tom connects to node 2; node 0 (where Sam writes) learns it over Redis.
    WsClient tomWs(u"tom"_s);
    QVERIFY(tomWs.open(wsUrl(m_cluster.node(2), m_tom.access)));
    QVERIFY(tomWs.waitHello());
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Reply staff = m_cluster.api(0).get(u"/api/chat/online-staff"_s, m_sam);
            return idsOf(staff.array()).contains(m_tom.id());
        },
        15000));

    constexpr int kMessages = 10;
    for (int i = 0; i < kMessages; ++i) {
        send(m_cluster.api(0), m_sam, room, u"update %1"_s.arg(i));
        RETURN_IF_FAILED();
    }
    const Reply log = m_cluster.api(2).get(
        u"/api/admin/webhook-deliveries?webhook_id=%1&limit=200"_s.arg(webhookId), m_admin);
    EXPECT_STATUS(log, 200);
    QCOMPARE(log.results().size(), kMessages); // Bob's, once each: not Tom's, not per node
    for (const QJsonValue &delivery : log.results())
        QCOMPARE(delivery.toObject().value(u"recipient_id"_s).toString(), m_bob.id());

    QVERIFY(m_receiver.waitForCount(path, kMessages));
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Reply now = m_cluster.api(1).get(
                u"/api/admin/webhook-deliveries?webhook_id=%1&limit=200"_s.arg(webhookId), m_admin);
            for (const QJsonValue &delivery : now.results()) {
                if (delivery.toObject().value(u"status"_s).toString() != u"delivered")
                    return false;
            }
            return true;
        },
        15000));
    QSet<QByteArray> ids;
    for (const auto &request : m_receiver.received(path))
        ids.insert(request.header("x-parley-delivery"));
    QCOMPARE(m_receiver.received(path).size(), kMessages);
    QCOMPARE(ids.size(), kMessages);
}

QTEST_MAIN(tst_ClusterWebhooks)
#include "tst_cluster_webhooks.moc"
