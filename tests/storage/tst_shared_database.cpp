// Two servers on ONE database, as the nodes of a cluster run: what one writes the other reads, and
// concurrent sends through both keep each room's seq gap-free and client_id idempotent. Runs on
// SQLite (one file, two processes) and, as tst_shared_database_pg, on PostgreSQL, where the
// room's row lock is what serializes the nodes.
#include "ApiTest.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

QByteArray textBody(const QString &content, const QString &clientId = {})
{
    QJsonObject body{{u"type"_s, u"text"_s}, {u"content"_s, content}};
    if (!clientId.isEmpty())
        body.insert(u"client_id"_s, clientId);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_SharedDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void writesOfOneNodeAreSeenByTheOther();
    void concurrentSendsAreGapFree();
    void concurrentRepeatsOfAClientIdStoreOneMessage();

private:
    // A request for sendAll() that goes to `node`.
    Request sendTo(ApiClient &node, const Session &as, const QString &roomId,
                   const QByteArray &body) const
    {
        return {"POST", node.url(roomPath(roomId, u"messages"_s)).toString(), body, as.access, {}};
    }

    TestServer m_a;
    TestServer m_b;
    ApiClient m_apiA{&m_a};
    ApiClient m_apiB{&m_b};
};

void tst_SharedDatabase::initTestCase()
{
    // Both nodes sign tokens with the same secret, as a cluster must.
    const QString secret = u"tst-shared-database-secret-0123456789abcdef"_s;
    m_a.setEnv(u"PARLEY_JWT_SECRET"_s, secret);
    m_b.setEnv(u"PARLEY_JWT_SECRET"_s, secret);
    const auto database = m_a.database();
    QVERIFY2(database, qPrintable(m_a.errorString()));
    m_b.setDatabase(database);
    QVERIFY2(m_a.start(), qPrintable(m_a.errorString()));
    QVERIFY2(m_b.start(), qPrintable(m_b.errorString()));
}

void tst_SharedDatabase::cleanup()
{
    m_a.dumpLogIfFailed();
    m_b.dumpLogIfFailed();
}

void tst_SharedDatabase::writesOfOneNodeAreSeenByTheOther()
{
    const Session onA = m_apiA.registerUser(uniqueName(u"shared"_s));
    RETURN_IF_FAILED();
    // Registered through A, logged in through B; a room opened on B is read on A.
    const Session onB = m_apiB.login(onA.username());
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_apiB, onB);
    RETURN_IF_FAILED();
    send(m_apiB, onB, room, u"via b"_s);
    RETURN_IF_FAILED();
    const QJsonArray history = fetchHistory(m_apiA, onA, room);
    RETURN_IF_FAILED();
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.at(0).toObject().value("content"_L1).toString(), u"via b"_s);
}

void tst_SharedDatabase::concurrentSendsAreGapFree()
{
    const Session sender = m_apiA.registerUser(uniqueName(u"burst"_s));
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_apiA, sender);
    RETURN_IF_FAILED();

    constexpr int kPerNode = 40;
    QList<Request> requests;
    for (int i = 0; i < kPerNode; ++i) {
        requests << sendTo(m_apiA, sender, room, textBody(u"a%1"_s.arg(i)));
        requests << sendTo(m_apiB, sender, room, textBody(u"b%1"_s.arg(i)));
    }
    const QList<Reply> replies = m_apiA.sendAll(requests, 24);
    QSet<qint64> seqs;
    for (const Reply &reply : replies) {
        EXPECT_STATUS(reply, 201);
        seqs.insert(reply.obj().value("seq"_L1).toInteger());
    }
    // Every send got its own seq, and together they are 1..80 without a gap.
    QList<qint64> sorted(seqs.cbegin(), seqs.cend());
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(sorted, range(1, 2 * kPerNode));
    QCOMPARE(seqsOf(fetchHistory(m_apiB, sender, room, u"limit=100"_s)), range(1, 2 * kPerNode));
    QCOMPARE(fetchRoom(m_apiB, sender, room).value("last_seq"_L1).toInteger(), 2 * kPerNode);
}

void tst_SharedDatabase::concurrentRepeatsOfAClientIdStoreOneMessage()
{
    const Session sender = m_apiA.registerUser(uniqueName(u"repeat"_s));
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_apiA, sender);
    RETURN_IF_FAILED();

    // Each key sent four times at once, twice through each node: a client retrying on another
    // node while its first attempt is still in flight.
    constexpr int kKeys = 12;
    QList<Request> requests;
    for (int round = 0; round < 2; ++round) {
        for (int key = 0; key < kKeys; ++key) {
            const QByteArray body = textBody(u"m%1"_s.arg(key), u"key-%1"_s.arg(key));
            requests << sendTo(m_apiA, sender, room, body) << sendTo(m_apiB, sender, room, body);
        }
    }
    const QList<Reply> replies = m_apiA.sendAll(requests, 24);
    QHash<QString, QString> idOfKey;
    QHash<QString, int> created;
    for (const Reply &reply : replies) {
        QVERIFY2(reply.status == 201 || reply.status == 200, qPrintable(reply.describe()));
        const QString key = reply.obj().value("client_id"_L1).toString();
        const QString id = reply.obj().value("id"_L1).toString();
        QVERIFY2(!id.isEmpty(), qPrintable(reply.describe()));
        if (idOfKey.contains(key))
            QCOMPARE(id, idOfKey.value(key));
        idOfKey.insert(key, id);
        if (reply.status == 201)
            ++created[key];
    }
    QCOMPARE(idOfKey.size(), kKeys);
    for (int key = 0; key < kKeys; ++key)
        QCOMPARE(created.value(u"key-%1"_s.arg(key)), 1);
    QCOMPARE(seqsOf(fetchHistory(m_apiB, sender, room, u"limit=100"_s)), range(1, kKeys));
}

QTEST_GUILESS_MAIN(tst_SharedDatabase)
#include "tst_shared_database.moc"
