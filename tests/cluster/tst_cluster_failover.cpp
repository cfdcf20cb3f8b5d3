// A node killed with SIGKILL under load: its clients reconnect to another node and resume with
// nothing lost and nothing duplicated, and its users go offline for everyone else.
#include "Cluster.h"
#include "RedisService.h"
#include "WsTest.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

constexpr int kRounds = 30;    // messages per sender
constexpr int kKillAfter = 10; // rounds before node 1 dies

// One sender: a socket, its user, and what it has sent and seen.
struct Sender
{
    Session user;
    std::unique_ptr<WsClient> socket;
    int node = 0;
    int next = 0;          // index of the next message to send
    QString pendingRef;    // sent, ack not seen yet
    QSet<qint64> seqs;     // seqs this client knows of (its acks and messages received)
    QSet<QString> seenIds; // messages of others received

    // The resume cursor: the highest seq below which nothing is missing.
    qint64 cursor(qint64 firstSeq) const
    {
        qint64 seq = firstSeq - 1;
        while (seqs.contains(seq + 1))
            ++seq;
        return seq;
    }
};

QString clientIdOf(const Session &user, int index)
{
    return u"%1-%2"_s.arg(user.username()).arg(index);
}

} // namespace

class tst_ClusterFailover : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void killedNodeUnderLoad();

private:
    void sendNext(Sender &sender, const QString &room);
    // Waits for the sender's pending ack; false when its socket closed first.
    bool awaitAck(Sender &sender);
    void collect(Sender &sender, const QString &room);

    Cluster m_cluster{3, 400}; // beats fast: the dead node is noticed within ~1.6 s
};

void tst_ClusterFailover::initTestCase()
{
    const auto dumpLogs = qScopeGuard([this] { m_cluster.dumpLogsIfFailed(); });
    QVERIFY2(m_cluster.start(RedisService::fixtureUrl()), qPrintable(m_cluster.errorString()));
}

void tst_ClusterFailover::cleanup()
{
    m_cluster.dumpLogsIfFailed();
}

void tst_ClusterFailover::sendNext(Sender &sender, const QString &room)
{
    sender.pendingRef = u"m%1"_s.arg(sender.next);
    sender.socket->send(sendFrame(room, clientIdOf(sender.user, sender.next),
                                  u"message %1"_s.arg(sender.next), sender.pendingRef));
}

bool tst_ClusterFailover::awaitAck(Sender &sender)
{
    const QJsonObject ack = sender.socket->waitFor(u"ack"_s, withRef(sender.pendingRef), 3000);
    if (ack.isEmpty())
        return false;
    sender.seqs.insert(ack.value("message"_L1).toObject().value("seq"_L1).toInteger());
    sender.pendingRef.clear();
    ++sender.next;
    return true;
}

void tst_ClusterFailover::collect(Sender &sender, const QString &room)
{
    for (const QJsonObject &frame : sender.socket->take(u"message"_s, aboutRoom(room))) {
        const QJsonObject message = frame.value("message"_L1).toObject();
        sender.seenIds.insert(message.value("id"_L1).toString());
        sender.seqs.insert(message.value("seq"_L1).toInteger());
    }
}

void tst_ClusterFailover::killedNodeUnderLoad()
{
    ApiClient &api = m_cluster.api(0);
    std::vector<Sender> senders(3);
    for (int i = 0; i < 3; ++i) {
        senders[size_t(i)].user = api.registerUser(uniqueName(u"sender%1"_s.arg(i)));
        senders[size_t(i)].node = i;
    }
    const Session victim = api.registerUser(uniqueName(u"victim"_s)); // only ever on node 1
    const Session watcher = api.registerUser(uniqueName(u"watcher"_s));
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(
        api, watcher, {senders[0].user, senders[1].user, senders[2].user, victim}, u"load"_s);
    RETURN_IF_FAILED();
    const qint64 firstSeq = fetchRoom(api, watcher, room).value("last_seq"_L1).toInteger() + 1;

    const auto watch = connectChat(m_cluster.node(0), watcher, u"watcher@0"_s);
    const auto victimSocket = connectChat(m_cluster.node(1), victim, u"victim@1"_s);
    for (Sender &sender : senders) {
        sender.socket = connectChat(m_cluster.node(sender.node), sender.user,
                                    u"%1@%2"_s.arg(sender.user.username()).arg(sender.node));
    }
    RETURN_IF_FAILED();
    WS_WAIT(victimOnline, *watch, u"presence"_s, aboutUser(victim.id()));

    for (int round = 0; round < kRounds; ++round) {
        for (Sender &sender : senders)
            sendNext(sender, room);
        if (round == kKillAfter)
            m_cluster.node(1).kill(); // node 1's sender has a message in flight
        for (Sender &sender : senders) {
            if (awaitAck(sender)) {
                collect(sender, room);
                continue;
            }
            // Its node died: reconnect to the next live node, resume from what it knows,
            // then send the unacknowledged message again (same client_id).
            QVERIFY2(sender.socket->waitClosed(5000), qPrintable(sender.socket->failure()));
            collect(sender, room);
            sender.node = sender.node == 1 ? 2 : sender.node;
            sender.socket = connectChat(m_cluster.node(sender.node), sender.user,
                                        u"%1@%2"_s.arg(sender.user.username()).arg(sender.node));
            RETURN_IF_FAILED();
            sender.socket->send(resumeFrame({{room, sender.cursor(firstSeq)}}, false, u"resume"_s));
            WS_WAIT(resumed, *sender.socket, u"resumed"_s, withRef(u"resume"_s));
            collect(sender, room);
            sendNext(sender, room);
            QVERIFY2(awaitAck(sender), qPrintable(sender.socket->failure()));
            collect(sender, room);
        }
    }

    // The victim was only on the dead node: everyone else sees them go offline.
    WS_WAIT(
        victimOffline, *watch, u"presence"_s,
        [&](const QJsonObject &f) {
            return aboutUser(victim.id())(f) && !f.value("online"_L1).toBool();
        },
        10 * m_cluster.heartbeatMs() + 5000);
    const Reply staffView = m_cluster.api(2).get(u"/api/chat/rooms/%1/"_s.arg(room), watcher);
    QVERIFY2(staffView.status == 200, qPrintable(staffView.describe()));

    // Storage: gap-free seqs, every client_id exactly once.
    const QJsonArray history = fullHistory(m_cluster.api(2), watcher, room);
    QHash<QString, int> perClientId;
    QList<qint64> seqs;
    QStringList ids;
    for (const QJsonValue &value : history) {
        const QJsonObject message = value.toObject();
        seqs.append(message.value("seq"_L1).toInteger());
        if (message.value("seq"_L1).toInteger() >= firstSeq)
            ids.append(message.value("id"_L1).toString());
        const QString clientId = message.value("client_id"_L1).toString();
        if (!clientId.isEmpty())
            ++perClientId[clientId];
    }
    for (qsizetype i = 0; i < seqs.size(); ++i)
        QCOMPARE(seqs.at(i), qint64(i + 1));
    for (const Sender &sender : senders) {
        for (int i = 0; i < kRounds; ++i) {
            const QString clientId = clientIdOf(sender.user, i);
            QVERIFY2(
                perClientId.value(clientId) == 1,
                qPrintable(u"%1 stored %2 times"_s.arg(clientId).arg(perClientId.value(clientId))));
        }
    }
    QCOMPARE(perClientId.size(), 3 * kRounds);

    // The watcher, on a node that lived, got every message exactly once, in order.
    const QList<QJsonObject> frames =
        watch->waitForCount(u"message"_s, int(ids.size()), aboutRoom(room), 10000);
    QStringList delivered;
    for (const QJsonObject &frame : frames)
        delivered.append(frame.value("message"_L1).toObject().value("id"_L1).toString());
    QCOMPARE(delivered, ids);
    WS_NONE(*watch, u"message"_s, aboutRoom(room));
    // Each sender, the moved one included, gets every message of the others.
    for (Sender &sender : senders) {
        const auto missing = [&] {
            collect(sender, room);
            QStringList absent;
            for (const QJsonValue &value : history) {
                const QJsonObject message = value.toObject();
                if (message.value("seq"_L1).toInteger() >= firstSeq &&
                    !message.value("client_id"_L1)
                         .toString()
                         .startsWith(sender.user.username() + u'-') &&
                    !sender.seenIds.contains(message.value("id"_L1).toString()))
                    absent.append(QString::number(message.value("seq"_L1).toInteger()));
            }
            return absent.join(u' ');
        };
        QTRY_VERIFY2_WITH_TIMEOUT(
            missing().isEmpty(),
            qPrintable(sender.user.username() + u" never got seqs "_s + missing()), 10000);
    }
}

QTEST_MAIN(tst_ClusterFailover)
#include "tst_cluster_failover.moc"
