// Webhooks (docs/API.md "Webhooks"): the real parley-server POSTs to a real local HTTP receiver
// (support/WebhookReceiver). Offline members trigger signed deliveries and online ones do not;
// deliveries coalesce per interval; 5xx/429 are retried with backoff, other 4xx are not; the
// queue survives kill -9 (a crashed node's lease expires and the delivery is made exactly once);
// only admins manage webhooks and the secret is shown once.
#include "WebhookReceiver.h"
#include "WsTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

constexpr int kMaxAttempts = 4;
const QString kSecret = u"receiver-secret-0123456789"_s;

QString deliveriesPath(const QString &webhookId)
{
    return u"/api/admin/webhook-deliveries?webhook_id=%1&limit=200"_s.arg(webhookId);
}

} // namespace

class tst_DeskWebhooks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void onlyAdmins_data();
    void onlyAdmins();
    void invalidEndpoints_data();
    void invalidEndpoints();
    void secretShownOnce();
    void offlineMemberGetsSignedDelivery();
    void coalescing_data();
    void coalescing();
    void answers_data();
    void answers();
    void retryAfterIsHonoured();
    void redeliverAndPaging();
    void disabledEndpointQueuesNothing();
    void survivesKillDuringDelivery();

private:
    // A new enabled endpoint POSTing to receiver path `path`: its id.
    QString createEndpoint(const QString &path, int intervalS = 3600);
    QJsonArray deliveries(const QString &webhookId);
    // Waits until the delivery has `status`; its JSON.
    QJsonObject waitForStatus(const QString &webhookId, const QString &deliveryId,
                              const QString &status);

    TestServer m_server;
    ApiClient m_api{&m_server};
    WebhookReceiver m_receiver;
    Session m_admin;
    Session m_sam;   // staff
    Session m_alice; // customer
    Session m_bob;   // customer
    QStringList m_endpoints;
};

void tst_DeskWebhooks::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY(m_receiver.listen());
    m_server.setEnv(u"PARLEY_WEBHOOK_POLL_MS"_s, u"50"_s);
    m_server.setEnv(u"PARLEY_WEBHOOK_BACKOFF_MS"_s, u"50"_s);
    m_server.setEnv(u"PARLEY_WEBHOOK_BACKOFF_CAP_MS"_s, u"200"_s);
    m_server.setEnv(u"PARLEY_WEBHOOK_MAX_ATTEMPTS"_s, QString::number(kMaxAttempts));
    m_server.setEnv(u"PARLEY_WEBHOOK_TIMEOUT_MS"_s, u"2000"_s);
    m_server.setEnv(u"PARLEY_WEBHOOK_LEASE_MS"_s, u"3000"_s);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_sam = m_server.createUser(uniqueName(u"sam"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    m_bob = m_api.registerUser(uniqueName(u"bob"_s));
}

void tst_DeskWebhooks::cleanup()
{
    // Each test's endpoints go quiet so they do not see the next test's messages.
    for (const QString &id : std::as_const(m_endpoints))
        m_api.patch(u"/api/admin/webhooks/"_s + id, {{u"enabled"_s, false}}, m_admin);
    m_endpoints.clear();
    m_server.dumpLogIfFailed();
}

QString tst_DeskWebhooks::createEndpoint(const QString &path, int intervalS)
{
    const Reply created = m_api.post(
        u"/api/admin/webhooks"_s,
        {{u"url"_s, m_receiver.url(path)}, {u"secret"_s, kSecret}, {u"interval_s"_s, intervalS}},
        m_admin);
    if (created.status != 201) {
        QTest::qFail(qPrintable(created.describe()), __FILE__, __LINE__);
        return {};
    }
    const QString id = created.obj().value(u"id"_s).toString();
    m_endpoints.append(id);
    return id;
}

QJsonArray tst_DeskWebhooks::deliveries(const QString &webhookId)
{
    const Reply reply = m_api.get(deliveriesPath(webhookId), m_admin);
    if (reply.status != 200)
        QTest::qFail(qPrintable(reply.describe()), __FILE__, __LINE__);
    return reply.results();
}

QJsonObject tst_DeskWebhooks::waitForStatus(const QString &webhookId, const QString &deliveryId,
                                            const QString &status)
{
    QJsonObject found;
    const bool reached = QTest::qWaitFor(
        [&] {
            found = findById(deliveries(webhookId), deliveryId);
            return found.value(u"status"_s).toString() == status;
        },
        15000);
    if (!reached)
        qWarning("delivery %s never became %s: %s", qPrintable(deliveryId), qPrintable(status),
                 QJsonDocument(found).toJson(QJsonDocument::Compact).constData());
    return found;
}

void tst_DeskWebhooks::onlyAdmins_data()
{
    QTest::addColumn<QString>("who");
    QTest::newRow("staff") << u"sam"_s;
    QTest::newRow("customer") << u"alice"_s;
}

void tst_DeskWebhooks::onlyAdmins()
{
    QFETCH(QString, who);
    const Session &as = who == u"sam" ? m_sam : m_alice;
    const QString id = createEndpoint(u"/admins-only"_s);
    RETURN_IF_FAILED();
    EXPECT_ERROR(m_api.get(u"/api/admin/webhooks"_s, as), 403, "forbidden");
    EXPECT_ERROR(m_api.post(u"/api/admin/webhooks"_s, {{u"url"_s, m_receiver.url(u"/x"_s)}}, as),
                 403, "forbidden");
    EXPECT_ERROR(m_api.patch(u"/api/admin/webhooks/"_s + id, {{u"enabled"_s, false}}, as), 403,
                 "forbidden");
    EXPECT_ERROR(m_api.post(u"/api/admin/webhooks/%1/test"_s.arg(id), {}, as), 403, "forbidden");
    EXPECT_ERROR(m_api.get(deliveriesPath(id), as), 403, "forbidden");
    EXPECT_ERROR(m_api.get(u"/api/admin/webhooks"_s, Session{}), 401, "unauthorized");
}

void tst_DeskWebhooks::invalidEndpoints_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");
    const QString url = u"https://hooks.example.com/parley"_s;
    QTest::newRow("no url") << QJsonObject{} << u"url"_s;
    QTest::newRow("ftp url") << QJsonObject{{u"url"_s, u"ftp://example.com/x"_s}} << u"url"_s;
    QTest::newRow("no host") << QJsonObject{{u"url"_s, u"http:///x"_s}} << u"url"_s;
    QTest::newRow("short secret") << QJsonObject{{u"url"_s, url}, {u"secret"_s, u"short"_s}}
                                  << u"secret"_s;
    QTest::newRow("unknown event")
        << QJsonObject{{u"url"_s, url}, {u"events"_s, QJsonArray{u"message.sent"_s}}}
        << u"events"_s;
    QTest::newRow("no events") << QJsonObject{{u"url"_s, url}, {u"events"_s, QJsonArray{}}}
                               << u"events"_s;
    QTest::newRow("negative interval")
        << QJsonObject{{u"url"_s, url}, {u"interval_s"_s, -1}} << u"interval_s"_s;
}

void tst_DeskWebhooks::invalidEndpoints()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    const Reply reply = m_api.post(u"/api/admin/webhooks"_s, body, m_admin);
    EXPECT_STATUS(reply, 400);
    QCOMPARE(reply.errorField(), field);
}

void tst_DeskWebhooks::secretShownOnce()
{
    const Reply created =
        m_api.post(u"/api/admin/webhooks"_s, {{u"url"_s, m_receiver.url(u"/secret"_s)}}, m_admin);
    EXPECT_STATUS(created, 201);
    RETURN_IF_FAILED();
    const QString id = created.obj().value(u"id"_s).toString();
    m_endpoints.append(id);
    const QString generated = created.obj().value(u"secret"_s).toString();
    QVERIFY2(generated.size() >= 32, qPrintable(created.describe()));
    QCOMPARE(created.obj().value(u"interval_s"_s).toInt(), 300);
    QCOMPARE(created.obj().value(u"events"_s).toArray(), QJsonArray{u"message.offline_member"_s});

    const Reply listed = m_api.get(u"/api/admin/webhooks"_s, m_admin);
    EXPECT_STATUS(listed, 200);
    const QJsonObject mine = findById(listed.results(), id);
    QCOMPARE(mine.value(u"url"_s).toString(), m_receiver.url(u"/secret"_s));
    QVERIFY2(!mine.contains(u"secret"_s), qPrintable(listed.describe()));
    QVERIFY(!listed.body.contains(generated.toUtf8()));

    const Reply edited =
        m_api.patch(u"/api/admin/webhooks/"_s + id, {{u"interval_s"_s, 60}}, m_admin);
    EXPECT_STATUS(edited, 200);
    QCOMPARE(edited.obj().value(u"interval_s"_s).toInt(), 60);
    QVERIFY(!edited.obj().contains(u"secret"_s));

    const Reply rotated =
        m_api.patch(u"/api/admin/webhooks/"_s + id, {{u"rotate_secret"_s, true}}, m_admin);
    EXPECT_STATUS(rotated, 200);
    const QString fresh = rotated.obj().value(u"secret"_s).toString();
    QVERIFY(fresh.size() >= 32);
    QVERIFY(fresh != generated);

    // The test event is signed with the new secret, and no secret reaches the log.
    EXPECT_STATUS(m_api.post(u"/api/admin/webhooks/%1/test"_s.arg(id), {}, m_admin), 202);
    QVERIFY(m_receiver.waitForCount(u"/secret"_s, 1));
    const auto ping = m_receiver.received(u"/secret"_s).constFirst();
    QCOMPARE(ping.header("x-parley-event"), "ping");
    QCOMPARE(WebhookReceiver::checkSignature(ping, fresh), QString());
    QVERIFY(!WebhookReceiver::checkSignature(ping, generated).isEmpty());
    const QByteArray log = m_server.serverLog();
    QVERIFY(!log.contains(generated.toUtf8()));
    QVERIFY(!log.contains(fresh.toUtf8()));
    EXPECT_ERROR(m_api.patch(u"/api/admin/webhooks/nope"_s, {{u"enabled"_s, false}}, m_admin), 404,
                 "not_found");
}

void tst_DeskWebhooks::offlineMemberGetsSignedDelivery()
{
    const QString path = u"/offline"_s;
    const QString id = createEndpoint(path);
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(m_api, m_sam, {m_alice, m_bob}, u"Order 1042"_s);
    RETURN_IF_FAILED();
    // Alice is online (a /ws socket); Bob is not; Sam writes.
    auto aliceWs = connectChat(m_server, m_alice, u"alice"_s);
    QVERIFY(aliceWs);
    const parley::Message sent = send(m_api, m_sam, room, u"Your parcel left the depot"_s);
    RETURN_IF_FAILED();

    // Queued before the send answered: one delivery, for Bob only.
    const QJsonArray queued = deliveries(id);
    QCOMPARE(queued.size(), 1);
    const QJsonObject delivery = queued.at(0).toObject();
    QCOMPARE(delivery.value(u"recipient_id"_s).toString(), m_bob.id());
    QCOMPARE(delivery.value(u"room_id"_s).toString(), room);
    QCOMPARE(delivery.value(u"event"_s).toString(), u"message.offline_member"_s);

    QVERIFY(m_receiver.waitForCount(path, 1));
    const auto request = m_receiver.received(path).constFirst();
    QCOMPARE(request.method, "POST");
    QCOMPARE(request.header("content-type"), "application/json");
    QCOMPARE(request.header("x-parley-event"), "message.offline_member");
    QCOMPARE(QString::fromLatin1(request.header("x-parley-delivery")),
             delivery.value(u"id"_s).toString());
    QCOMPARE(WebhookReceiver::checkSignature(request, kSecret), QString());
    WebhookReceiver::Request tampered = request;
    tampered.body.replace("depot", "DEPOT");
    QVERIFY(!WebhookReceiver::checkSignature(tampered, kSecret).isEmpty());

    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    QCOMPARE(body.value(u"event"_s).toString(), u"message.offline_member"_s);
    QCOMPARE(body.value(u"room"_s).toObject().value(u"id"_s).toString(), room);
    QCOMPARE(body.value(u"recipient"_s).toObject().value(u"id"_s).toString(), m_bob.id());
    const QJsonObject message = body.value(u"message"_s).toObject();
    QCOMPARE(message.value(u"id"_s).toString(), sent.id);
    QCOMPARE(message.value(u"excerpt"_s).toString(), u"Your parcel left the depot"_s);
    QCOMPARE(message.value(u"sender"_s).toObject().value(u"id"_s).toString(), m_sam.id());

    const QJsonObject done = waitForStatus(id, delivery.value(u"id"_s).toString(), u"delivered"_s);
    QCOMPARE(done.value(u"attempts"_s).toInt(), 1);
    QCOMPARE(done.value(u"last_status_code"_s).toInt(), 200);
    EXPECT_MATCH(done.value(u"delivered_at"_s).toString(), kTimePattern);
}

void tst_DeskWebhooks::coalescing_data()
{
    QTest::addColumn<int>("intervalS");
    QTest::addColumn<int>("messages");
    QTest::addColumn<int>("pauseMs"); // between messages
    QTest::addColumn<int>("expected");
    QTest::newRow("window holds later messages") << 3600 << 3 << 0 << 1;
    QTest::newRow("interval 0 sends each") << 0 << 3 << 0 << 3;
    QTest::newRow("expired window opens again") << 1 << 2 << 1100 << 2;
}

void tst_DeskWebhooks::coalescing()
{
    QFETCH(int, intervalS);
    QFETCH(int, messages);
    QFETCH(int, pauseMs);
    QFETCH(int, expected);
    const QString id = createEndpoint(u"/coalesce"_s, intervalS);
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_api, m_alice, u"Coalescing"_s);
    RETURN_IF_FAILED();
    roomAction(m_api, m_sam, room, u"join"_s);
    RETURN_IF_FAILED();
    for (int i = 0; i < messages; ++i) {
        if (i > 0 && pauseMs > 0)
            QTest::qWait(pauseMs);
        send(m_api, m_alice, room, u"message %1"_s.arg(i));
        RETURN_IF_FAILED();
    }
    const QJsonArray queued = deliveries(id);
    QCOMPARE(queued.size(), expected);
    for (const QJsonValue &delivery : queued)
        QCOMPARE(delivery.toObject().value(u"recipient_id"_s).toString(), m_sam.id());
}

void tst_DeskWebhooks::answers_data()
{
    QTest::addColumn<QList<int>>("statuses");
    QTest::addColumn<QString>("finalStatus");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<int>("lastCode");
    QTest::newRow("200 at once") << QList<int>{200} << u"delivered"_s << 1 << 200;
    QTest::newRow("204 counts as delivered") << QList<int>{204} << u"delivered"_s << 1 << 204;
    QTest::newRow("5xx retried then 200")
        << QList<int>{500, 503, 200} << u"delivered"_s << 3 << 200;
    QTest::newRow("429 retried") << QList<int>{429, 200} << u"delivered"_s << 2 << 200;
    QTest::newRow("404 gives up") << QList<int>{404} << u"failed"_s << 1 << 404;
    QTest::newRow("410 gives up after a 500") << QList<int>{500, 410} << u"failed"_s << 2 << 410;
    QTest::newRow("500 until out of attempts")
        << QList<int>(kMaxAttempts, 500) << u"failed"_s << kMaxAttempts << 500;
}

void tst_DeskWebhooks::answers()
{
    QFETCH(QList<int>, statuses);
    QFETCH(QString, finalStatus);
    QFETCH(int, attempts);
    QFETCH(int, lastCode);
    const QString path =
        u"/answers/%1"_s.arg(QString::fromLatin1(QTest::currentDataTag())).replace(u' ', u'-');
    QList<WebhookReceiver::Answer> script;
    for (int status : std::as_const(statuses))
        script.append({status, {}, false});
    m_receiver.script(path, script);
    const QString id = createEndpoint(path);
    RETURN_IF_FAILED();
    const Reply test = m_api.post(u"/api/admin/webhooks/%1/test"_s.arg(id), {}, m_admin);
    EXPECT_STATUS(test, 202);
    RETURN_IF_FAILED();
    const QString deliveryId = test.obj().value(u"id"_s).toString();
    const QJsonObject done = waitForStatus(id, deliveryId, finalStatus);
    QCOMPARE(done.value(u"status"_s).toString(), finalStatus);
    QCOMPARE(done.value(u"attempts"_s).toInt(), attempts);
    QCOMPARE(done.value(u"last_status_code"_s).toInt(), lastCode);
    // Every attempt reached the receiver, numbered, with the same delivery id and body.
    const auto requests = m_receiver.received(path);
    QCOMPARE(requests.size(), attempts);
    for (int i = 0; i < requests.size(); ++i) {
        QCOMPARE(requests[i].header("x-parley-delivery"), deliveryId.toUtf8());
        QCOMPARE(requests[i].header("x-parley-attempt"), QByteArray::number(i + 1));
        QCOMPARE(requests[i].body, requests[0].body);
        QCOMPARE(WebhookReceiver::checkSignature(requests[i], kSecret), QString());
    }
}

void tst_DeskWebhooks::retryAfterIsHonoured()
{
    const QString path = u"/retry-after"_s;
    m_receiver.script(path, {{429, "1", false}, {200, {}, false}});
    const QString id = createEndpoint(path);
    RETURN_IF_FAILED();
    const Reply test = m_api.post(u"/api/admin/webhooks/%1/test"_s.arg(id), {}, m_admin);
    EXPECT_STATUS(test, 202);
    waitForStatus(id, test.obj().value(u"id"_s).toString(), u"delivered"_s);
    const auto requests = m_receiver.received(path);
    QCOMPARE(requests.size(), 2);
    // The backoff of this server is at most 200 ms: waiting a second is Retry-After's doing.
    QVERIFY2(requests[1].atMs - requests[0].atMs >= 950,
             qPrintable(u"retried after %1 ms"_s.arg(requests[1].atMs - requests[0].atMs)));
}

void tst_DeskWebhooks::redeliverAndPaging()
{
    const QString path = u"/redeliver"_s;
    m_receiver.script(path, {{404, {}, false}});
    const QString id = createEndpoint(path);
    RETURN_IF_FAILED();
    const Reply test = m_api.post(u"/api/admin/webhooks/%1/test"_s.arg(id), {}, m_admin);
    const QString first = test.obj().value(u"id"_s).toString();
    waitForStatus(id, first, u"failed"_s);

    const Reply again =
        m_api.post(u"/api/admin/webhook-deliveries/%1/redeliver"_s.arg(first), {}, m_admin);
    EXPECT_STATUS(again, 202);
    const QString second = again.obj().value(u"id"_s).toString();
    QVERIFY(second != first);
    waitForStatus(id, second, u"delivered"_s);
    const auto requests = m_receiver.received(path);
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests[1].body, requests[0].body);
    QCOMPARE(requests[1].header("x-parley-delivery"), second.toUtf8());
    EXPECT_ERROR(m_api.post(u"/api/admin/webhook-deliveries/nope/redeliver"_s, {}, m_admin), 404,
                 "not_found");

    // One more, then pages of two, newest first.
    const QString third = m_api.post(u"/api/admin/webhooks/%1/test"_s.arg(id), {}, m_admin)
                              .obj()
                              .value(u"id"_s)
                              .toString();
    const Reply page1 =
        m_api.get(u"/api/admin/webhook-deliveries?webhook_id=%1&limit=2"_s.arg(id), m_admin);
    EXPECT_STATUS(page1, 200);
    QCOMPARE(idsOf(page1.results()), (QStringList{third, second}));
    const QString cursor = page1.obj().value(u"next_cursor"_s).toString();
    QVERIFY(!cursor.isEmpty());
    const Reply page2 = m_api.get(
        u"/api/admin/webhook-deliveries?webhook_id=%1&limit=2&cursor=%2"_s.arg(id, cursor),
        m_admin);
    QCOMPARE(idsOf(page2.results()), QStringList{first});
    QVERIFY(page2.obj().value(u"next_cursor"_s).isNull());
}

void tst_DeskWebhooks::disabledEndpointQueuesNothing()
{
    const QString id = createEndpoint(u"/disabled"_s, 0);
    RETURN_IF_FAILED();
    EXPECT_STATUS(m_api.patch(u"/api/admin/webhooks/"_s + id, {{u"enabled"_s, false}}, m_admin),
                  200);
    const QString room = openSupportRoom(m_api, m_alice, u"Disabled"_s);
    roomAction(m_api, m_sam, room, u"join"_s);
    send(m_api, m_alice, room, u"anyone?"_s);
    RETURN_IF_FAILED();
    QCOMPARE(deliveries(id).size(), 0);
    EXPECT_STATUS(m_api.patch(u"/api/admin/webhooks/"_s + id, {{u"enabled"_s, true}}, m_admin),
                  200);
    send(m_api, m_alice, room, u"now?"_s);
    QCOMPARE(deliveries(id).size(), 1);
}

void tst_DeskWebhooks::survivesKillDuringDelivery()
{
    // The first attempt is held by the receiver: the server dies holding the lease. The next
    // run takes the delivery once the lease expires and it arrives, answered 200, exactly once.
    const QString path = u"/crash"_s;
    m_receiver.script(path, {{200, {}, true}});
    const QString id = createEndpoint(path);
    RETURN_IF_FAILED();
    const Reply test = m_api.post(u"/api/admin/webhooks/%1/test"_s.arg(id), {}, m_admin);
    EXPECT_STATUS(test, 202);
    const QString deliveryId = test.obj().value(u"id"_s).toString();
    QVERIFY(m_receiver.waitForCount(path, 1));
    m_server.kill();
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));

    const QJsonObject done = waitForStatus(id, deliveryId, u"delivered"_s);
    QCOMPARE(done.value(u"status"_s).toString(), u"delivered"_s);
    QCOMPARE(done.value(u"attempts"_s).toInt(), 1); // the held attempt was never recorded
    const auto requests = m_receiver.received(path);
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests[0].answered, 0);
    QCOMPARE(requests[1].answered, 200);
    QCOMPARE(requests[1].header("x-parley-delivery"), deliveryId.toUtf8());
}

QTEST_MAIN(tst_DeskWebhooks)
#include "tst_desk_webhooks.moc"
