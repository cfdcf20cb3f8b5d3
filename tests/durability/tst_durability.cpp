// Acked sends stream in over /ws while the server is killed with SIGKILL (no shutdown at all)
// and restarted on the same data directory, 20 times. Afterwards every message the server acked
// is in the history exactly once, with the seq of its ack, and the room's seqs have no gap.
// Sends that were in flight at the kill are sent again with the same client_id after the
// restart (what a client does): the server's idempotency must not store them twice.
//
// Run for synchronous=NORMAL (the default) and FULL: both must keep every acked message through
// a process crash (NORMAL only risks the last commits on power loss; see docs/SECURITY.md).
#include "WsTest.h"

#include <QElapsedTimer>
#include <QHash>
#include <QRandomGenerator>
#include <QSet>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

constexpr int kMaxInFlight = 32;

} // namespace

class tst_Durability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ackedSendsSurviveSigkill_data();
    void ackedSendsSurviveSigkill();
};

void tst_Durability::ackedSendsSurviveSigkill_data()
{
    QTest::addColumn<QString>("synchronous");
    QTest::addColumn<int>("kills");
    QTest::addRow("NORMAL, 20 kills") << u"normal"_s << 20;
    QTest::addRow("FULL, 5 kills") << u"full"_s << 5;
}

void tst_Durability::ackedSendsSurviveSigkill()
{
    QFETCH(QString, synchronous);
    QFETCH(int, kills);

    TestServer server;
    server.setEnv(u"PARLEY_SQLITE_SYNCHRONOUS"_s, synchronous);
    server.setEnv(u"PARLEY_WS_RATE"_s, u"0"_s); // stream as fast as the server takes them
    // Background WAL checkpoints every few commits: kills land in the middle of them too.
    server.setEnv(u"PARLEY_SQLITE_CHECKPOINT_PAGES"_s, u"16"_s);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    auto cleanupLog = qScopeGuard([&] { server.dumpLogIfFailed(); });
    ApiClient api(&server);
    const Session alice = api.registerUser(uniqueName(u"durable"_s));
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(api, alice);
    RETURN_IF_FAILED();

    QHash<QString, qint64> acked; // client_id -> seq of its ack
    QStringList unacked;          // sent, no ack seen: sent again after the restart
    int next = 0;
    QRandomGenerator random(20261121);

    for (int round = 0; round <= kills; ++round) {
        if (round > 0)
            QVERIFY2(server.start(), qPrintable(server.errorString()));
        WsClient ws(u"round %1"_s.arg(round));
        QVERIFY2(ws.open(wsUrl(server, alice.access)), qPrintable(ws.failure()));
        QVERIFY2(ws.waitHello(), qPrintable(ws.failure()));

        QStringList queue = unacked; // resends first, then new ones
        unacked.clear();
        QSet<QString> inFlight;
        auto collectAcks = [&] {
            for (const QJsonObject &ack : ws.take(u"ack"_s)) {
                const QString id = ack[u"client_id"_s].toString();
                const qint64 seq = ack[u"message"_s][u"seq"_s].toInteger();
                if (acked.contains(id) && acked.value(id) != seq)
                    QFAIL(qPrintable(u"%1 acked twice with seqs %2 and %3"_s.arg(id)
                                         .arg(acked.value(id))
                                         .arg(seq)));
                acked.insert(id, seq);
                inFlight.remove(id);
            }
            const QList<QJsonObject> errors = ws.take(u"error"_s);
            if (!errors.isEmpty())
                QFAIL(qPrintable(u"error frame: %1"_s.arg(jsonText(errors.first()))));
        };

        // The last round only drains the resends and checks: no kill.
        const bool last = round == kills;
        const int streamMs = last ? 0 : 150 + int(random.bounded(450));
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < streamMs || (last && (!queue.isEmpty() || !inFlight.isEmpty()))) {
            while (inFlight.size() < kMaxInFlight && !(last && queue.isEmpty())) {
                const QString id = queue.isEmpty() ? u"m-%1"_s.arg(next++) : queue.takeFirst();
                ws.send(sendFrame(room, id, u"durable message "_s + id));
                inFlight.insert(id);
            }
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            collectAcks();
            if (QTest::currentTestFailed())
                return;
            if (last && clock.elapsed() > 30000)
                QFAIL("the resends were not all acked within 30 s");
        }
        if (last)
            break;
        server.kill();
        // Acks the server wrote before it died may still be in our socket buffer.
        (void)ws.waitClosed(5000);
        QCoreApplication::processEvents();
        collectAcks();
        if (QTest::currentTestFailed())
            return;
        unacked = QStringList(inFlight.cbegin(), inFlight.cend());
        unacked.sort();
        unacked += queue;
    }
    QVERIFY2(acked.size() > kills * 10, qPrintable(u"only %1 acks"_s.arg(acked.size())));

    const QJsonArray history = fullHistory(api, alice, room);
    RETURN_IF_FAILED();
    QHash<QString, int> seen;
    qint64 expectedSeq = history.isEmpty() ? 0 : history.first()[u"seq"_s].toInteger();
    QCOMPARE(expectedSeq, 1);
    for (const QJsonValue &value : history) {
        const QJsonObject message = value.toObject();
        const qint64 seq = message[u"seq"_s].toInteger();
        QVERIFY2(
            seq == expectedSeq,
            qPrintable(u"seq %1 follows %2: a gap or a repeat"_s.arg(seq).arg(expectedSeq - 1)));
        ++expectedSeq;
        const QString id = message[u"client_id"_s].toString();
        if (!id.isEmpty())
            ++seen[id];
    }
    for (auto it = acked.cbegin(); it != acked.cend(); ++it) {
        QVERIFY2(
            seen.value(it.key()) == 1,
            qPrintable(u"acked %1 is stored %2 times"_s.arg(it.key()).arg(seen.value(it.key()))));
    }
    for (auto it = seen.cbegin(); it != seen.cend(); ++it)
        QVERIFY2(it.value() == 1,
                 qPrintable(u"%1 is stored %2 times"_s.arg(it.key()).arg(it.value())));
    // Every send was acked in the end (the last round resent what was left).
    QCOMPARE(qsizetype(seen.size()), acked.size());
    qInfo("%s: %lld acked messages over %d kills, last seq %lld", qPrintable(synchronous),
          qint64(acked.size()), kills, expectedSeq - 1);
}

QTEST_GUILESS_MAIN(tst_Durability)
#include "tst_durability.moc"
