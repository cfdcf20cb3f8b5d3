// Hardening of the real server (docs/SECURITY.md): security headers on every kind of answer,
// failed-login limits per username and per address, the REST write rate per user, the cap on
// connections per address, secrets kept out of the log, and TLS: https and wss on one port with
// the edge limits still in force.
#include "TlsFiles.h"
#include "WsTest.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

constexpr int kFailuresPerUser = 3;
constexpr int kFailuresPerIp = 8;
constexpr int kWriteBurst = 5;
constexpr int kConnectionsPerIp = 24;

// Raw bytes in, the first answer's head and body out (over TCP or TLS).
struct RawAnswer
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    bool closed = false;
};

RawAnswer exchange(QTcpSocket &socket, const QByteArray &request, int timeoutMs = 10000)
{
    RawAnswer answer;
    QByteArray buffer;
    socket.write(request);
    (void)QTest::qWaitFor(
        [&] {
            buffer += socket.readAll();
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QByteArray head = buffer.first(end);
                const qsizetype cl = head.toLower().indexOf("content-length:");
                const qint64 length = cl < 0 ? 0
                                             : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15)
                                                   .trimmed()
                                                   .toLongLong();
                if (buffer.size() >= end + 4 + length) {
                    answer.head = head;
                    answer.body = buffer.mid(end + 4, length);
                    return true;
                }
            }
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    if (!answer.head.isEmpty())
        answer.status = answer.head.split(' ').value(1).toInt();
    answer.closed = socket.state() == QAbstractSocket::UnconnectedState;
    return answer;
}

bool waitClosed(QAbstractSocket &socket, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
}

} // namespace

class tst_Security : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void configuredEdgeLimits_data();
    void configuredEdgeLimits();
    void securityHeaders_data();
    void securityHeaders();
    // Before the login limits below use up this address's allowance.
    void secretsStayOutOfTheLog();
    void loginFailuresPerUsername();
    void loginFailuresPerAddress();
    void restWritesPerUser();
    void connectionsPerAddress();

    void httpsServesRest();
    void wssServesTheHub();
    void tlsKeepsEdgeLimits();
    void tlsHandshakeMustFinish();
    void plainHttpOnTheTlsPortGetsNothing();
    void untrustedCertificateIsRefusedByClients();
    void badTlsFilesStopTheServer();

private:
    TestServer m_server;
    ApiClient m_api{&m_server};
    QTemporaryDir m_certDir;
    TestCertificate m_cert;
    std::unique_ptr<TestServer> m_tls;
    std::unique_ptr<ApiClient> m_tlsApi;
};

void tst_Security::initTestCase()
{
    m_server.setEnv(u"PARLEY_LOGIN_FAILURES_PER_USER"_s, QString::number(kFailuresPerUser));
    m_server.setEnv(u"PARLEY_LOGIN_FAILURES_PER_IP"_s, QString::number(kFailuresPerIp));
    m_server.setEnv(u"PARLEY_WRITE_RATE"_s, u"0.01"_s); // one token per 100 s: no refill here
    m_server.setEnv(u"PARLEY_WRITE_BURST"_s, QString::number(kWriteBurst));
    m_server.setEnv(u"PARLEY_MAX_CONNECTIONS_PER_IP"_s, QString::number(kConnectionsPerIp));
    m_server.setEnv(u"QT_LOGGING_RULES"_s, u"parley.*.debug=true"_s);
    m_server.setEnv(u"PARLEY_MAX_HEADER_BYTES"_s, u"4096"_s);
    m_server.setEnv(u"PARLEY_MAX_URL_BYTES"_s, u"1024"_s);
    m_server.setEnv(u"PARLEY_MAX_BODY_BYTES"_s, u"65536"_s);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));

    QVERIFY(m_certDir.isValid());
    m_cert = makeTestCertificate(m_certDir.path());
    QVERIFY2(m_cert.error.isEmpty(), qPrintable(m_cert.error));
    m_tls = std::make_unique<TestServer>(
        QStringList{u"--tls-cert"_s, m_cert.certFile, u"--tls-key"_s, m_cert.keyFile});
    m_tls->setEnv(u"PARLEY_IDLE_TIMEOUT_S"_s, u"2"_s);
    QVERIFY2(m_tls->start(), qPrintable(m_tls->errorString()));
    QCOMPARE(m_tls->baseUrl().scheme(), u"https"_s);
    m_tlsApi = std::make_unique<ApiClient>(m_tls.get());
    m_tlsApi->setSslConfiguration(m_cert.clientConfiguration());
}

void tst_Security::cleanup()
{
    m_server.dumpLogIfFailed();
    if (m_tls)
        m_tls->dumpLogIfFailed();
}

void tst_Security::configuredEdgeLimits_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("message"); // a part of it

    QTest::addRow("header over PARLEY_MAX_HEADER_BYTES")
        << "GET /healthz HTTP/1.1\r\nX-Pad: " + QByteArray(5000, 'p') + "\r\n\r\n"
        << 431 << QByteArray("headers");
    QTest::addRow("URL over PARLEY_MAX_URL_BYTES")
        << "GET /healthz?q=" + QByteArray(2000, 'q') + " HTTP/1.1\r\n\r\n"
        << 414 << QByteArray("URL");
    QTest::addRow("body over PARLEY_MAX_BODY_BYTES")
        << QByteArray("POST /api/auth/login HTTP/1.1\r\nContent-Length: 65537\r\n\r\n") << 413
        << QByteArray("65536");
    QTest::addRow("within the limits")
        << "GET /healthz?q=" + QByteArray(900, 'q') +
               " HTTP/1.1\r\nX-Pad: " + QByteArray(3000, 'p') + "\r\n\r\n"
        << 200 << QByteArray("ok");
}

void tst_Security::configuredEdgeLimits()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, message);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server.port());
    QVERIFY(socket.waitForConnected(5000));
    const RawAnswer answer = exchange(socket, request);
    QCOMPARE(answer.status, status);
    QVERIFY2(answer.body.contains(message), answer.body.constData());
}

void tst_Security::securityHeaders_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("noStore");

    QTest::addRow("health 200") << QByteArray("GET") << u"/healthz"_s << QByteArray() << 200
                                << true;
    QTest::addRow("metrics text") << QByteArray("GET") << u"/metrics"_s << QByteArray() << 200
                                  << false;
    QTest::addRow("me 401") << QByteArray("GET") << u"/api/me"_s << QByteArray() << 401 << true;
    QTest::addRow("unknown 404") << QByteArray("GET") << u"/nope"_s << QByteArray() << 404 << true;
    QTest::addRow("login 401") << QByteArray("POST") << u"/api/auth/login"_s
                               << QByteArray(R"({"username":"nobody_x","password":"x"})") << 401
                               << true;
    QTest::addRow("malformed 400")
        << QByteArray("POST") << u"/api/auth/register"_s << QByteArray("{not json") << 400 << true;
}

void tst_Security::securityHeaders()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(bool, noStore);

    const Reply reply = m_api.raw(method, path, body);
    EXPECT_STATUS(reply, status);
    QCOMPARE(reply.header("x-content-type-options"), QByteArray("nosniff"));
    QCOMPARE(reply.header("x-frame-options"), QByteArray("DENY"));
    QCOMPARE(reply.header("content-security-policy"),
             QByteArray("default-src 'none'; frame-ancestors 'none'"));
    QCOMPARE(reply.header("referrer-policy"), QByteArray("no-referrer"));
    QVERIFY(!reply.headers.contains("strict-transport-security")); // not over plain HTTP
    if (noStore)
        QCOMPARE(reply.header("cache-control"), QByteArray("no-store"));

    // The edge's own answers carry them too.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server.port());
    QVERIFY(socket.waitForConnected(5000));
    const RawAnswer refused =
        exchange(socket, "POST /api/auth/login HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n");
    QCOMPARE(refused.status, 413);
    QVERIFY2(refused.head.contains("\r\nX-Frame-Options: DENY"), refused.head.constData());
    QVERIFY2(refused.head.contains("\r\nReferrer-Policy: no-referrer"), refused.head.constData());
}

void tst_Security::loginFailuresPerUsername()
{
    const QString name = uniqueName(u"lockme"_s);
    m_api.registerUser(name);
    const QString other = uniqueName(u"bystander"_s);
    m_api.registerUser(other);
    RETURN_IF_FAILED();

    for (int i = 0; i < kFailuresPerUser; ++i) {
        const Reply wrong = m_api.post(u"/api/auth/login"_s,
                                       {{u"username"_s, name}, {u"password"_s, u"wrong-guess"_s}});
        EXPECT_ERROR(wrong, 401, "unauthorized");
    }
    // The allowance is used up: even the right password is refused, with a time to wait.
    const Reply locked =
        m_api.post(u"/api/auth/login"_s, {{u"username"_s, name.toUpper()},
                                          {u"password"_s, QString::fromLatin1(kDefaultPassword)}});
    EXPECT_ERROR(locked, 429, "rate_limited");
    QVERIFY(locked.header("retry-after").toInt() >= 1);
    QCOMPARE(locked.header("cache-control"), QByteArray("no-store"));
    // Other names are not affected.
    m_api.login(other);
}

void tst_Security::loginFailuresPerAddress()
{
    // Every failure from this address counts, whatever the name: the tests before used
    // kFailuresPerUser + 1 of kFailuresPerIp.
    const QString victim = uniqueName(u"victim"_s);
    m_api.registerUser(victim);
    RETURN_IF_FAILED();
    int refusedAt = -1;
    for (int i = 0; i < kFailuresPerIp + 1; ++i) {
        const Reply wrong =
            m_api.post(u"/api/auth/login"_s, {{u"username"_s, uniqueName(u"guess"_s)},
                                              {u"password"_s, u"wrong-guess"_s}});
        if (wrong.status == 429) {
            refusedAt = i;
            break;
        }
        EXPECT_ERROR(wrong, 401, "unauthorized");
    }
    QVERIFY2(refusedAt > 0 && refusedAt <= kFailuresPerIp - kFailuresPerUser,
             qPrintable(u"refused at %1"_s.arg(refusedAt)));
    const Reply blocked =
        m_api.post(u"/api/auth/login"_s, {{u"username"_s, victim},
                                          {u"password"_s, QString::fromLatin1(kDefaultPassword)}});
    EXPECT_ERROR(blocked, 429, "rate_limited");
    // Registration is not a login: it still works from here.
    m_api.registerUser(uniqueName(u"newcomer"_s));
}

void tst_Security::restWritesPerUser()
{
    const Session alice = m_api.registerUser(uniqueName(u"writer"_s));
    const Session bob = m_api.registerUser(uniqueName(u"other_writer"_s));
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_api, alice); // write 1
    RETURN_IF_FAILED();
    for (int i = 1; i < kWriteBurst; ++i)
        send(m_api, alice, room, u"message %1"_s.arg(i));
    RETURN_IF_FAILED();
    const Reply over =
        m_api.post(u"/api/chat/rooms/%1/messages/"_s.arg(room),
                   {{u"type"_s, u"text"_s}, {u"content"_s, u"one too many"_s}}, alice);
    EXPECT_ERROR(over, 429, "rate_limited");
    QVERIFY(over.header("retry-after").toInt() >= 1);
    // Reads are not writes; other users have their own allowance.
    QCOMPARE(fetchHistory(m_api, alice, room).size(), kWriteBurst - 1);
    openSupportRoom(m_api, bob);
}

void tst_Security::connectionsPerAddress()
{
    // Keep-alive connections, each proven open with a request. ApiClient holds a few of its own,
    // so the refusal comes at the latest at the cap.
    std::vector<std::unique_ptr<QTcpSocket>> held;
    int refusedAt = -1;
    RawAnswer refusal;
    for (int i = 0; i < kConnectionsPerIp + 1; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, m_server.port());
        QVERIFY(socket->waitForConnected(5000));
        const RawAnswer answer = exchange(*socket, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        held.push_back(std::move(socket));
        if (answer.status == 429) {
            refusedAt = i;
            refusal = answer;
            break;
        }
        QCOMPARE(answer.status, 200);
    }
    QVERIFY2(refusedAt >= kConnectionsPerIp - 8, qPrintable(u"refused at %1"_s.arg(refusedAt)));
    QVERIFY2(refusal.head.contains("\r\nConnection: close"), refusal.head.constData());
    QVERIFY2(refusal.head.contains("\r\nRetry-After: "), refusal.head.constData());
    QCOMPARE(QJsonDocument::fromJson(refusal.body)[u"error"_s][u"code"_s].toString(),
             u"rate_limited"_s);
    QVERIFY(waitClosed(*held.back(), 5000));

    // Closing connections frees their places.
    held.clear();
    QVERIFY(QTest::qWaitFor(
        [&] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_server.port());
            if (!socket.waitForConnected(2000))
                return false;
            return exchange(socket, "GET /healthz HTTP/1.1\r\n\r\n").status == 200;
        },
        10000));
}

void tst_Security::secretsStayOutOfTheLog()
{
    const QString password = u"Very-Secret-Passw0rd-%1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const Session user = m_api.registerUser(uniqueName(u"quiet"_s), password);
    RETURN_IF_FAILED();
    const Session again = m_api.login(user.username(), password);
    (void)m_api.post(u"/api/auth/login"_s,
                     {{u"username"_s, user.username()}, {u"password"_s, password + u"x"_s}});
    (void)m_api.get(u"/api/me?token=%1&access_token=%2"_s.arg(again.access, again.access));
    (void)m_api.post(u"/api/auth/refresh"_s, {{u"refresh"_s, again.refresh}});
    // A token in the WebSocket query string, and a refused upgrade path with one.
    auto ws = connectChat(m_server, again, u"quiet"_s);
    RETURN_IF_FAILED();
    WsClient refused(u"refused"_s);
    (void)refused.open(
        QUrl(u"ws://127.0.0.1:%1/nowhere?token=%2"_s.arg(m_server.port()).arg(again.access)));
    ws->close();

    const QByteArray log = m_server.serverLog();
    QVERIFY2(log.contains("[redacted]"), "the debug log should show redacted query strings");
    for (const QString &secret :
         {password, user.access, again.access, again.refresh, user.refresh}) {
        QVERIFY2(!log.contains(secret.toUtf8()),
                 qPrintable(u"the server log holds a secret: %1"_s.arg(secret.left(12))));
    }
}

void tst_Security::httpsServesRest()
{
    const Session alice = m_tlsApi->registerUser(uniqueName(u"tls_alice"_s));
    RETURN_IF_FAILED();
    const Reply me = m_tlsApi->get(u"/api/me"_s, alice);
    EXPECT_STATUS(me, 200);
    QCOMPARE(me.obj()[u"id"_s].toString(), alice.id());
    QCOMPARE(me.header("strict-transport-security"), QByteArray("max-age=31536000"));
    QCOMPARE(me.header("x-frame-options"), QByteArray("DENY"));
    const QString room = openSupportRoom(*m_tlsApi, alice);
    send(*m_tlsApi, alice, room, u"over TLS"_s);
    RETURN_IF_FAILED();
    QCOMPARE(fetchHistory(*m_tlsApi, alice, room).size(), 1);
}

void tst_Security::wssServesTheHub()
{
    const Session alice = m_tlsApi->registerUser(uniqueName(u"wss_alice"_s));
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(*m_tlsApi, alice);
    RETURN_IF_FAILED();
    WsClient ws(u"wss"_s);
    ws.setSslConfiguration(m_cert.clientConfiguration());
    const QUrl url = wsUrl(*m_tls, alice.access);
    QCOMPARE(url.scheme(), u"wss"_s);
    QVERIFY2(ws.open(url), qPrintable(ws.failure()));
    QVERIFY2(ws.waitHello(), qPrintable(ws.failure()));
    ws.send(sendFrame(room, u"c-1"_s, u"hello over wss"_s, u"r1"_s));
    WS_WAIT(ack, ws, u"ack"_s, withRef(u"r1"_s));
    QCOMPARE(ack[u"message"_s][u"content"_s].toString(), u"hello over wss"_s);
    QVERIFY(ws.barrier());
    QCOMPARE(fetchHistory(*m_tlsApi, alice, room).size(), 1);
}

void tst_Security::tlsKeepsEdgeLimits()
{
    QSslSocket socket;
    socket.setSslConfiguration(m_cert.clientConfiguration());
    socket.connectToHostEncrypted(u"127.0.0.1"_s, m_tls->port());
    QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
    const RawAnswer tooBig =
        exchange(socket, "POST /api/auth/login HTTP/1.1\r\nContent-Length: 209715200\r\n\r\n");
    QCOMPARE(tooBig.status, 413);
    QVERIFY2(tooBig.head.contains("\r\nConnection: close"), tooBig.head.constData());
    QVERIFY2(tooBig.head.contains("\r\nStrict-Transport-Security: "), tooBig.head.constData());
    QVERIFY(waitClosed(socket, 5000));

    QSslSocket headers;
    headers.setSslConfiguration(m_cert.clientConfiguration());
    headers.connectToHostEncrypted(u"127.0.0.1"_s, m_tls->port());
    QVERIFY2(headers.waitForEncrypted(10000), qPrintable(headers.errorString()));
    const RawAnswer endless =
        exchange(headers, "GET /healthz HTTP/1.1\r\n" + QByteArray("X-A: b\r\n").repeated(5000));
    QCOMPARE(endless.status, 431);
}

void tst_Security::tlsHandshakeMustFinish()
{
    // A client that connects and never says hello is closed like an idle one (2 s here).
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, m_tls->port());
    QVERIFY(silent.waitForConnected(5000));
    QVERIFY(waitClosed(silent, 15000));
}

void tst_Security::plainHttpOnTheTlsPortGetsNothing()
{
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, m_tls->port());
    QVERIFY(plain.waitForConnected(5000));
    const RawAnswer answer = exchange(plain, "GET /healthz HTTP/1.1\r\n\r\n", 10000);
    QCOMPARE(answer.status, 0); // no HTTP answer leaks out unencrypted
    QVERIFY(answer.closed);
    // The server is still fine.
    EXPECT_STATUS(m_tlsApi->get(u"/healthz"_s), 200);
}

void tst_Security::untrustedCertificateIsRefusedByClients()
{
    ApiClient untrusting(m_tls.get());
    const Reply reply = untrusting.get(u"/healthz"_s);
    QCOMPARE(reply.status, 0);
    QVERIFY2(!reply.networkError.isEmpty(), "expected a TLS error");
}

void tst_Security::badTlsFilesStopTheServer()
{
    TestServer broken(
        {u"--tls-cert"_s, m_cert.keyFile /* not a certificate */, u"--tls-key"_s, m_cert.keyFile});
    QVERIFY(!broken.start());
    QVERIFY2(broken.errorString().contains(u"certificate"_s), qPrintable(broken.errorString()));
    const CliResult onlyCert = m_server.runCli({u"--tls-cert"_s, m_cert.certFile});
    QCOMPARE(onlyCert.exitCode, 2);
    QVERIFY2(onlyCert.err.contains("--tls-key"), onlyCert.err.constData());
}

QTEST_GUILESS_MAIN(tst_Security)
#include "tst_security.moc"
