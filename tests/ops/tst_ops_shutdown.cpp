// Graceful shutdown under load: WebSocket clients keep sending while the server gets SIGTERM.
// Every send the server acked must be stored exactly once after a restart, nothing unacked may
// be stored (acks precede the 1001 close on each socket), sockets close with 1001 and the
// process exits with 0.
#include "RawWsClient.h"
#include "WsTest.h"

#include <QHash>
#include <QSet>
#include <QTcpSocket>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

constexpr int kClients = 4;
constexpr int kWindow = 16;          // sends in flight per client
constexpr int kAcksBeforeStop = 400; // all clients together

// One client sending into its room as fast as acks come back, kWindow at a time.
struct Sender
{
    Session who;
    QString room;
    std::unique_ptr<WsClient> ws;
    QHash<QString, QString> acked; // client_id -> message id
    QSet<QString> sent;            // client_ids
    int next = 0;

    void sendOne()
    {
        const QString clientId = u"%1-%2"_s.arg(who.username()).arg(next++);
        sent.insert(clientId);
        ws->send(sendFrame(room, clientId, u"load %1"_s.arg(clientId), clientId));
    }
    void collectAcks(bool keepSending)
    {
        const QList<QJsonObject> acks = ws->take(u"ack"_s);
        for (const QJsonObject &ack : acks) {
            acked.insert(ack.value("client_id"_L1).toString(),
                         ack.value("message"_L1).toObject().value("id"_L1).toString());
            if (keepSending && ws->isOpen())
                sendOne();
        }
    }
};

} // namespace

class tst_OpsShutdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sigtermUnderLoadLosesNoAckedMessage();
    void sigtermWhenIdleExitsAtOnce();
    void silentClientIsCutOffAtTheDeadline();
};

void tst_OpsShutdown::sigtermUnderLoadLosesNoAckedMessage()
{
    TestServer server;
    server.setEnv(u"PARLEY_WS_RATE"_s, u"0"_s); // no rate limit: as much load as we can make
    server.setEnv(u"PARLEY_SHUTDOWN_TIMEOUT_S"_s, u"10"_s);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const auto dumpLog = qScopeGuard([&server] { server.dumpLogIfFailed(); });
    ApiClient api(&server);

    std::vector<Sender> senders(kClients);
    for (int i = 0; i < kClients; ++i) {
        Sender &s = senders[size_t(i)];
        s.who = api.registerUser(uniqueName(u"load"_s));
        s.room = openSupportRoom(api, s.who);
        RETURN_IF_FAILED();
        s.ws = connectChat(server, s.who, s.who.username());
        RETURN_IF_FAILED();
        QObject::connect(s.ws.get(), &WsClient::frameArrived, s.ws.get(),
                         [&s] { s.collectAcks(true); });
    }
    for (Sender &s : senders) {
        for (int k = 0; k < kWindow; ++k)
            s.sendOne();
    }
    const auto totalAcks = [&senders] {
        qsizetype n = 0;
        for (const Sender &s : senders)
            n += s.acked.size();
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(totalAcks() >= kAcksBeforeStop, 30000);

    // Stop while sends are in flight on every socket; the clients keep sending until closed.
    QVERIFY(server.sendSignal(SIGTERM));
    QVERIFY2(server.waitForExit(20000), "parley-server did not exit after SIGTERM");
    QCOMPARE(server.lastExitCode(), 0);
    for (Sender &s : senders) {
        WS_CLOSED(*s.ws, 1001, 5000);
        QCOMPARE(s.ws->closeReason(), u"Server shutting down"_s);
        s.collectAcks(false);
    }
    const QByteArray log = server.serverStderr();
    QVERIFY2(log.contains("stopped listening") && log.contains("parley.server: Stopped"),
             log.constData());

    QVERIFY2(server.start(), qPrintable(server.errorString()));
    qsizetype inFlight = 0;
    for (Sender &s : senders) {
        inFlight += s.sent.size() - s.acked.size();
        const QJsonArray history = fullHistory(api, s.who, s.room);
        RETURN_IF_FAILED();
        QHash<QString, int> stored; // client_id -> times stored
        QHash<QString, QString> idOf;
        qint64 lastSeq = 0;
        for (const QJsonValue &value : history) {
            const QJsonObject m = value.toObject();
            const qint64 seq = m.value("seq"_L1).toInteger();
            QVERIFY2(seq > lastSeq, "seqs strictly increase");
            lastSeq = seq;
            const QString clientId = m.value("client_id"_L1).toString();
            if (clientId.isEmpty())
                continue; // system messages
            ++stored[clientId];
            idOf.insert(clientId, m.value("id"_L1).toString());
        }
        for (auto it = s.acked.cbegin(); it != s.acked.cend(); ++it) {
            QVERIFY2(stored.value(it.key()) == 1,
                     qPrintable(u"%1 acked as %2, stored %3 times"_s.arg(it.key(), it.value())
                                    .arg(stored.value(it.key()))));
            QCOMPARE(idOf.value(it.key()), it.value());
        }
        // Acks go out before the close frame: nothing is stored that its sender did not see
        // acked (a client resuming elsewhere would otherwise send it again under a new id).
        for (auto it = stored.cbegin(); it != stored.cend(); ++it)
            QVERIFY2(s.acked.contains(it.key()),
                     qPrintable(u"%1 stored but never acked"_s.arg(it.key())));
    }
    qInfo("%lld acked sends checked; %lld were in flight at the stop and dropped unacked",
          qlonglong(totalAcks()), qlonglong(inFlight));
}

void tst_OpsShutdown::sigtermWhenIdleExitsAtOnce()
{
    TestServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(server.sendSignal(SIGTERM));
    QVERIFY(server.waitForExit(10000));
    QCOMPARE(server.lastExitCode(), 0);
    QVERIFY2(server.serverStderr().contains("closing 0 sockets with 1001"),
             server.serverStderr().constData());
}

void tst_OpsShutdown::silentClientIsCutOffAtTheDeadline()
{
    // A client that never answers the close frame: the server stops accepting at once, waits
    // shutdown_timeout_s for it, then exits with 0 anyway.
    TestServer server;
    server.setEnv(u"PARLEY_SHUTDOWN_TIMEOUT_S"_s, u"2"_s);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const auto dumpLog = qScopeGuard([&server] { server.dumpLogIfFailed(); });
    ApiClient api(&server);
    const Session who = api.registerUser(uniqueName(u"silent"_s));
    RETURN_IF_FAILED();
    RawWsClient silent;
    QVERIFY2(silent.open(server.port(), u"/ws?token="_s + who.access),
             qPrintable(silent.statusLine()));

    QVERIFY(server.sendSignal(SIGTERM));
    QVERIFY(silent.waitClosed(5000));
    QVERIFY(silent.closeFrameReceived());
    QCOMPARE(silent.closeCode(), 1001);
    // The close frame is written after the listening socket closed, and the server now waits
    // for this client: a new connection is refused.
    QVERIFY(server.isRunning());
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(!late.waitForConnected(1000));
    QCOMPARE(late.error(), QAbstractSocket::ConnectionRefusedError);

    QVERIFY(server.waitForExit(10000));
    QCOMPARE(server.lastExitCode(), 0);
    QVERIFY2(server.serverStderr().contains("1 sockets still open at the shutdown deadline"),
             server.serverStderr().constData());
}

QTEST_GUILESS_MAIN(tst_OpsShutdown)
#include "tst_ops_shutdown.moc"
