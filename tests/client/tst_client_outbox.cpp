// client::Outbox against the real server: a message written while the server is down is kept in
// the local cache and arrives exactly once when the server is back, also across an app restart;
// a resend after a lost ack is not duplicated; a refused message fails and can be discarded.
#include "ClientTest.h"

#include "cache/LocalCache.h"
#include "models/MessageListModel.h"
#include "models/RoomListModel.h"
#include "realtime/Outbox.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace parley;
using namespace parley::test;
using client::MessageListModel;
using client::RealtimeClient;

class tst_ClientOutbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }

    void writtenWhileServerDownArrivesOnce();
    void survivesAppRestart();
    void lostAckIsNotDuplicated();
    void refusedMessageFails();

private:
    // The messages of a room with this content, as the staff member sees them over REST.
    int countOnServer(const test::Session &as, const QString &roomId, const QString &content);
    client::ApiClient *api(const test::Session &as);

    TestServer m_server;
};

void tst_ClientOutbox::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_server.pinPort();
}

client::ApiClient *tst_ClientOutbox::api(const test::Session &as)
{
    return restAs(m_server, as, this);
}

int tst_ClientOutbox::countOnServer(const test::Session &as, const QString &roomId,
                                    const QString &content)
{
    auto page = await<client::MessagePage>([&](auto done) {
        api(as)->history(roomId, {std::nullopt, std::nullopt, 200}, done);
    });
    if (!page)
        return -1;
    return int(std::count_if(page->messages.cbegin(), page->messages.cend(),
                             [&](const Message &m) { return m.content == content; }));
}

void tst_ClientOutbox::writtenWhileServerDownArrivesOnce()
{
    const auto [customer, staff, roomId] = supportRoom(m_server, u"oc"_s);
    QVERIFY(!roomId.isEmpty());
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(customer.username()));
    QTRY_VERIFY(app->rooms()->room(roomId).has_value());

    MessageListModel messages;
    QAbstractItemModelTester tester(&messages, kModelTesterMode);
    messages.setRoomId(roomId);
    QTRY_VERIFY(messages.canSend());
    QTRY_COMPARE(messages.count(), 1); // the "joined" notice

    m_server.stop();
    QTRY_COMPARE(app->connectionState(), RealtimeClient::Offline);
    QVERIFY(messages.sendText(u"written offline"_s));
    QCOMPARE(app->pendingCount(), 1);
    const int row = messages.count() - 1;
    const QString clientId = messages.get(row).value(u"clientId"_s).toString();
    QVERIFY(!clientId.isEmpty());
    QCOMPARE(messages.get(row).value(u"deliveryState"_s).toInt(), int(MessageListModel::Pending));
    QCOMPARE(messages.get(row).value(u"content"_s).toString(), u"written offline"_s);
    QTest::qWait(300); // reconnect attempts fail meanwhile; nothing is lost or sent twice
    QCOMPARE(app->pendingCount(), 1);

    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY(app.waitOnline());
    QTRY_COMPARE_WITH_TIMEOUT(app->pendingCount(), 0, 15000);
    QCOMPARE(countOnServer(staff, roomId, u"written offline"_s), 1);
    // The pending row became the stored message, in place.
    QCOMPARE(messages.indexOfMessage(clientId), row);
    QCOMPARE(messages.count(), 2);
    QVERIFY(messages.get(row).value(u"seq"_s).toLongLong() > 0);
    QCOMPARE(messages.get(row).value(u"deliveryState"_s).toInt(), int(MessageListModel::Sent));
    QCOMPARE(app->cache()->outboxItems().size(), 0);
}

void tst_ClientOutbox::survivesAppRestart()
{
    const auto [customer, staff, roomId] = supportRoom(m_server, u"rc"_s);
    QVERIFY(!roomId.isEmpty());
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(customer.username()));
    QTRY_VERIFY(app->rooms()->room(roomId).has_value());

    m_server.stop();
    QTRY_COMPARE(app->connectionState(), RealtimeClient::Offline);
    {
        MessageListModel messages;
        messages.setRoomId(roomId);
        QVERIFY(messages.canSend()); // from the cached room
        QVERIFY(messages.sendText(u"before quitting"_s));
    }
    QCOMPARE(app->pendingCount(), 1);

    // Quit and start again while the server is still down.
    app.restart();
    QTRY_VERIFY(app->session()->isLoggedIn());
    QCOMPARE(app->pendingCount(), 1);
    {
        MessageListModel messages;
        QAbstractItemModelTester tester(&messages, kModelTesterMode);
        messages.setRoomId(roomId);
        QVERIFY(messages.count() >= 1);
        const auto last = messages.get(messages.count() - 1);
        QCOMPARE(last.value(u"content"_s).toString(), u"before quitting"_s);
        QCOMPARE(last.value(u"deliveryState"_s).toInt(), int(MessageListModel::Pending));

        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(app.waitOnline());
        QTRY_COMPARE_WITH_TIMEOUT(app->pendingCount(), 0, 15000);
        QTRY_COMPARE(messages.get(messages.count() - 1).value(u"deliveryState"_s).toInt(),
                     int(MessageListModel::Sent));
    }
    QCOMPARE(countOnServer(staff, roomId, u"before quitting"_s), 1);

    // Another restart sends nothing again.
    app.restart();
    QVERIFY(app.waitOnline());
    QCOMPARE(app->pendingCount(), 0);
    QCOMPARE(countOnServer(staff, roomId, u"before quitting"_s), 1);
}

void tst_ClientOutbox::lostAckIsNotDuplicated()
{
    const auto [customer, staff, roomId] = supportRoom(m_server, u"la"_s);
    QVERIFY(!roomId.isEmpty());
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(customer.username()));

    // The server stored it, but the ack never reached the app: the outbox still has it.
    SendMessageRequest req;
    req.clientId = u"lost-ack-%1"_s.arg(roomId);
    req.content = u"stored once"_s;
    auto stored = await<Message>([&](auto done) { api(customer)->sendMessage(roomId, req, done); });
    QVERIFY2(stored, qPrintable(why(stored)));

    QSignalSpy sent(app->outbox(), &client::Outbox::sent);
    const QString clientId = app->outbox()->enqueue(roomId, req);
    QCOMPARE(clientId, req.clientId);
    QTRY_COMPARE(sent.size(), 1);
    QCOMPARE(sent.first().at(1).value<Message>().id, stored->id);
    QCOMPARE(app->pendingCount(), 0);
    QCOMPARE(countOnServer(staff, roomId, u"stored once"_s), 1);
}

void tst_ClientOutbox::refusedMessageFails()
{
    const auto [customer, staff, roomId] = supportRoom(m_server, u"rf"_s);
    QVERIFY(!roomId.isEmpty());
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(customer.username()));
    QVERIFY(await<Room>([&](auto done) { api(staff)->closeRoom(roomId, done); }));

    QSignalSpy failed(app->outbox(), &client::Outbox::failed);
    SendMessageRequest req;
    req.content = u"too late"_s;
    const QString clientId = app->outbox()->enqueue(roomId, req);
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(1).value<Error>().code, ErrorCode::RoomClosed);
    QCOMPARE(app->pendingCount(), 1); // kept, marked failed, not retried by itself
    QVERIFY(app->outbox()->item(clientId)->error.has_value());
    app->outbox()->discard(clientId);
    QCOMPARE(app->pendingCount(), 0);
    QCOMPARE(app->cache()->outboxItems().size(), 0);
}

QTEST_MAIN(tst_ClientOutbox)
#include "tst_client_outbox.moc"
