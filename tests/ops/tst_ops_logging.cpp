// Log output of parley-server: the three formats (text, journal, JSON lines), the level from the
// settings file and the environment, and what SIGHUP reloads (log level, WebSocket rate limit,
// allowed origins).
#include "WsTest.h"
#include "logging/LogOutput.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWebSocket>

#include <csignal>
#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace parley::test;
using parley::logging::LogFormat;

namespace {

const QRegularExpression kIsoTime(uR"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"_s);
const QRegularExpression kJournalLine(uR"(^<[0-7]>[a-z][a-z.]*: \S)"_s);
const QRegularExpression kTextLine(
    uR"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (debug|info|warning|critical|fatal) [a-z.]+: )"_s);

QList<QByteArray> linesOf(const QByteArray &bytes)
{
    QList<QByteArray> lines = bytes.split('\n');
    lines.removeAll(QByteArray());
    return lines;
}

void writeIni(const QString &path, const QByteArray &serverGroup)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[server]\n" + serverGroup);
}

// A server (text logs) with a settings file of its own, which the test may rewrite.
struct ConfiguredServer
{
    QTemporaryDir dir;
    QString ini = dir.filePath(u"server.conf"_s);
    TestServer server{{u"--log-format"_s, u"text"_s}};

    explicit ConfiguredServer(const QByteArray &settings)
    {
        server.setEnv(u"PARLEY_CONFIG"_s, ini);
        writeIni(ini, settings);
    }
};

} // namespace

class tst_OpsLogging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatLine_data();
    void formatLine();
    void levelNames_data();
    void levelNames();

    void jsonLines();
    void journalWhenStderrIsTheJournal_data();
    void journalWhenStderrIsTheJournal();
    void levelFromSettings_data();
    void levelFromSettings();
    void badSettingsRefused_data();
    void badSettingsRefused();
    void sighupReloads();
    void sighupKeepsSettingsWhenFileIsBroken();
};

void tst_OpsLogging::formatLine_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("text info") << int(LogFormat::Text) << int(QtInfoMsg) << u"hello"_s
                               << QByteArray("2026-11-21T15:04:05.678Z info parley.test: hello");
    QTest::addRow("journal info") << int(LogFormat::Journal) << int(QtInfoMsg) << u"hello"_s
                                  << QByteArray("<6>parley.test: hello");
    QTest::addRow("journal debug")
        << int(LogFormat::Journal) << int(QtDebugMsg) << u"x"_s << QByteArray("<7>parley.test: x");
    QTest::addRow("journal warning") << int(LogFormat::Journal) << int(QtWarningMsg) << u"x"_s
                                     << QByteArray("<4>parley.test: x");
    QTest::addRow("journal critical") << int(LogFormat::Journal) << int(QtCriticalMsg) << u"x"_s
                                      << QByteArray("<3>parley.test: x");
    QTest::addRow("journal keeps one line") << int(LogFormat::Journal) << int(QtInfoMsg)
                                            << u"a\nb"_s << QByteArray("<6>parley.test: a b");
    QTest::addRow("json") << int(LogFormat::Json) << int(QtWarningMsg) << u"say \"hi\"\n"_s
                          << QByteArray(R"({"category":"parley.test","level":"warning",)"
                                        R"("message":"say \"hi\"\n",)"
                                        R"("time":"2026-11-21T15:04:05.678Z"})");
}

void tst_OpsLogging::formatLine()
{
    QFETCH(int, format);
    QFETCH(int, type);
    QFETCH(QString, message);
    QFETCH(QByteArray, expected);
    const qint64 t =
        QDateTime::fromString(u"2026-11-21T15:04:05.678Z"_s, Qt::ISODateWithMs).toMSecsSinceEpoch();
    QCOMPARE(parley::logging::formatLogLine(LogFormat(format), QtMsgType(type), "parley.test",
                                            message, t),
             expected);
}

void tst_OpsLogging::levelNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("known");
    QTest::addColumn<QString>("debugRule");
    QTest::addRow("debug") << u"debug"_s << true << u"parley.*.debug=true"_s;
    QTest::addRow("info") << u"info"_s << true << u"parley.*.debug=false"_s;
    QTest::addRow("upper case") << u"WARNING"_s << true << u"parley.*.info=false"_s;
    QTest::addRow("critical") << u"critical"_s << true << u"parley.*.warning=false"_s;
    QTest::addRow("unknown") << u"loud"_s << false << QString();
}

void tst_OpsLogging::levelNames()
{
    QFETCH(QString, name);
    QFETCH(bool, known);
    QFETCH(QString, debugRule);
    const auto rules = parley::logging::logRulesForLevel(name);
    QCOMPARE(rules.has_value(), known);
    if (known)
        QVERIFY2(rules->contains(debugRule), qPrintable(*rules));
}

void tst_OpsLogging::jsonLines()
{
    TestServer server({u"--log-format"_s, u"json"_s});
    server.setEnv(u"PARLEY_LOG_LEVEL"_s, u"debug"_s);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    EXPECT_STATUS(api.get(u"/healthz"_s), 200);
    EXPECT_STATUS(api.get(u"/api/nothing-here"_s), 404);
    server.stop();
    QCOMPARE(server.lastExitCode(), 0);

    const QList<QByteArray> lines = linesOf(server.serverStderr());
    QVERIFY2(lines.size() >= 5, server.serverStderr().constData());
    QSet<QString> categories;
    for (const QByteArray &line : lines) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        QVERIFY2(doc.isObject(), line.constData());
        const QJsonObject o = doc.object();
        QCOMPARE(o.keys(), (QStringList{u"category"_s, u"level"_s, u"message"_s, u"time"_s}));
        QVERIFY2(kIsoTime.match(o.value("time"_L1).toString()).hasMatch(), line.constData());
        QVERIFY2((QStringList{u"debug"_s, u"info"_s, u"warning"_s, u"critical"_s})
                     .contains(o.value("level"_L1).toString()),
                 line.constData());
        categories.insert(o.value("category"_L1).toString());
    }
    // Debug lines (one per answered request) are there because the level is debug.
    QVERIFY2(server.serverStderr().contains(R"("level":"debug")"),
             server.serverStderr().constData());
    QVERIFY2(categories.contains(u"parley.http"_s) && categories.contains(u"parley.server"_s),
             qPrintable(QStringList(categories.values()).join(u' ')));
}

void tst_OpsLogging::journalWhenStderrIsTheJournal_data()
{
    QTest::addColumn<bool>("matching");
    QTest::addRow("JOURNAL_STREAM names stderr") << true;
    QTest::addRow("JOURNAL_STREAM names another file") << false;
}

void tst_OpsLogging::journalWhenStderrIsTheJournal()
{
    // What systemd does for a service: stderr is the journal stream and JOURNAL_STREAM holds its
    // device and inode. A file stands in for the stream.
    QFETCH(bool, matching);
    QTemporaryDir dir;
    const QString errPath = dir.filePath(u"stderr"_s);
    QFile errFile(errPath);
    QVERIFY(errFile.open(QIODevice::WriteOnly));
    errFile.close();
    struct stat st = {};
    QCOMPARE(::stat(QFile::encodeName(errPath).constData(), &st), 0);

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PARLEY_CONFIG"_s, QString());
    env.insert(
        u"JOURNAL_STREAM"_s,
        u"%1:%2"_s.arg(qulonglong(st.st_dev)).arg(qulonglong(st.st_ino) + (matching ? 0 : 1)));
    process.setProcessEnvironment(env);
    process.setStandardErrorFile(errPath, QIODevice::Append);
    process.start(TestServer::binary(), {u"migrate"_s, u"--data-dir"_s, dir.filePath(u"data"_s)});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);

    QFile log(errPath);
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray all = log.readAll();
    const QList<QByteArray> lines = linesOf(all);
    QVERIFY2(!lines.isEmpty(), "migrate logs the migrations it applies");
    for (const QByteArray &line : lines) {
        const QString text = QString::fromUtf8(line);
        if (matching) {
            QVERIFY2(kJournalLine.match(text).hasMatch(), line.constData());
            QVERIFY2(!QRegularExpression(u"\\d\\d:\\d\\d:\\d\\d"_s).match(text).hasMatch(),
                     "journald adds the time itself");
        } else {
            QVERIFY2(kTextLine.match(text).hasMatch(), line.constData());
        }
    }
    if (matching)
        QVERIFY2(all.contains("<6>parley.storage: Applied migration 1"), all.constData());
}

void tst_OpsLogging::levelFromSettings_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QString>("envLevel");
    QTest::addColumn<bool>("infoLogged");
    QTest::addColumn<bool>("debugLogged");
    QTest::addRow("default: info") << QByteArray() << QString() << true << false;
    QTest::addRow("ini warning") << QByteArray("log_level = warning\n") << QString() << false
                                 << false;
    QTest::addRow("ini debug") << QByteArray("log_level = debug\n") << QString() << true << true;
    QTest::addRow("environment wins over ini")
        << QByteArray("log_level = warning\n") << u"info"_s << true << false;
    QTest::addRow("environment critical") << QByteArray() << u"critical"_s << false << false;
}

void tst_OpsLogging::levelFromSettings()
{
    QFETCH(QByteArray, ini);
    QFETCH(QString, envLevel);
    QFETCH(bool, infoLogged);
    QFETCH(bool, debugLogged);
    ConfiguredServer configured(ini);
    TestServer &server = configured.server;
    if (!envLevel.isEmpty())
        server.setEnv(u"PARLEY_LOG_LEVEL"_s, envLevel);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    EXPECT_STATUS(api.get(u"/healthz"_s), 200);
    server.stop();
    const QByteArray log = server.serverStderr();
    QCOMPARE(log.contains(" info parley.http: listening on"), infoLogged);
    QCOMPARE(log.contains(" debug parley.http: QHttpServerRequest::Method::Get /healthz 200"),
             debugLogged);
    for (const QByteArray &line : linesOf(log))
        QVERIFY2(kTextLine.match(QString::fromUtf8(line)).hasMatch(), line.constData());
}

void tst_OpsLogging::badSettingsRefused_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("envName");
    QTest::addColumn<QString>("envValue");
    QTest::addColumn<QByteArray>("error");
    QTest::addRow("--log-format") << QStringList{u"--log-format"_s, u"xml"_s} << QString()
                                  << QString() << QByteArray("--log-format: 'xml'");
    QTest::addRow("PARLEY_LOG_LEVEL")
        << QStringList() << u"PARLEY_LOG_LEVEL"_s << u"loud"_s << QByteArray("log level 'loud'");
    QTest::addRow("PARLEY_LOG_FORMAT")
        << QStringList() << u"PARLEY_LOG_FORMAT"_s << u"yaml"_s << QByteArray("log format 'yaml'");
    QTest::addRow("PARLEY_SHUTDOWN_TIMEOUT_S")
        << QStringList() << u"PARLEY_SHUTDOWN_TIMEOUT_S"_s << u"-1"_s
        << QByteArray("shutdown timeout must not be negative");
}

void tst_OpsLogging::badSettingsRefused()
{
    QFETCH(QStringList, args);
    QFETCH(QString, envName);
    QFETCH(QString, envValue);
    QFETCH(QByteArray, error);
    TestServer server(args);
    if (!envName.isEmpty())
        server.setEnv(envName, envValue);
    const CliResult run = server.runCli(QStringList{u"migrate"_s} + args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(error), qPrintable(run.describe()));
}

void tst_OpsLogging::sighupReloads()
{
    ConfiguredServer configured("log_level = warning\nws_rate = 0\n");
    TestServer &server = configured.server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const auto dumpLog = qScopeGuard([&server] { server.dumpLogIfFailed(); });
    ApiClient api(&server);
    const Session alice = api.registerUser(uniqueName(u"hup"_s));
    const QString room = openSupportRoom(api, alice);
    RETURN_IF_FAILED();

    // Before: warning level (no request lines), no rate limit, any origin.
    EXPECT_STATUS(api.get(u"/healthz"_s), 200);
    auto ws = connectChat(server, alice, u"alice"_s);
    RETURN_IF_FAILED();
    for (int i = 0; i < 20; ++i)
        ws->send(sendFrame(room, uniqueName(u"c"_s), u"before %1"_s.arg(i), u"b%1"_s.arg(i)));
    QCOMPARE(ws->waitForCount(u"ack"_s, 20).size(), 20);
    WS_NONE(*ws, u"error"_s);

    writeIni(configured.ini, "log_level = debug\nws_rate = 1\nws_burst = 2\n"
                             "allowed_origins = https://chat.example.com\n");
    QVERIFY(server.sendSignal(SIGHUP));
    QTRY_VERIFY_WITH_TIMEOUT(server.serverStderr().contains("parley.server: Reloaded"), 5000);
    QVERIFY(server.isRunning());

    // Debug lines now.
    EXPECT_STATUS(api.get(u"/healthz"_s), 200);
    QTRY_VERIFY_WITH_TIMEOUT(server.serverStderr().contains(
                                 "debug parley.http: QHttpServerRequest::Method::Get /healthz 200"),
                             5000);
    // The open socket has the new limit: a burst beyond 2 is answered with rate_limited.
    for (int i = 0; i < 6; ++i)
        ws->send(sendFrame(room, uniqueName(u"c"_s), u"after %1"_s.arg(i), u"a%1"_s.arg(i)));
    WS_WAIT(limited, *ws, u"error"_s, [](const QJsonObject &f) {
        return f.value("code"_L1).toString() == u"rate_limited"_s;
    });
    // New sockets from another origin are refused, from the allowed one accepted.
    for (const auto &[origin, allowed] : {std::pair{u"https://evil.example.com"_s, false},
                                          std::pair{u"https://chat.example.com"_s, true}}) {
        QWebSocket socket(origin);
        QSignalSpy closed(&socket, &QWebSocket::disconnected);
        QSignalSpy text(&socket, &QWebSocket::textMessageReceived);
        socket.open(wsUrl(server, alice.access));
        if (allowed) {
            QTRY_VERIFY_WITH_TIMEOUT(!text.isEmpty(), 5000); // hello
            QVERIFY(text.first().first().toString().contains("\"hello\""_L1));
        } else {
            QTRY_VERIFY_WITH_TIMEOUT(!closed.isEmpty(), 5000);
            QCOMPARE(int(socket.closeCode()), 4403);
        }
    }
}

void tst_OpsLogging::sighupKeepsSettingsWhenFileIsBroken()
{
    ConfiguredServer configured("log_level = info\n");
    TestServer &server = configured.server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    writeIni(configured.ini, "log_level = loud\n");
    QVERIFY(server.sendSignal(SIGHUP));
    QTRY_VERIFY_WITH_TIMEOUT(server.serverStderr().contains("Reload failed, settings unchanged"),
                             5000);
    ApiClient api(&server);
    EXPECT_STATUS(api.get(u"/healthz"_s), 200);
    server.stop();
    QCOMPARE(server.lastExitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_OpsLogging)
#include "tst_ops_logging.moc"
