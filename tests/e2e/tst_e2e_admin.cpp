// The admin's integrations through the app's UI (ui-admin), end to end: the real parley-server
// (demo data) on an ephemeral port and the admin in the real Main.qml, offscreen. On the "API keys"
// tab the admin creates a key and reads its secret from the once-only dialog; that secret opens an
// order room on the integration API; revoking it (after the confirmation) makes it useless. On the
// "Webhooks" tab the admin adds an endpoint, reads its signing secret from the dialog, sends a test
// delivery, which a real HTTP receiver gets signed with that secret, and the delivery log shows it
// delivered.
#include "AppLoader.h"
#include "TestServer.h"
#include "UiDriver.h"
#include "WebhookReceiver.h"

#include <QApplication>
#include <QJsonDocument>
#include <QQuickItem>
#include <QTest>

using namespace Qt::StringLiterals;
using parley::e2e::UiDriver;
using parley::test::Reply;
using parley::test::WebhookReceiver;

class TestE2eAdmin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_receiver.listen());
        m_server.setEnv(u"PARLEY_WEBHOOK_POLL_MS"_s, u"50"_s);
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        m_admin = std::make_unique<UiDriver>(m_server.baseUrl());
        QVERIFY2(m_admin->login(u"admin"_s, u"demo-password"_s),
                 qPrintable(m_admin->errorString()));
        QVERIFY(m_admin->showSection(u"admin"_s));
    }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            m_server.dumpLogIfFailed();
    }

    void createUseAndRevokeAKey()
    {
        // Alt+4: the API keys tab.
        m_admin->pressKey(Qt::Key_4, Qt::AltModifier);
        QTRY_VERIFY(m_admin->find(u"apiKeysSection"_s));
        m_admin->type(m_admin->find(u"apiKeyNameField"_s), u"Shop backend"_s);
        QVERIFY(m_admin->click(m_admin->find(u"createApiKeyButton"_s)));
        const QString secret = shownSecret();
        QVERIFY2(secret.startsWith(u"pk_live_"_s), qPrintable(secret));
        QVERIFY(m_admin->click(m_admin->find(u"copySecretButton"_s)));
        QVERIFY(m_admin->click(m_admin->find(u"secretDoneButton"_s)));
        QTRY_VERIFY(!m_admin->find(u"secretField"_s));
        // The list lays out its new row on a later frame.
        QTRY_VERIFY(m_admin->findDelegate(u"apiKeyList"_s, "name", u"Shop backend"_s));

        QCOMPARE(openOrderRoom(secret, u"E2E-1"_s).status, 201);

        auto *row = m_admin->findDelegate(u"apiKeyList"_s, "name", u"Shop backend"_s);
        QVERIFY(m_admin->click(UiDriver::findIn(row, u"revokeKeyButton"_s)));
        QTRY_VERIFY(m_admin->find(u"confirmButton"_s));
        QVERIFY(m_admin->click(m_admin->find(u"confirmButton"_s)));
        QTRY_VERIFY([&] {
            auto *revoked = m_admin->findDelegate(u"apiKeyList"_s, "name", u"Shop backend"_s);
            return revoked && revoked->property("revoked").toBool();
        }());
        QCOMPARE(openOrderRoom(secret, u"E2E-2"_s).status, 401);
    }

    void addAWebhookAndSeeItsDelivery()
    {
        QVERIFY(m_admin->click(m_admin->find(u"webhooksTab"_s)));
        QTRY_VERIFY(m_admin->find(u"webhooksSection"_s));
        QVERIFY(m_admin->click(m_admin->find(u"addWebhookButton"_s)));
        QTRY_VERIFY(m_admin->find(u"webhookUrlField"_s));
        const QString url = m_receiver.url(u"/e2e"_s);
        m_admin->type(m_admin->find(u"webhookUrlField"_s), url);
        QVERIFY(m_admin->click(m_admin->find(u"saveWebhookButton"_s)));
        const QString secret = shownSecret();
        QVERIFY2(secret.startsWith(u"whsec_"_s), qPrintable(secret));
        m_admin->pressKey(Qt::Key_Escape);
        QTRY_VERIFY(!m_admin->find(u"secretField"_s));

        QTRY_VERIFY(m_admin->findDelegate(u"webhookList"_s, "url", url));
        auto *row = m_admin->findDelegate(u"webhookList"_s, "url", url);
        QVERIFY(row->property("enabled").toBool());
        QVERIFY(m_admin->click(UiDriver::findIn(row, u"testWebhookButton"_s)));
        QVERIFY(m_receiver.waitForCount(u"/e2e"_s, 1));
        const WebhookReceiver::Request ping = m_receiver.received(u"/e2e"_s).at(0);
        QCOMPARE(ping.header("x-parley-event"), QByteArray("ping"));
        QCOMPARE(WebhookReceiver::checkSignature(ping, secret), QString());

        // The log (filtered to this endpoint by the test action) shows it delivered.
        const QString deliveryId = QString::fromLatin1(ping.header("x-parley-delivery"));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QQuickItem *d = m_admin->findDelegate(u"deliveryList"_s, "deliveryId", deliveryId);
                return d && d->property("status").toString() == u"delivered"_s;
            }(),
            15000);
    }

private:
    // The secret in the open once-only dialog.
    QString shownSecret()
    {
        QString secret;
        UiDriver::waitFor([&] {
            QQuickItem *field = m_admin->find(u"secretField"_s);
            secret = field ? field->property("text").toString() : QString();
            return !secret.isEmpty();
        });
        return secret;
    }

    Reply openOrderRoom(const QString &secret, const QString &orderRef)
    {
        const QJsonObject body{
            {u"order_ref"_s, orderRef}, {u"customer"_s, u"alice"_s}, {u"partner"_s, u"sam"_s}};
        return m_api.raw("POST", u"/api/integrations/v1/order-rooms"_s,
                         QJsonDocument(body).toJson(QJsonDocument::Compact),
                         {{"X-Api-Key", secret.toUtf8()}});
    }

    parley::test::TestServer m_server{{u"--demo"_s}};
    parley::test::ApiClient m_api{&m_server};
    WebhookReceiver m_receiver;
    std::unique_ptr<UiDriver> m_admin;
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"ParleyE2E"_s);
    parley::app::useDefaultStyle();
    TestE2eAdmin test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_e2e_admin.moc"
