#include "TestServer.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace parley::test {

namespace {

constexpr int kStartTimeoutMs = 15000;
constexpr int kStopTimeoutMs = 5000;
constexpr qsizetype kLogTail = 4000;

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).size(); // 0 when it does not exist
}

QByteArray readFrom(const QString &path, qint64 offset)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return {};
    return file.readAll();
}

QString tail(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return u"(nothing)"_s;
    if (bytes.size() <= kLogTail)
        return QString::fromUtf8(bytes);
    return u"..."_s + QString::fromUtf8(bytes.right(kLogTail));
}

} // namespace

QString CliResult::describe() const
{
    return u"exit %1\n--- stdout:\n%2\n--- stderr:\n%3"_s.arg(exitCode).arg(QString::fromUtf8(out),
                                                                            QString::fromUtf8(err));
}

TestServer::TestServer(const QStringList &extraArgs)
    : m_extraArgs(extraArgs)
    , m_api(std::make_unique<ApiClient>(this))
{}

TestServer::~TestServer()
{
    stop();
}

QString TestServer::binary()
{
    return qEnvironmentVariable("PARLEY_SERVER_BIN");
}

QProcessEnvironment TestServer::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith("PARLEY_"_L1) && key != "PARLEY_SERVER_BIN"_L1)
            env.remove(key);
    }
    // Suites write and log in far faster than people do: the per-user write rate and the
    // failed-login limit per address are off unless a test sets them (tst_security does).
    env.insert(u"PARLEY_WRITE_RATE"_s, u"0"_s);
    env.insert(u"PARLEY_LOGIN_FAILURES_PER_IP"_s, u"0"_s);
    // No settings file unless a test asks for one: not even an installed /etc/parley/server.conf.
    env.insert(u"PARLEY_CONFIG"_s, QString());
    for (auto it = m_env.cbegin(); it != m_env.cend(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

QString TestServer::stdoutPath() const
{
    return m_logDir.filePath(u"server.stdout"_s);
}

QString TestServer::stderrPath() const
{
    return m_logDir.filePath(u"server.stderr"_s);
}

qint64 TestServer::pid() const
{
    return isRunning() ? m_process->processId() : 0;
}

std::shared_ptr<TestDatabase> TestServer::database()
{
    if (m_database || TestDatabase::postgresConfigured())
        return postgresDatabase();
    m_database = TestDatabase::existing(u"sqlite://"_s + m_dataDir.filePath(u"parley.db"_s));
    return m_database;
}

std::shared_ptr<TestDatabase> TestServer::postgresDatabase() const
{
    if (!m_database && TestDatabase::postgresConfigured()) {
        QString error;
        m_database = TestDatabase::create(&error);
        if (!m_database)
            m_error = error;
    }
    return m_database;
}

QStringList TestServer::storageArgs() const
{
    QStringList args{u"--data-dir"_s, dataDir()};
    // A CLI run before the first start() already works on the server's PostgreSQL database.
    if (const auto database = postgresDatabase())
        args << u"--database"_s << database->url();
    return args;
}

bool TestServer::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QUrl TestServer::baseUrl() const
{
    return QUrl(u"%1://127.0.0.1:%2"_s.arg(m_scheme).arg(m_port));
}

QString TestServer::startFailure(const QString &why, qint64 outOffset, qint64 errOffset) const
{
    return u"parley-server (%1) %2\n--- its stdout:\n%3\n--- its stderr:\n%4"_s.arg(
        program(), why, tail(readFrom(stdoutPath(), outOffset)),
        tail(readFrom(stderrPath(), errOffset)));
}

bool TestServer::start()
{
    m_error.clear();
    if (isRunning()) {
        m_error = u"the server is already running"_s;
        return false;
    }
    const QString bin = program();
    if (bin.isEmpty()) {
        m_error = u"PARLEY_SERVER_BIN is not set: run the test through ctest, or set it to the "
                  "parley-server binary"_s;
        return false;
    }
    if (!QFileInfo(bin).isExecutable()) {
        m_error = u"PARLEY_SERVER_BIN=%1 is not an executable file"_s.arg(bin);
        return false;
    }
    if (!m_dataDir.isValid() || !m_logDir.isValid()) {
        m_error = u"cannot create a temporary directory: %1"_s.arg(m_dataDir.errorString());
        return false;
    }
    if (TestDatabase::postgresConfigured() && !postgresDatabase())
        return false;

    // stdout and stderr go to files (appended across restarts): a pipe nobody reads while a test
    // blocks elsewhere could fill up and stall the server.
    const qint64 outOffset = fileSize(stdoutPath());
    const qint64 errOffset = fileSize(stderrPath());
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(bin);
    m_process->setArguments(QStringList{u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_pinnedPort)} +
                            storageArgs() + m_extraArgs);
    m_process->setProcessEnvironment(environment());
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(stdoutPath(), QIODevice::Append);
    m_process->setStandardErrorFile(stderrPath(), QIODevice::Append);
    m_process->start();
    if (!m_process->waitForStarted(kStartTimeoutMs)) {
        m_error = startFailure(u"did not start: %1"_s.arg(m_process->errorString()), outOffset,
                               errOffset);
        m_process.reset();
        return false;
    }

    static const QRegularExpression listening(
        uR"(parley-server listening on (https?)://127\.0\.0\.1:(\d+)\r?\n)"_s);
    const QDeadlineTimer deadline(kStartTimeoutMs);
    for (;;) {
        const QString out = QString::fromUtf8(readFrom(stdoutPath(), outOffset));
        const QRegularExpressionMatch match = listening.match(out);
        if (match.hasMatch()) {
            m_scheme = match.captured(1);
            m_port = quint16(match.captured(2).toUInt());
            if (m_port != 0)
                return true;
            m_error = startFailure(u"printed port 0"_s, outOffset, errOffset);
            kill();
            return false;
        }
        if (m_process->waitForFinished(25) || m_process->state() == QProcess::NotRunning) {
            const QString how = m_process->exitStatus() == QProcess::CrashExit
                                    ? u"crashed"_s
                                    : u"exited with code %1"_s.arg(m_process->exitCode());
            m_error =
                startFailure(how + u" before printing its listening line"_s, outOffset, errOffset);
            m_process.reset();
            return false;
        }
        if (deadline.hasExpired()) {
            m_error = startFailure(
                u"did not print \"parley-server listening on http://127.0.0.1:PORT\" within "
                "%1 s (killed)"_s.arg(kStartTimeoutMs / 1000),
                outOffset, errOffset);
            kill();
            return false;
        }
    }
}

void TestServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        // The event loop runs meanwhile: WebSocket clients of this test answer the server's
        // 1001 close frames, so its graceful shutdown does not wait for them.
        if (waitForExit(kStopTimeoutMs))
            return;
        std::fprintf(stderr, "parley-server did not stop within %d s of SIGTERM: killed\n",
                     kStopTimeoutMs / 1000);
        m_process->kill();
        m_process->waitForFinished(kStopTimeoutMs);
    }
    m_lastExitCode = m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    m_process.reset();
}

void TestServer::kill()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(kStopTimeoutMs);
    }
    m_lastExitCode = -1;
    m_process.reset();
}

bool TestServer::restart()
{
    stop();
    return start();
}

bool TestServer::sendSignal(int signal)
{
    if (!isRunning())
        return false;
    return ::kill(pid_t(m_process->processId()), signal) == 0;
}

bool TestServer::waitForExit(int timeoutMs)
{
    if (!m_process)
        return true;
    if (!QTest::qWaitFor([this] { return m_process->state() == QProcess::NotRunning; }, timeoutMs))
        return false;
    m_process->waitForFinished(kStopTimeoutMs); // collects the exit status
    m_lastExitCode = m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    m_process.reset();
    return true;
}

QByteArray TestServer::serverStderr() const
{
    return readFrom(stderrPath(), 0);
}

QByteArray TestServer::serverLog() const
{
    return readFrom(stdoutPath(), 0) + readFrom(stderrPath(), 0);
}

void TestServer::dumpLogIfFailed()
{
    const qint64 size = fileSize(stderrPath());
    if (QTest::currentTestFailed() && size > m_dumpedErrBytes) {
        const QByteArray text = readFrom(stderrPath(), m_dumpedErrBytes);
        std::fprintf(stderr,
                     "---- parley-server stderr (%s) ----\n%s\n---- end of server stderr ----\n",
                     QTest::currentTestFunction(), text.constData());
        std::fflush(stderr);
    }
    m_dumpedErrBytes = size;
}

CliResult TestServer::runCli(const QStringList &args, const QByteArray &stdinData,
                             int timeoutMs) const
{
    CliResult result;
    QProcess process;
    process.setProgram(program());
    process.setArguments(args + storageArgs());
    process.setProcessEnvironment(environment());
    process.start();
    if (!process.waitForStarted(timeoutMs)) {
        result.err =
            "could not start " + program().toUtf8() + ": " + process.errorString().toUtf8();
        return result;
    }
    process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(kStopTimeoutMs);
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError() + "\n(timed out: killed)";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

Session TestServer::createUser(const QString &username, const QString &role,
                               const QString &password, std::source_location where)
{
    const CliResult cli =
        runCli({u"user"_s, u"add"_s, username, u"--role"_s, role}, password.toUtf8() + '\n');
    if (cli.exitCode != 0) {
        failAt(u"`parley-server user add %1 --role %2` failed: %3"_s.arg(username, role,
                                                                         cli.describe()),
               where);
        return {};
    }
    return m_api->login(username, password, where);
}

} // namespace parley::test
