// SQLite's WAL checkpoints run on a thread of their own (SqliteCheckpointer), not inside the commit
// of a request: while messages stream in, what they wrote reaches the database file; once they
// pause, the next write starts the WAL over and its file is cut back; a restart finds everything.
#include "ApiTest.h"
#include "SqliteFile.h"

#include <QFileInfo>
#include <QSet>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

constexpr int kCheckpointPages = 32; // 128 KiB of WAL start a checkpoint
constexpr int kMessages = 600;

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).size();
}

// How many frames the database's WAL holds, as another connection sees it (-1: unreadable).
qint64 framesInWal(const QString &path)
{
    qint64 frames = -1;
    onSqliteFile(path, [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        // PASSIVE: copies what it can without waiting; (busy, frames in the WAL, copied).
        if (query.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s) && query.next())
            frames = query.value(1).toLongLong();
    });
    return frames;
}

} // namespace

class tst_SqliteCheckpoints : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesReachTheDatabaseFileWhileTheServerRuns();
};

void tst_SqliteCheckpoints::writesReachTheDatabaseFileWhileTheServerRuns()
{
    TestServer server;
    server.setEnv(u"PARLEY_SQLITE_CHECKPOINT_PAGES"_s, QString::number(kCheckpointPages));
    server.setEnv(u"PARLEY_LOG_LEVEL"_s, u"debug"_s);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    auto cleanupLog = qScopeGuard([&] { server.dumpLogIfFailed(); });
    const QString database = server.dataDir() + u"/parley.db"_s;
    const QString wal = database + u"-wal"_s;

    ApiClient api(&server);
    const Session alice = api.registerUser(uniqueName(u"ckpt"_s));
    RETURN_IF_FAILED();
    const QString room = openSupportRoom(api, alice);
    RETURN_IF_FAILED();
    const qint64 databaseBefore = fileSize(database);
    const qint64 walBefore = fileSize(wal); // the schema's migrations wrote some

    // Each message its own commit, 1 KiB of text each (a few pages with the search index).
    QList<Request> sends;
    for (int i = 0; i < kMessages; ++i) {
        const QJsonObject body{{u"type"_s, u"text"_s},
                               {u"content"_s, u"message %1 "_s.arg(i) + QString(1000, u'x')}};
        sends.append({"POST",
                      roomPath(room, u"messages"_s),
                      QJsonDocument(body).toJson(QJsonDocument::Compact),
                      alice.access,
                      {}});
    }
    const QList<Reply> replies = api.sendAll(sends, 4);
    for (const Reply &reply : replies)
        QCOMPARE(reply.status, 201);

    // The messages' pages were copied into the database file with the server still running.
    QTRY_VERIFY2(
        fileSize(database) > databaseBefore + kMessages * 1000,
        qPrintable(u"database %1 -> %2 bytes"_s.arg(databaseBefore).arg(fileSize(database))));
    // By the background checkpointer, not the commits: it says so at debug level.
    QVERIFY(server.serverStderr().contains("Checkpoint:"));
    // Once the writes pause, a checkpoint copies the rest and the next write starts the WAL over
    // from its beginning: it then holds only the latest writes' pages (another connection reads
    // how many: a send writes 15-45 pages). A write every 200 ms until then: slow builds
    // (sanitizers) need a few.
    qint64 walFrames = -1;
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            QTest::qWait(200);
            send(api, alice, room, u"after the burst"_s);
            walFrames = framesInWal(database);
            return walFrames >= 0 && walFrames < 2 * kCheckpointPages;
        }(),
        qPrintable(u"%1 frames in the WAL"_s.arg(walFrames)), 20000);
    // And its file, grown by the burst, is cut back to journal_size_limit (4 x the threshold).
    constexpr qint64 kLimitBytes = 4 * kCheckpointPages * 4096;
    QVERIFY2(fileSize(wal) <= kLimitBytes,
             qPrintable(u"WAL file %1 -> %2 bytes"_s.arg(walBefore).arg(fileSize(wal))));

    // Nothing was lost on the way: all of it is there after a restart.
    QVERIFY2(server.restart(), qPrintable(server.errorString()));
    QSet<QString> contents;
    QString query = u"limit=100"_s;
    for (;;) {
        const QJsonArray page = fetchHistory(api, alice, room, query);
        RETURN_IF_FAILED();
        if (page.isEmpty())
            break;
        qint64 oldest = page.first()[u"seq"_s].toInteger();
        for (const QJsonValue &message : page) {
            oldest = std::min(oldest, message[u"seq"_s].toInteger());
            if (message[u"content"_s].toString().startsWith(u"message "_s))
                contents.insert(message[u"content"_s].toString());
        }
        query = u"limit=100&before=%1"_s.arg(oldest);
    }
    QCOMPARE(contents.size(), kMessages);
}

QTEST_GUILESS_MAIN(tst_SqliteCheckpoints)
#include "tst_sqlite_checkpoints.moc"
