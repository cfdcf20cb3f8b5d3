// PostgreSQL connection loss, end to end: the server's session is terminated (as a server
// restart or a failover would) and the server carries on with a new one; while the database
// refuses connections, /healthz says so (503, database "error") and recovers with it.
#include "ApiTest.h"

using namespace Qt::StringLiterals;
using namespace parley::test;

class tst_PostgresConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void reconnectsAfterItsSessionIsTerminated_data();
    void reconnectsAfterItsSessionIsTerminated();
    void healthFollowsTheDatabase();

private:
    // Terminates every session of the server's database; answers how many there were.
    int terminateSessions();

    TestServer m_server;
    ApiClient m_api{&m_server};
    std::shared_ptr<TestDatabase> m_database;
};

void tst_PostgresConnection::initTestCase()
{
    QVERIFY2(TestDatabase::postgresConfigured(),
             "needs PARLEY_TEST_POSTGRES or PARLEY_TEST_POSTGRES_FILE (ctest sets it)");
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_database = m_server.database();
    QVERIFY(m_database && m_database->isPostgres());
}

void tst_PostgresConnection::cleanup()
{
    m_server.dumpLogIfFailed();
}

int tst_PostgresConnection::terminateSessions()
{
    QVariant count;
    // pg_terminate_backend(pid, timeout) waits until the session is gone.
    const QString error = m_database->runAsAdmin(
        u"SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
        "WHERE datname = '%1'"_s.arg(m_database->name()),
        &count);
    if (!error.isEmpty()) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return -1;
    }
    return count.toInt();
}

void tst_PostgresConnection::reconnectsAfterItsSessionIsTerminated_data()
{
    QTest::addColumn<bool>("readFirst");
    // A read outside a transaction is repeated on the new connection; a write starts its
    // transaction there. Either way the request after the loss succeeds.
    QTest::newRow("read first") << true;
    QTest::newRow("write first") << false;
}

void tst_PostgresConnection::reconnectsAfterItsSessionIsTerminated()
{
    QFETCH(bool, readFirst);
    const Session user = m_api.registerUser(uniqueName(u"reconnect"_s));
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(m_api, user);
    RETURN_IF_FAILED();
    send(m_api, user, room, u"before"_s);
    RETURN_IF_FAILED();

    QCOMPARE(terminateSessions(), 1);
    if (readFirst) {
        const QJsonArray history = fetchHistory(m_api, user, room);
        RETURN_IF_FAILED();
        QCOMPARE(history.size(), 1);
    } else {
        const Reply sent = m_api.post(roomPath(room, u"messages"_s),
                                      {{u"type"_s, u"text"_s}, {u"content"_s, u"after"_s}}, user);
        EXPECT_STATUS(sent, 201);
        QCOMPARE(sent.obj().value("seq"_L1).toInteger(), 2);
    }
    // A new session took over.
    QCOMPARE(terminateSessions(), 1);
    const Reply health = m_api.get(u"/healthz"_s);
    EXPECT_STATUS(health, 200);
    QCOMPARE(health.obj().value("database"_L1).toString(), u"ok"_s);
    QVERIFY2(m_server.serverLog().contains("Reconnected to"),
             m_server.serverLog().right(2000).constData());
}

void tst_PostgresConnection::healthFollowsTheDatabase()
{
    const Session user = m_api.registerUser(uniqueName(u"outage"_s));
    RETURN_IF_FAILED();
    const QString name = m_database->name();
    const auto allow = qScopeGuard([&] {
        (void)m_database->runAsAdmin(u"ALTER DATABASE %1 ALLOW_CONNECTIONS true"_s.arg(name));
    });

    QCOMPARE(m_database->runAsAdmin(u"ALTER DATABASE %1 ALLOW_CONNECTIONS false"_s.arg(name)),
             QString());
    QCOMPARE(terminateSessions(), 1);
    Reply health = m_api.get(u"/healthz"_s);
    EXPECT_STATUS(health, 503);
    QCOMPARE(health.obj().value("status"_L1).toString(), u"error"_s);
    QCOMPARE(health.obj().value("database"_L1).toString(), u"error"_s);
    const Reply during = m_api.get(u"/api/chat/rooms/"_s, user);
    EXPECT_STATUS(during, 500);
    QCOMPARE(during.errorCode(), u"internal"_s);
    // Still down a moment later: every use tries again, none succeeds.
    EXPECT_STATUS(m_api.get(u"/healthz"_s), 503);

    QCOMPARE(m_database->runAsAdmin(u"ALTER DATABASE %1 ALLOW_CONNECTIONS true"_s.arg(name)),
             QString());
    health = m_api.get(u"/healthz"_s);
    EXPECT_STATUS(health, 200);
    QCOMPARE(health.obj().value("database"_L1).toString(), u"ok"_s);
    EXPECT_STATUS(m_api.get(u"/api/chat/rooms/"_s, user), 200);
    m_api.login(user.username());
}

QTEST_GUILESS_MAIN(tst_PostgresConnection)
#include "tst_postgres_connection.moc"
