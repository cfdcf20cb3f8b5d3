#pragma once

#include "ApiClient.h"
#include "TestDatabase.h"

#include <QByteArray>
#include <QHash>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <source_location>

class QProcess;

namespace parley::test {

// The outcome of one `parley-server <args> --data-dir <dir>` command-line run.
struct CliResult
{
    int exitCode = -1; // -1: crashed, timed out or never started
    QByteArray out;
    QByteArray err;

    QString describe() const;
};

// The real parley-server binary (PARLEY_SERVER_BIN) on 127.0.0.1 and an ephemeral port, with a
// temporary data directory that lives as long as this object (and so survives restart()).
//
// The database: SQLite in the data directory by default. When a test PostgreSQL server is
// configured (TestDatabase.h: PARLEY_TEST_POSTGRES or PARLEY_TEST_POSTGRES_FILE), each TestServer
// gets a fresh PostgreSQL database of its own at its first start(), dropped when the TestServer
// goes. setDatabase() gives several TestServers ONE database (the nodes of a cluster):
//     node2.setDatabase(node1.database());
// Server runs and CLI runs both get `--database URL` whenever a database other than the data
// directory's SQLite file is in use.
//
// Typical use:
//     void initTestCase() { QVERIFY2(m_server.start(), qPrintable(m_server.errorString())); }
//     void cleanup() { m_server.dumpLogIfFailed(); }
class TestServer
{
public:
    explicit TestServer(const QStringList &extraArgs = {});
    ~TestServer();
    TestServer(const TestServer &) = delete;
    TestServer &operator=(const TestServer &) = delete;

    // Extra environment for the server and the CLI runs. The parent's environment is kept, minus
    // every PARLEY_* setting (so PARLEY_JWT_SECRET is unset unless set here), plus
    // PARLEY_WRITE_RATE=0 and PARLEY_LOGIN_FAILURES_PER_IP=0 (rate limits off) unless set here.
    void setEnv(const QString &name, const QString &value) { m_env.insert(name, value); }
    void setExtraArgs(const QStringList &args) { m_extraArgs = args; }
    // Another parley-server binary than PARLEY_SERVER_BIN (an installed package's).
    void setBinary(const QString &path) { m_binary = path; }
    QString program() const { return m_binary.isEmpty() ? binary() : m_binary; }

    // Shares `database` (set before start()). Null: back to the default.
    void setDatabase(std::shared_ptr<TestDatabase> database) { m_database = std::move(database); }
    // The database this server uses (made now if it has none yet: a fresh PostgreSQL database
    // when one is configured, else the data directory's SQLite file). Null when it cannot be
    // made: errorString() says why.
    std::shared_ptr<TestDatabase> database();
    // True when it runs on PostgreSQL.
    bool usesPostgres() const { return m_database && m_database->isPostgres(); }

    // Starts the binary and waits (at most 15 s) for its "listening" line. False: errorString().
    bool start();
    // SIGTERM (the event loop runs while it drains), then SIGKILL after 5 s.
    void stop();
    // SIGKILL at once: no graceful shutdown.
    void kill();
    // stop() then start() on the same data directory; the port may change (see pinPort()).
    bool restart();
    // Sends `signal` (SIGHUP, SIGTERM, ...) to the running server. False when none runs.
    bool sendSignal(int signal);
    // Waits for the server to exit while this thread's event loop runs (so WebSocket clients of
    // the test keep answering); false on timeout (it keeps running). Sets lastExitCode().
    bool waitForExit(int timeoutMs);
    // Later start()s listen on the current port again, so clients that only know the URL
    // (the desktop client's reconnect) find the server after a restart.
    void pinPort() { m_pinnedPort = m_port; }

    bool isRunning() const;
    QString errorString() const { return m_error; }
    // http://127.0.0.1:PORT, or https:// when the server serves TLS (--tls-cert).
    QUrl baseUrl() const;
    quint16 port() const { return m_port; }
    // The server's process id (0 when it is not running), e.g. for /proc/<pid>/status.
    qint64 pid() const;
    QString dataDir() const { return m_dataDir.path(); }
    // Exit code of the last stop()/kill() (-1 when it crashed or was killed).
    int lastExitCode() const { return m_lastExitCode; }

    // Everything the server wrote to stderr/stdout since the first start.
    QByteArray serverLog() const;
    // Only what it wrote to stderr (its log lines) since the first start.
    QByteArray serverStderr() const;
    // In cleanup(): when the current test failed, copies the server's stderr written since the
    // previous dump to the test's stderr.
    void dumpLogIfFailed();

    // `parley-server <args> --data-dir <dataDir>` with stdinData on its standard input.
    CliResult runCli(const QStringList &args, const QByteArray &stdinData = {},
                     int timeoutMs = 30000) const;

    // `user add USERNAME --role ROLE` through the CLI, then a login. Fails the current test (and
    // returns an empty Session) when either does not work.
    Session createUser(const QString &username, const QString &role,
                       const QString &password = QString::fromLatin1(kDefaultPassword),
                       std::source_location where = std::source_location::current());

    static QString binary();

private:
    QProcessEnvironment environment() const;
    QString stdoutPath() const;
    QString stderrPath() const;
    QString startFailure(const QString &why, qint64 outOffset, qint64 errOffset) const;
    // m_database, made now when PostgreSQL is configured and there is none yet.
    std::shared_ptr<TestDatabase> postgresDatabase() const;
    // --data-dir, and --database when set.
    QStringList storageArgs() const;

    QStringList m_extraArgs;
    QString m_binary;
    QHash<QString, QString> m_env;
    QTemporaryDir m_dataDir;
    mutable std::shared_ptr<TestDatabase> m_database; // made on first use (postgresDatabase())
    QTemporaryDir m_logDir;
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<ApiClient> m_api;
    mutable QString m_error;
    quint16 m_port = 0;
    QString m_scheme = QStringLiteral("http");
    quint16 m_pinnedPort = 0;
    int m_lastExitCode = -1;
    qint64 m_dumpedErrBytes = 0;
};

} // namespace parley::test
