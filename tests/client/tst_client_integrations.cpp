// The admin's integrations in the desktop client (ui-admin): ApiKeyModel, WebhookEndpointModel and
// WebhookDeliveryModel over client::ApiClient against the real parley-server. A key created from
// the client works on /api/integrations/v1 and stops working once revoked from it; a webhook
// created from the client gets a real, signed delivery at a real HTTP receiver when a member is
// offline, and the client's delivery log shows it; a non-admin gets the server's error.
#include "ClientTest.h"
#include "WebhookReceiver.h"

#include "models/ApiKeyModel.h"
#include "models/WebhookDeliveryModel.h"
#include "models/WebhookEndpointModel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace parley;
using namespace parley::test;
using namespace parley::client;

namespace {
const QString kOrderRooms = u"/api/integrations/v1/order-rooms"_s;

// The value of `role` in the row whose deliveryId is `id` (invalid when there is none).
QVariant deliveryRole(const WebhookDeliveryModel &model, const QString &id, const QByteArray &role)
{
    const int row = rowWhere(&model, "deliveryId", id);
    return row < 0 ? QVariant() : roleAt(&model, row, role);
}
} // namespace

class tst_ClientIntegrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }
    void apiKeyLifecycle();
    void apiKeyFormChecks_data();
    void apiKeyFormChecks();
    void webhookDeliveryToOfflineMember();
    void webhookTestRotateAndFailures();
    void nonAdminGetsTheError_data();
    void nonAdminGetsTheError();

private:
    Reply openOrderRoom(const QString &secret, const QString &orderRef);

    TestServer m_server;
    test::ApiClient m_raw{&m_server};
    WebhookReceiver m_receiver;
    test::Session m_admin;
    test::Session m_staff;
    test::Session m_customer;
};

void tst_ClientIntegrations::initTestCase()
{
    QVERIFY(m_receiver.listen());
    m_server.setEnv(u"PARLEY_WEBHOOK_POLL_MS"_s, u"50"_s);
    m_server.setEnv(u"PARLEY_WEBHOOK_BACKOFF_MS"_s, u"50"_s);
    m_server.setEnv(u"PARLEY_WEBHOOK_BACKOFF_CAP_MS"_s, u"100"_s);
    m_server.setEnv(u"PARLEY_WEBHOOK_MAX_ATTEMPTS"_s, u"2"_s);
    m_server.setEnv(u"PARLEY_WEBHOOK_TIMEOUT_MS"_s, u"2000"_s);
    m_server.setEnv(u"PARLEY_WEBHOOK_LEASE_MS"_s, u"3000"_s);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_admin = m_server.createUser(uniqueName(u"admin"_s), u"admin"_s);
    m_staff = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    m_customer = m_server.createUser(uniqueName(u"cust"_s), u"customer"_s);
    QVERIFY(!m_customer.access.isEmpty());
}

Reply tst_ClientIntegrations::openOrderRoom(const QString &secret, const QString &orderRef)
{
    const QJsonObject body{{u"order_ref"_s, orderRef},
                           {u"customer"_s, m_customer.username()},
                           {u"partner"_s, m_staff.username()}};
    return m_raw.raw("POST", kOrderRooms, QJsonDocument(body).toJson(QJsonDocument::Compact),
                     {{"X-Api-Key", secret.toUtf8()}});
}

void tst_ClientIntegrations::apiKeyLifecycle()
{
    ClientApp app(m_server);
    QVERIFY(app.login(m_admin.username()));
    ApiKeyModel keys;
    QAbstractItemModelTester tester(&keys, kModelTesterMode);
    QSignalSpy created(&keys, &ApiKeyModel::keyCreated);
    QSignalSpy revoked(&keys, &ApiKeyModel::keyRevoked);
    QSignalSpy errors(&keys, &ApiKeyModel::errorOccurred);
    keys.refresh();
    QTRY_VERIFY(!keys.isLoading());
    const int before = keys.count();

    const QString name = uniqueName(u"shop"_s);
    keys.createKey(u"  "_s + name + u" "_s, {u"rooms:write"_s});
    QTRY_COMPARE(created.size(), 1);
    QCOMPARE(created.at(0).at(0).toString(), name);
    const QString secret = created.at(0).at(1).toString();
    QVERIFY2(secret.startsWith(u"pk_live_"_s), qPrintable(secret));
    QCOMPARE(keys.count(), before + 1);
    QCOMPARE(roleAt(&keys, 0, "name").toString(), name);
    QCOMPARE(roleAt(&keys, 0, "scopes").toStringList(), QStringList{u"rooms:write"_s});
    QVERIFY(!roleAt(&keys, 0, "revoked").toBool());
    QVERIFY(!roleAt(&keys, 0, "lastUsedAt").isValid());
    const QString keyId = roleAt(&keys, 0, "keyId").toString();

    // The secret the dialog showed works on the integration API, with the scope it was given.
    const Reply room = openOrderRoom(secret, uniqueName(u"ORD"_s));
    QVERIFY2(room.status == 201, qPrintable(room.describe()));
    const Reply event =
        m_raw.raw("POST", u"/api/integrations/v1/events"_s,
                  R"({"order_ref":"x","event_id":"e1","type":"dispute_opened","reason":"other"})",
                  {{"X-Api-Key", secret.toUtf8()}});
    QCOMPARE(event.status, 403); // no events:write

    // A fresh list shows its use and never the secret.
    keys.refresh();
    QTRY_VERIFY(!keys.isLoading());
    const int row = rowWhere(&keys, "keyId", keyId);
    QVERIFY(row >= 0);
    QVERIFY(roleAt(&keys, row, "lastUsedAt").toDateTime().isValid());
    for (int i = 0; i < keys.count(); ++i) {
        const QVariantMap map = keys.get(i);
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            QVERIFY2(!it.value().toString().contains(secret), qPrintable(it.key()));
    }

    keys.revoke(keyId);
    QTRY_COMPARE(revoked.size(), 1);
    QCOMPARE(revoked.at(0).at(0).toString(), name);
    QVERIFY(roleAt(&keys, row, "revoked").toBool());
    QVERIFY(roleAt(&keys, row, "revokedAt").toDateTime().isValid());
    const Reply after = openOrderRoom(secret, uniqueName(u"ORD"_s));
    QCOMPARE(after.status, 401);
    QCOMPARE(errors.size(), 0);
}

void tst_ClientIntegrations::apiKeyFormChecks_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<QString>("message");
    QTest::addRow("blank name") << u"   "_s << QStringList{u"rooms:write"_s} << u"name"_s;
    QTest::addRow("no scope") << u"shop"_s << QStringList{} << u"scopes"_s;
    QTest::addRow("unknown scope") << u"shop"_s << QStringList{u"admin"_s} << u"scopes"_s;
}

void tst_ClientIntegrations::apiKeyFormChecks()
{
    QFETCH(QString, name);
    QFETCH(QStringList, scopes);
    QFETCH(QString, message);
    ClientApp app(m_server);
    QVERIFY(app.login(m_admin.username()));
    ApiKeyModel keys;
    QSignalSpy created(&keys, &ApiKeyModel::keyCreated);
    QSignalSpy errors(&keys, &ApiKeyModel::errorOccurred);
    keys.createKey(name, scopes);
    QTRY_COMPARE(errors.size(), 1);
    QVERIFY2(errors.at(0).at(0).toString().contains(message),
             qPrintable(errors.at(0).at(0).toString()));
    QCOMPARE(created.size(), 0);
    QCOMPARE(keys.count(), 0);
}

void tst_ClientIntegrations::webhookDeliveryToOfflineMember()
{
    ClientApp app(m_server);
    QVERIFY(app.login(m_admin.username()));
    WebhookEndpointModel endpoints;
    QAbstractItemModelTester endpointsTester(&endpoints, kModelTesterMode);
    QSignalSpy issued(&endpoints, &WebhookEndpointModel::secretIssued);
    QSignalSpy errors(&endpoints, &WebhookEndpointModel::errorOccurred);
    endpoints.refresh();
    QTRY_VERIFY(!endpoints.isLoading());

    const QString path = u"/offline"_s;
    endpoints.create(m_receiver.url(path), endpoints.availableEvents(), true, 0);
    QTRY_COMPARE(issued.size(), 1);
    const QString webhookId = issued.at(0).at(0).toString();
    const QString secret = issued.at(0).at(2).toString();
    QVERIFY2(secret.startsWith(u"whsec_"_s), qPrintable(secret));
    const int row = rowWhere(&endpoints, "webhookId", webhookId);
    QVERIFY(row >= 0);
    QCOMPARE(roleAt(&endpoints, row, "url").toString(), m_receiver.url(path));
    QCOMPARE(roleAt(&endpoints, row, "intervalS").toInt(), 0);
    QVERIFY(roleAt(&endpoints, row, "enabled").toBool());

    // The customer has no socket: the staff's message reaches them through the webhook.
    const QString room = roomWithStaff(m_server, m_customer, m_staff);
    QVERIFY(!room.isEmpty());
    const Message sent = postText(m_server, m_staff, room, u"Your parcel left the depot"_s);
    QVERIFY(!sent.id.isEmpty());
    QVERIFY(m_receiver.waitForCount(path, 1));
    const WebhookReceiver::Request request = m_receiver.received(path).at(0);
    QCOMPARE(WebhookReceiver::checkSignature(request, secret), QString());
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    QCOMPARE(body.value("recipient"_L1).toObject().value("id"_L1).toString(), m_customer.id());
    QCOMPARE(body.value("message"_L1).toObject().value("id"_L1).toString(), sent.id);

    // The client's delivery log, filtered to this endpoint, shows it delivered.
    WebhookDeliveryModel log;
    QAbstractItemModelTester logTester(&log, kModelTesterMode);
    log.setWebhookId(webhookId);
    const QString deliveryId = QString::fromLatin1(request.header("x-parley-delivery"));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            if (!log.isLoading() && deliveryRole(log, deliveryId, "status") != u"delivered"_s)
                log.refresh();
            return deliveryRole(log, deliveryId, "status") == u"delivered"_s;
        }(),
        15000);
    QCOMPARE(deliveryRole(log, deliveryId, "endpointId").toString(), webhookId);
    QCOMPARE(deliveryRole(log, deliveryId, "event").toString(), u"message.offline_member"_s);
    QCOMPARE(deliveryRole(log, deliveryId, "roomId").toString(), room);
    QCOMPARE(deliveryRole(log, deliveryId, "recipientId").toString(), m_customer.id());
    QCOMPARE(deliveryRole(log, deliveryId, "attempts").toInt(), 1);
    QCOMPARE(deliveryRole(log, deliveryId, "lastStatusCode").toInt(), 200);
    QVERIFY(deliveryRole(log, deliveryId, "deliveredAt").toDateTime().isValid());
    QVERIFY(!deliveryRole(log, deliveryId, "nextAttemptAt").isValid());

    // Redeliver: a new delivery with the same body, first in the log, sent again.
    QSignalSpy redelivered(&log, &WebhookDeliveryModel::redelivered);
    log.redeliver(deliveryId);
    QTRY_COMPARE(redelivered.size(), 1);
    const QString copyId = redelivered.at(0).at(0).toString();
    QVERIFY(copyId != deliveryId);
    QCOMPARE(roleAt(&log, 0, "deliveryId").toString(), copyId);
    QVERIFY(m_receiver.waitForCount(path, 2));
    const WebhookReceiver::Request again = m_receiver.received(path).at(1);
    QCOMPARE(again.body, request.body);
    QCOMPARE(QString::fromLatin1(again.header("x-parley-delivery")), copyId);

    // Another endpoint's filter does not show these.
    WebhookDeliveryModel other;
    other.setWebhookId(u"no-such-endpoint"_s);
    QTRY_VERIFY(!other.isLoading());
    QCOMPARE(other.count(), 0);

    endpoints.setEnabled(webhookId, false);
    QTRY_VERIFY(!roleAt(&endpoints, row, "enabled").toBool());
    QCOMPARE(errors.size(), 0);
}

void tst_ClientIntegrations::webhookTestRotateAndFailures()
{
    ClientApp app(m_server);
    QVERIFY(app.login(m_admin.username()));
    WebhookEndpointModel endpoints;
    QSignalSpy issued(&endpoints, &WebhookEndpointModel::secretIssued);
    QSignalSpy tested(&endpoints, &WebhookEndpointModel::testQueued);
    QSignalSpy updated(&endpoints, &WebhookEndpointModel::endpointUpdated);
    QSignalSpy errors(&endpoints, &WebhookEndpointModel::errorOccurred);
    endpoints.refresh();
    QTRY_VERIFY(!endpoints.isLoading());
    const QString path = u"/pings"_s;
    // Disabled: message traffic queues nothing, pings are sent anyway.
    endpoints.create(m_receiver.url(path), endpoints.availableEvents(), false, 60);
    QTRY_COMPARE(issued.size(), 1);
    const QString webhookId = issued.at(0).at(0).toString();
    const QString first = issued.at(0).at(2).toString();

    endpoints.sendTest(webhookId);
    QTRY_COMPARE(tested.size(), 1);
    QVERIFY(m_receiver.waitForCount(path, 1));
    QCOMPARE(m_receiver.received(path).at(0).header("x-parley-event"), QByteArray("ping"));
    QCOMPARE(WebhookReceiver::checkSignature(m_receiver.received(path).at(0), first), QString());

    // Rotating shows a new secret once; the next ping is signed with it, not the old one.
    endpoints.rotateSecret(webhookId);
    QTRY_COMPARE(issued.size(), 2);
    const QString second = issued.at(1).at(2).toString();
    QVERIFY(!second.isEmpty() && second != first);
    endpoints.sendTest(webhookId);
    QTRY_COMPARE(tested.size(), 2);
    QVERIFY(m_receiver.waitForCount(path, 2));
    QCOMPARE(WebhookReceiver::checkSignature(m_receiver.received(path).at(1), second), QString());
    QVERIFY(!WebhookReceiver::checkSignature(m_receiver.received(path).at(1), first).isEmpty());

    // Edit: the URL moves to a path that answers 404; the log shows the failure and its code.
    const QString failing = u"/gone"_s;
    m_receiver.script(failing, {{404, {}, false}});
    endpoints.update(webhookId, m_receiver.url(failing), endpoints.availableEvents(), false, 120);
    QTRY_COMPARE(updated.size(), 2); // the rotate, then this edit
    const int row = rowWhere(&endpoints, "webhookId", webhookId);
    QCOMPARE(roleAt(&endpoints, row, "url").toString(), m_receiver.url(failing));
    QCOMPARE(roleAt(&endpoints, row, "intervalS").toInt(), 120);
    QCOMPARE(issued.size(), 2); // an edit shows no secret
    endpoints.sendTest(webhookId);
    QTRY_COMPARE(tested.size(), 3);
    const QString pingId = tested.at(2).at(1).toString();
    WebhookDeliveryModel log;
    log.setWebhookId(webhookId);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            if (!log.isLoading() && deliveryRole(log, pingId, "status") != u"failed"_s)
                log.refresh();
            return deliveryRole(log, pingId, "status") == u"failed"_s;
        }(),
        15000);
    QCOMPARE(deliveryRole(log, pingId, "lastStatusCode").toInt(), 404);
    QCOMPARE(deliveryRole(log, pingId, "attempts").toInt(), 1);
    QCOMPARE(log.count(), 3);

    endpoints.update(webhookId, u"ftp://example.com/x"_s, endpoints.availableEvents(), true, 60);
    QTRY_COMPARE(errors.size(), 1);
    QVERIFY2(errors.at(0).at(0).toString().contains(u"http"_s),
             qPrintable(errors.at(0).at(0).toString()));
}

void tst_ClientIntegrations::nonAdminGetsTheError_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("call");
    QTest::addColumn<QString>("message");
    const QString keys = u"Only admins can manage API keys"_s;
    const QString hooks = u"Only admins can manage webhooks"_s;
    for (const QString &who : {u"staff"_s, u"customer"_s}) {
        QTest::addRow("%s lists keys", qPrintable(who)) << who << 0 << keys;
        QTest::addRow("%s creates a key", qPrintable(who)) << who << 1 << keys;
        QTest::addRow("%s lists webhooks", qPrintable(who)) << who << 2 << hooks;
        QTest::addRow("%s creates a webhook", qPrintable(who)) << who << 3 << hooks;
        QTest::addRow("%s reads deliveries", qPrintable(who)) << who << 4 << hooks;
    }
}

void tst_ClientIntegrations::nonAdminGetsTheError()
{
    QFETCH(QString, who);
    QFETCH(int, call);
    QFETCH(QString, message);
    ClientApp app(m_server);
    QVERIFY(app.login(who == u"staff"_s ? m_staff.username() : m_customer.username()));
    ApiKeyModel keys;
    WebhookEndpointModel endpoints;
    WebhookDeliveryModel log;
    QSignalSpy keyErrors(&keys, &ApiKeyModel::errorOccurred);
    QSignalSpy endpointErrors(&endpoints, &WebhookEndpointModel::errorOccurred);
    QSignalSpy logErrors(&log, &WebhookDeliveryModel::errorOccurred);
    QSignalSpy *errors = nullptr;
    switch (call) {
    case 0:
        keys.refresh();
        errors = &keyErrors;
        break;
    case 1:
        keys.createKey(u"shop"_s, keys.availableScopes());
        errors = &keyErrors;
        break;
    case 2:
        endpoints.refresh();
        errors = &endpointErrors;
        break;
    case 3:
        endpoints.create(m_receiver.url(u"/never"_s), endpoints.availableEvents(), true, 60);
        errors = &endpointErrors;
        break;
    default:
        log.refresh();
        errors = &logErrors;
        break;
    }
    QTRY_COMPARE(errors->size(), 1);
    // The server's own sentence for the 403, as the toast shows it.
    QCOMPARE(errors->at(0).at(0).toString(), message);
    QCOMPARE(keys.count() + endpoints.count() + log.count(), 0);
    QCOMPARE(m_receiver.received(u"/never"_s).size(), 0);
}

QTEST_MAIN(tst_ClientIntegrations)
#include "tst_client_integrations.moc"
