// client::Session and TokenStore against the real server: login and register, the refresh token
// kept in the keychain or (here, with no keychain service) a 0600 file, restore after an app
// restart, refresh before expiry and after a 401, logout, and a session the server ends.
#include "ClientTest.h"

#include "models/RoomListModel.h"
#include "session/ClientSettings.h"
#include "session/Session.h"
#include "session/TokenStore.h"

#include <QFile>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace parley;
using namespace parley::test;
using AppSession = parley::client::Session;

namespace {
QString fileToken(ClientApp &app)
{
    QFile f(app->tokenStore()->fallbackPath(app->session()->tokenKey()));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

class tst_ClientSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }

    void noKeychainFallsBackToPrivateFile();
    void restoreAfterRestart();
    void refreshBeforeExpiryRotates();
    void refreshAfter401();
    void logoutForgets();
    void blockedUserSessionEnds();
    void loginFailures_data();
    void loginFailures();
    void registerLogsIn();
    void serverUrlRemembered();
    void arguments_data();
    void arguments();

private:
    TestServer m_server;
};

void tst_ClientSession::initTestCase()
{
    // No keychain service on this bus: the fallback must engage by itself.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/parley-test-bus");
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_server.pinPort();
}

void tst_ClientSession::noKeychainFallsBackToPrivateFile()
{
    const auto user = m_server.createUser(uniqueName(u"kc"_s), u"customer"_s);
    ClientApp app(m_server, /*useKeychain=*/true);
    QVERIFY(app.login(user.username()));
    QTRY_COMPARE(app->session()->tokenStorage(), u"file"_s);
    const QString path = app->tokenStore()->fallbackPath(app->session()->tokenKey());
    QVERIFY(QFile::exists(path));
    const auto perms = QFile::permissions(path);
    QVERIFY(perms.testFlag(QFile::ReadOwner) && perms.testFlag(QFile::WriteOwner));
    const auto others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther |
                        QFile::WriteOther | QFile::ExeOther;
    QVERIFY2(!(perms & others), "the token file is readable by others");
    QVERIFY(!fileToken(app).isEmpty());

    // The stored token is a working refresh token.
    client::ApiClient api;
    api.setBaseUrl(m_server.baseUrl());
    auto pair = await<TokenPair>([&](auto done) { api.refresh(fileToken(app), done); });
    QVERIFY2(pair, qPrintable(why(pair)));
}

void tst_ClientSession::restoreAfterRestart()
{
    const auto user = m_server.createUser(uniqueName(u"rs"_s), u"staff"_s);
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(user.username()));
    const QString userId = app->session()->userId();

    app.restart();
    // Logged in from what was stored, before the server answered.
    QTRY_VERIFY(app->session()->isLoggedIn());
    QCOMPARE(app->session()->userId(), userId);
    QVERIFY(app->session()->isStaff());
    QTRY_VERIFY(app->session()->hasAccessToken());
    QVERIFY(app.waitOnline());

    // Offline start: still logged in, the access token comes when the server is back.
    m_server.stop();
    app.restart();
    QTRY_VERIFY(app->session()->isLoggedIn());
    QVERIFY(!app->session()->hasAccessToken());
    QCOMPARE(app->connectionState(), client::RealtimeClient::Offline);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(app->session()->hasAccessToken(), 20000);
    QVERIFY(app.waitOnline());
}

void tst_ClientSession::refreshBeforeExpiryRotates()
{
    const auto user = m_server.createUser(uniqueName(u"rf"_s), u"customer"_s);
    ClientApp app(m_server);
    QVERIFY(app.login(user.username()));
    AppSession *s = app->session();
    const auto now = QDateTime::currentDateTimeUtc();
    QVERIFY(s->accessExpiry() > now);
    // Scheduled a minute before the token expires.
    QVERIFY(s->nextRefreshAt().isValid());
    QVERIFY(s->nextRefreshAt() < s->accessExpiry());
    QVERIFY(s->nextRefreshAt() >= s->accessExpiry().addSecs(-61));

    const QString oldAccess = s->accessToken();
    const QString oldRefresh = fileToken(app);
    std::optional<bool> refreshed;
    QTest::qWait(1100); // a new token differs only when its iat/exp second differs
    s->refreshNow([&](bool ok) { refreshed = ok; });
    QTRY_VERIFY(refreshed.has_value());
    QVERIFY(*refreshed);
    QVERIFY(s->accessToken() != oldAccess);
    QTRY_VERIFY(fileToken(app) != oldRefresh);
    // Rotation: the old refresh token is dead, the stored one works.
    client::ApiClient api;
    api.setBaseUrl(m_server.baseUrl());
    auto old = await<TokenPair>([&](auto done) { api.refresh(oldRefresh, done); });
    QVERIFY(!old);
    QCOMPARE(old.error().code, ErrorCode::Unauthorized);
}

void tst_ClientSession::refreshAfter401()
{
    const auto user = m_server.createUser(uniqueName(u"r401"_s), u"customer"_s);
    ClientApp app(m_server);
    QVERIFY(app.login(user.username()));
    // As if the access token had expired while the machine slept.
    app->api()->setAccessToken(u"expired.access.token"_s);
    auto me = await<User>([&](auto done) { app->api()->me(done); });
    QVERIFY2(me, qPrintable(why(me)));
    QCOMPARE(me->username, user.username());
    QVERIFY(app->session()->accessToken() != u"expired.access.token"_s);
}

void tst_ClientSession::logoutForgets()
{
    const auto user = m_server.createUser(uniqueName(u"lo"_s), u"customer"_s);
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(user.username()));
    const QString refresh = fileToken(app);
    QVERIFY(!refresh.isEmpty());
    QSignalSpy out(app->session(), &AppSession::loggedOut);
    app->session()->logout();
    QCOMPARE(out.size(), 1);
    QCOMPARE(app->session()->state(), AppSession::LoggedOut);
    QCOMPARE(app->connectionState(), client::RealtimeClient::Offline);
    QCOMPARE(app->rooms()->count(), 0);
    QTRY_VERIFY(fileToken(app).isEmpty());
    // Revoked on the server too.
    client::ApiClient api;
    api.setBaseUrl(m_server.baseUrl());
    QTRY_VERIFY_WITH_TIMEOUT(!await<TokenPair>([&](auto done) { api.refresh(refresh, done); }),
                             10000);
    app.restart();
    QSignalSpy restored(app->session(), &AppSession::restored);
    QTest::qWait(200);
    QVERIFY(!app->session()->isLoggedIn());
}

void tst_ClientSession::blockedUserSessionEnds()
{
    const auto admin = m_server.createUser(uniqueName(u"adm"_s), u"admin"_s);
    const auto user = m_server.createUser(uniqueName(u"blk"_s), u"customer"_s);
    ClientApp app(m_server);
    QVERIFY(app.loginOnline(user.username()));
    QSignalSpy out(app->session(), &AppSession::loggedOut);

    client::ApiClient api;
    api.setBaseUrl(m_server.baseUrl());
    api.setAccessToken(admin.access);
    AdminUpdateUserRequest block;
    block.blocked = true;
    QVERIFY(await<AdminUser>([&](auto done) { api.adminUpdateUser(user.id(), block, done); }));
    // The socket is closed with 4403, the refresh token is revoked: the session ends.
    QTRY_COMPARE_WITH_TIMEOUT(out.size(), 1, 10000);
    QCOMPARE(app->session()->state(), AppSession::LoggedOut);
    QCOMPARE(app->connectionState(), client::RealtimeClient::Offline);
}

void tst_ClientSession::loginFailures_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addRow("wrong password") << u"sess_wrong"_s << u"not-the-password"_s;
    QTest::addRow("empty password") << u"sess_wrong"_s << QString();
    QTest::addRow("empty username") << QString() << u"password-123"_s;
}

void tst_ClientSession::loginFailures()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    static const auto known = m_server.createUser(u"sess_wrong"_s, u"customer"_s);
    Q_UNUSED(known)
    ClientApp app(m_server);
    QSignalSpy failed(app->session(), &AppSession::loginFailed);
    app->session()->login(username, password);
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(app->session()->state(), AppSession::LoggedOut);
    QVERIFY(!app->session()->errorString().isEmpty());
    QCOMPARE(failed.first().first().toString(), app->session()->errorString());
}

void tst_ClientSession::registerLogsIn()
{
    ClientApp app(m_server);
    QSignalSpy failed(app->session(), &AppSession::loginFailed);
    app->session()->registerAccount(u"x"_s, u"password-123"_s, u"X"_s); // username too short
    QCOMPARE(failed.size(), 1); // refused before any request
    QVERIFY(app->session()->errorString().contains(u"username"_s, Qt::CaseInsensitive));

    const QString name = uniqueName(u"newcomer"_s);
    app->session()->registerAccount(name, u"password-123"_s, u"New Comer"_s);
    QTRY_VERIFY(app->session()->isLoggedIn());
    QCOMPARE(app->session()->role(), u"customer"_s);
    QCOMPARE(app->session()->displayName(), u"New Comer"_s);
    QVERIFY(app.waitOnline());
}

void tst_ClientSession::serverUrlRemembered()
{
    const auto user = m_server.createUser(uniqueName(u"url"_s), u"customer"_s);
    QTemporaryDir dir;
    const QString settingsPath = dir.filePath(u"settings.ini"_s);
    {
        client::ClientSettings fresh(settingsPath);
        QCOMPARE(fresh.lastServerUrl(), QUrl(u"http://127.0.0.1:8080"_s));
    }
    client::AppOptions options;
    options.dataDir = dir.filePath(u"data"_s);
    options.settingsPath = settingsPath;
    options.useKeychain = false;
    {
        client::AppState state(options);
        QCOMPARE(state.serverUrl(), u"http://127.0.0.1:8080"_s);
        state.setServerUrl(m_server.baseUrl().toString());
        state.session()->login(user.username(), QString::fromLatin1(kDefaultPassword));
        QTRY_VERIFY(state.session()->isLoggedIn());
    }
    client::AppState again(options); // no --server: the last login's
    QCOMPARE(again.serverUrl(), m_server.baseUrl().toString());
    again.start();
    QTRY_VERIFY(again.session()->isLoggedIn());
    QCOMPARE(again.session()->username(), user.username());
}

void tst_ClientSession::arguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("dataDir");
    QTest::addColumn<bool>("error");
    QTest::addRow("none") << QStringList{u"parley"_s} << QString() << QString() << false;
    QTest::addRow("--server URL") << QStringList{u"parley"_s, u"--server"_s, u"http://h:1"_s}
                                  << u"http://h:1"_s << QString() << false;
    QTest::addRow("--server=URL") << QStringList{u"parley"_s, u"--server=https://h"_s}
                                  << u"https://h"_s << QString() << false;
    QTest::addRow("not http") << QStringList{u"parley"_s, u"--server"_s, u"ftp://h"_s} << QString()
                              << QString() << true;
    QTest::addRow("--data-dir") << QStringList{u"parley"_s, u"--data-dir"_s, u"/tmp/p"_s,
                                               u"-platform"_s, u"offscreen"_s}
                                << QString() << u"/tmp/p"_s << false;
}

void tst_ClientSession::arguments()
{
    QFETCH(QStringList, args);
    QFETCH(QString, server);
    QFETCH(QString, dataDir);
    QFETCH(bool, error);
    QString why;
    const auto options = client::AppOptions::fromArguments(args, &why);
    QCOMPARE(options.serverOverride.toString(), server);
    QCOMPARE(options.dataDir, dataDir);
    QCOMPARE(!why.isEmpty(), error);
}

QTEST_MAIN(tst_ClientSession)
#include "tst_client_session.moc"
