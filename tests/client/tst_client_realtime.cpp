// client::RealtimeClient against the real server: connection states, authentication, live
// messages, reconnect with backoff after the server restarts, and resume from persisted cursors
// (after a reconnect and after an app restart) that brings each missed message exactly once.
#include "ClientTest.h"

#include "cache/LocalCache.h"
#include "models/RoomListModel.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace parley;
using namespace parley::test;
using client::RealtimeClient;

namespace {
// Message ids seen by a spy on messageReceived, in order.
QStringList ids(const QSignalSpy &spy)
{
    QStringList out;
    for (const auto &args : spy)
        out.append(args.at(0).value<Message>().id);
    return out;
}
} // namespace

class tst_ClientRealtime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }

    void connectsAndReceives();
    void badTokenAsksForANewOne();
    void heartbeatKeepsItOnline();
    void reconnectsAfterServerRestart();
    void resumeBringsMissedMessagesOnce();
    void resumeAfterAppRestart();

private:
    TestServer m_server;
};

void tst_ClientRealtime::initTestCase()
{
    qRegisterMetaType<Message>();
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_server.pinPort();
}

void tst_ClientRealtime::connectsAndReceives()
{
    const auto [customer, staff, roomId] = supportRoom(m_server, u"rc"_s);
    QVERIFY(!roomId.isEmpty());

    RealtimeClient rt;
    rt.setServerUrl(m_server.baseUrl());
    rt.setAccessToken(customer.access);
    QSignalSpy states(&rt, &RealtimeClient::stateChanged);
    QSignalSpy hello(&rt, &RealtimeClient::hello);
    QSignalSpy received(&rt, &RealtimeClient::messageReceived);
    rt.start();
    QCOMPARE(rt.state(), RealtimeClient::Connecting);
    QTRY_VERIFY(rt.isSynced());
    QCOMPARE(hello.size(), 1);
    QCOMPARE(hello.first().at(0).value<User>().id, customer.id());
    QCOMPARE(states.first().at(0).value<RealtimeClient::State>(), RealtimeClient::Connecting);
    QCOMPARE(states.last().at(0).value<RealtimeClient::State>(), RealtimeClient::Online);
    QCOMPARE(rt.backOnlineCount(), 0);

    const Message sent = postText(m_server, staff, roomId, u"hello customer"_s);
    QTRY_COMPARE(received.size(), 1);
    const auto got = received.first().at(0).value<Message>();
    QCOMPARE(got.id, sent.id);
    QCOMPARE(got.content, u"hello customer"_s);
    QCOMPARE(rt.cursor(roomId), sent.seq);

    rt.stop();
    QCOMPARE(rt.state(), RealtimeClient::Offline);
}

void tst_ClientRealtime::badTokenAsksForANewOne()
{
    const auto customer = m_server.createUser(uniqueName(u"bt"_s), u"customer"_s);
    RealtimeClient rt;
    rt.setServerUrl(m_server.baseUrl());
    rt.setAccessToken(u"bad.token.here"_s);
    QSignalSpy authFailed(&rt, &RealtimeClient::authenticationFailed);
    rt.start();
    QTRY_COMPARE(authFailed.size(), 1);
    QCOMPARE(rt.state(), RealtimeClient::Offline);
    QTest::qWait(300);
    QCOMPARE(authFailed.size(), 1); // no reconnect loop with a token known to be bad
    rt.setAccessToken(customer.access);
    QTRY_VERIFY(rt.isSynced());
}

void tst_ClientRealtime::heartbeatKeepsItOnline()
{
    const auto customer = m_server.createUser(uniqueName(u"hb"_s), u"customer"_s);
    RealtimeClient rt;
    rt.setServerUrl(m_server.baseUrl());
    rt.setAccessToken(customer.access);
    rt.setHeartbeatOverrideMs(200);
    rt.start();
    QTRY_VERIFY(rt.isSynced());
    QSignalSpy states(&rt, &RealtimeClient::stateChanged);
    // Several ping intervals and dead-connection windows: the pongs keep it alive.
    QTest::qWait(1500);
    QVERIFY2(states.isEmpty(), "the connection was dropped although the server answered pings");
    QVERIFY(rt.isSynced());
}

void tst_ClientRealtime::reconnectsAfterServerRestart()
{
    const auto customer = m_server.createUser(uniqueName(u"rr"_s), u"customer"_s);
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(customer.username()));
    QSignalSpy states(app->realtime(), &RealtimeClient::stateChanged);
    QSignalSpy backOnline(app.state(), &client::AppState::backOnline);

    QVERIFY2(m_server.restart(), qPrintable(m_server.errorString()));
    // The loss is noticed once the event loop runs again; then the client comes back by itself.
    QList<RealtimeClient::State> seen;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            seen.clear();
            for (const auto &args : states)
                seen.append(args.at(0).value<RealtimeClient::State>());
            return !seen.isEmpty() && seen.last() == RealtimeClient::Online;
        }(),
        20000);
    QVERIFY(app.waitOnline());
    QVERIFY2(seen.contains(RealtimeClient::Offline), qPrintable(QDebug::toString(seen)));
    QVERIFY(seen.contains(RealtimeClient::Reconnecting));
    QCOMPARE(seen.last(), RealtimeClient::Online);
    QTRY_COMPARE(backOnline.size(), 1);
    QCOMPARE(backOnline.first().at(0).toInt(), 0);
}

void tst_ClientRealtime::resumeBringsMissedMessagesOnce()
{
    const auto [customer, staff, roomId] = supportRoom(m_server, u"rm"_s);
    QVERIFY(!roomId.isEmpty());
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(customer.username()));
    QTRY_VERIFY(app->rooms()->room(roomId).has_value());
    const Message before = postText(m_server, staff, roomId, u"before the restart"_s);
    QTRY_COMPARE(app->realtime()->cursor(roomId), before.seq);

    // The client waits for us to say when to reconnect, so the messages below are missed for sure.
    app->realtime()->setBackoff(600000, 600000);
    QSignalSpy received(app->realtime(), &RealtimeClient::messageReceived);
    QSignalSpy backOnline(app.state(), &client::AppState::backOnline);
    m_server.stop();
    QTRY_COMPARE(app->connectionState(), RealtimeClient::Offline);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QStringList missed;
    for (int i = 1; i <= 3; ++i)
        missed.append(postText(m_server, staff, roomId, u"missed %1"_s.arg(i)).id);
    QVERIFY(!missed.contains(QString()));
    QVERIFY(received.isEmpty());

    app->realtime()->reconnectNow();
    QVERIFY(app.waitOnline());
    QTRY_COMPARE(backOnline.size(), 1);
    QCOMPARE(backOnline.first().at(0).toInt(), 3);
    QCOMPARE(app->backOnlineCount(), 3);
    QCOMPARE(ids(received), missed);
    // The join notice and the four staff messages: all unread.
    QTRY_COMPARE(app->rooms()->room(roomId)->unreadCount, before.seq + 3);
    QCOMPARE(app->cache()->cursors().value(roomId), before.seq + 3);

    // Live again: the next message arrives once, too.
    const Message after = postText(m_server, staff, roomId, u"live again"_s);
    QTRY_COMPARE(received.size(), 4);
    QCOMPARE(ids(received).count(after.id), 1);
}

void tst_ClientRealtime::resumeAfterAppRestart()
{
    const auto [customer, staff, roomId] = supportRoom(m_server, u"ra"_s);
    QVERIFY(!roomId.isEmpty());
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(customer.username()));
    const Message seen = postText(m_server, staff, roomId, u"seen"_s);
    QTRY_COMPARE(app->realtime()->cursor(roomId), seen.seq);

    app.destroy(); // the app quits
    const Message missed1 = postText(m_server, staff, roomId, u"while closed 1"_s);
    const Message missed2 = postText(m_server, staff, roomId, u"while closed 2"_s);

    app.restart();
    QSignalSpy received(app->realtime(), &RealtimeClient::messageReceived);
    // The cache opened at once with the room and the persisted cursor.
    QTRY_VERIFY(app->session()->isLoggedIn());
    QVERIFY(app->rooms()->room(roomId).has_value());
    QCOMPARE(app->realtime()->cursor(roomId), seen.seq);
    QVERIFY(app.waitOnline());
    QCOMPARE(ids(received), (QStringList{missed1.id, missed2.id}));
}

QTEST_MAIN(tst_ClientRealtime)
#include "tst_client_realtime.moc"
