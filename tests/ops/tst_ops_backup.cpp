// `parley-server backup` and `parley-server migrate`: a backup taken while WebSocket clients
// write is a consistent snapshot holding everything acked before it started, the documented
// restore (docs/OPERATIONS.md) brings it back, and migrate reports and applies schema versions.
#include "SqliteFile.h"
#include "WsTest.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

// Runs SQL on a database file through its own connection (the test's view of the file).
QVariantList column(const QString &path, const QString &sql)
{
    QVariantList values;
    onSqliteFile(path, [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        if (query.exec(sql)) {
            while (query.next())
                values.append(query.value(0));
        }
    });
    return values;
}

} // namespace

class tst_OpsBackup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backupWhileWritingThenRestore();
    void backupRefuses_data();
    void backupRefuses();
    void migrateFreshThenCurrent();
    void newerSchemaRefused();
};

void tst_OpsBackup::backupWhileWritingThenRestore()
{
    TestServer server;
    server.setEnv(u"PARLEY_WS_RATE"_s, u"0"_s);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const auto dumpLog = qScopeGuard([&server] { server.dumpLogIfFailed(); });
    ApiClient api(&server);
    const Session alice = api.registerUser(uniqueName(u"bk"_s));
    const QString room = openSupportRoom(api, alice);
    RETURN_IF_FAILED();
    auto ws = connectChat(server, alice, u"alice"_s);
    RETURN_IF_FAILED();

    // A writer that never stops: a new send for every ack, 8 in flight.
    QStringList acked; // message ids in ack order
    int next = 0;
    bool writing = true;
    const auto sendOne = [&] {
        const QString clientId = u"bk-%1"_s.arg(next++);
        ws->send(sendFrame(room, clientId, clientId, clientId));
    };
    QObject::connect(ws.get(), &WsClient::frameArrived, ws.get(), [&] {
        const QList<QJsonObject> acks = ws->take(u"ack"_s);
        for (const QJsonObject &ack : acks) {
            acked.append(ack.value("message"_L1).toObject().value("id"_L1).toString());
            if (writing)
                sendOne();
        }
    });
    for (int i = 0; i < 8; ++i)
        sendOne();
    QTRY_VERIFY_WITH_TIMEOUT(acked.size() >= 200, 30000);

    // The backup runs in another process while the writer goes on.
    QTemporaryDir backups;
    const QString backupFile = backups.filePath(u"parley-backup.db"_s);
    const QStringList ackedBefore = acked;
    QProcess backup;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PARLEY_CONFIG"_s, QString());
    backup.setProcessEnvironment(env);
    backup.start(TestServer::binary(),
                 {u"backup"_s, u"--to"_s, backupFile, u"--data-dir"_s, server.dataDir()});
    QTRY_VERIFY_WITH_TIMEOUT(backup.state() == QProcess::NotRunning, 30000);
    const QByteArray out = backup.readAllStandardOutput();
    QVERIFY2(backup.exitStatus() == QProcess::NormalExit && backup.exitCode() == 0,
             backup.readAllStandardError().constData());
    QVERIFY2(out.startsWith("Backed up SQLite ") && out.contains(backupFile.toUtf8()),
             out.constData());
    const qsizetype ackedAfterBackup = acked.size();
    QTRY_VERIFY_WITH_TIMEOUT(acked.size() >= ackedAfterBackup + 50, 30000); // still writing
    writing = false;
    QVERIFY(ws->barrier());
    QVERIFY(!QFile::exists(backupFile + u".partial"_s));
    // It holds password hashes: readable by its owner only.
    const QFileDevice::Permissions mode = QFileInfo(backupFile).permissions();
    QVERIFY(mode.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QVERIFY(!(mode & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther |
                      QFileDevice::WriteOther)));

    // The copy is a snapshot: every message acked before the backup began, seqs without gaps,
    // and the room's last_seq matching its messages.
    const QVariantList seqs = column(
        backupFile, u"SELECT seq FROM messages WHERE room_id = '%1' ORDER BY seq"_s.arg(room));
    QVERIFY(!seqs.isEmpty());
    for (qsizetype i = 0; i < seqs.size(); ++i)
        QCOMPARE(seqs.at(i).toLongLong(), qint64(i + 1));
    QCOMPARE(column(backupFile, u"SELECT last_seq FROM rooms WHERE id = '%1'"_s.arg(room))
                 .value(0)
                 .toLongLong(),
             qint64(seqs.size()));
    QVariantList idsInBackup = column(backupFile, u"SELECT id FROM messages"_s);
    QSet<QString> backupIds;
    for (const QVariant &id : std::as_const(idsInBackup))
        backupIds.insert(id.toString());
    for (const QString &id : ackedBefore)
        QVERIFY2(backupIds.contains(id), qPrintable(u"acked before the backup, missing: "_s + id));
    const qsizetype totalAcked = acked.size();
    QVERIFY2(seqs.size() < totalAcked, "writes after the backup are not in it");

    // Restore as documented: stop, move the database files aside, copy the backup in, start.
    ws.reset();
    server.stop();
    QCOMPARE(server.lastExitCode(), 0);
    QDir data(server.dataDir());
    for (const QString &name : {u"parley.db"_s, u"parley.db-wal"_s, u"parley.db-shm"_s}) {
        if (data.exists(name))
            QVERIFY(data.rename(name, name + u".before-restore"_s));
    }
    QVERIFY(QFile::copy(backupFile, data.filePath(u"parley.db"_s)));
    QVERIFY2(server.start(), qPrintable(server.errorString()));

    const QJsonArray history = fullHistory(api, alice, room);
    RETURN_IF_FAILED();
    QSet<QString> restored;
    for (const QJsonValue &m : history)
        restored.insert(m.toObject().value("id"_L1).toString());
    QCOMPARE(restored, backupIds);
    // And it carries on from there: the next message gets the next seq.
    const parley::Message after = send(api, alice, room, u"after the restore"_s);
    RETURN_IF_FAILED();
    QCOMPARE(after.seq, qint64(seqs.size() + 1));
}

void tst_OpsBackup::backupRefuses_data()
{
    QTest::addColumn<QString>("target"); // relative to a temporary directory; "" = no --to
    QTest::addColumn<bool>("withDatabase");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("error");
    QTest::addRow("no --to") << QString() << true << 2 << QByteArray("usage: backup --to FILE");
    QTest::addRow("existing file") << u"exists.db"_s << true << 1 << QByteArray("already exists");
    QTest::addRow("missing directory")
        << u"nowhere/b.db"_s << true << 1 << QByteArray("does not exist");
    QTest::addRow("no database yet") << u"b.db"_s << false << 1 << QByteArray("no database in");
}

void tst_OpsBackup::backupRefuses()
{
    QFETCH(QString, target);
    QFETCH(bool, withDatabase);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, error);
    TestServer server;
    if (withDatabase)
        QCOMPARE(server.runCli({u"migrate"_s}).exitCode, 0);
    QTemporaryDir dir;
    QFile existing(dir.filePath(u"exists.db"_s));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("keep me");
    existing.close();
    QStringList args{u"backup"_s};
    if (!target.isEmpty())
        args << u"--to"_s << dir.filePath(target);
    const CliResult run = server.runCli(args);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(error), qPrintable(run.describe()));
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("keep me"));
}

void tst_OpsBackup::migrateFreshThenCurrent()
{
    TestServer server;
    const CliResult fresh = server.runCli({u"migrate"_s});
    QVERIFY2(fresh.exitCode == 0, qPrintable(fresh.describe()));
    QVERIFY2(fresh.out.contains(": migrated schema version 0 -> 11"), qPrintable(fresh.describe()));
    const CliResult again = server.runCli({u"migrate"_s});
    QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
    QVERIFY2(again.out.contains(": schema version 11 is current"), qPrintable(again.describe()));
    // The migrated database serves.
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    EXPECT_STATUS(api.get(u"/healthz"_s), 200);
}

void tst_OpsBackup::newerSchemaRefused()
{
    // A database written by a newer parley-server: neither migrate nor the server touch it.
    TestServer server;
    QCOMPARE(server.runCli({u"migrate"_s}).exitCode, 0);
    const QString db = QDir(server.dataDir()).filePath(u"parley.db"_s);
    column(db, u"INSERT INTO schema_migrations (version, description, applied_at) "
               "VALUES (999, 'from the future', 0)"_s);
    QCOMPARE(column(db, u"SELECT MAX(version) FROM schema_migrations"_s).value(0).toInt(), 999);

    const CliResult migrate = server.runCli({u"migrate"_s});
    QCOMPARE(migrate.exitCode, 1);
    QVERIFY2(migrate.err.contains("(version 999) is newer than this parley-server knows"),
             qPrintable(migrate.describe()));
    QVERIFY(!server.start());
    QVERIFY2(server.errorString().contains(u"is newer than this parley-server knows"_s),
             qPrintable(server.errorString()));
}

QTEST_GUILESS_MAIN(tst_OpsBackup)
#include "tst_ops_backup.moc"
