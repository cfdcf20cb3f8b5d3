#include "cli/OpsCommands.h"

#include "cli/Commands.h"
#include "storage/Storage.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

namespace parley::cli {
namespace {

int fail(QTextStream &err, const QString &message)
{
    err << "parley-server: " << message << Qt::endl;
    return kFailed;
}

Result<std::unique_ptr<storage::Storage>> openAsItIs(const app::ServerConfig &config)
{
    return storage::openStorage(
        {config.databaseUrl, config.dataDir, config.sqliteSynchronousFull, false});
}

// Reads the copy back through its own connection: a file SQLite cannot open or whose pages do not
// check out is not a backup.
QString checkCopy(const QString &path)
{
    const QString name = QStringLiteral("parley-backup-check-%1")
                             .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    QString problem;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        QSqlQuery check(db);
        if (!db.open())
            problem = QStringLiteral("cannot open the copy");
        else if (!check.exec(QStringLiteral("PRAGMA quick_check")) || !check.next())
            problem = QStringLiteral("cannot check the copy");
        else if (check.value(0).toString() != u"ok")
            problem = QStringLiteral("the copy is damaged: %1").arg(check.value(0).toString());
    }
    QSqlDatabase::removeDatabase(name);
    return problem;
}

} // namespace

int runBackupCommand(const app::ServerConfig &config, const QString &target, QTextStream &out,
                     QTextStream &err)
{
    if (target.isEmpty()) {
        err << "parley-server: usage: backup --to FILE" << Qt::endl;
        return kUsage;
    }
    const QFileInfo to(target);
    if (to.exists())
        return fail(err, QStringLiteral("%1 already exists: choose a new file").arg(target));
    if (!to.absoluteDir().exists())
        return fail(err, QStringLiteral("directory %1 does not exist").arg(to.absolutePath()));
    if (config.databaseUrl.isEmpty() &&
        !QFileInfo::exists(QDir(config.dataDir).filePath(QStringLiteral("parley.db"))))
        return fail(err, QStringLiteral("no database in %1").arg(config.dataDir));

    auto storage = openAsItIs(config);
    if (!storage)
        return fail(err, storage.error().message);
    // Written under a temporary name and renamed at the end: FILE is complete or absent.
    const QString partial = to.absoluteFilePath() + QStringLiteral(".partial");
    QFile::remove(partial);
    // Owner-only from the start: the copy holds password hashes and token digests.
    QFile empty(partial);
    if (!empty.open(QIODevice::WriteOnly) ||
        !empty.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return fail(err, QStringLiteral("cannot create %1: %2").arg(partial, empty.errorString()));
    empty.close();
    if (auto copied = (*storage)->backupTo(partial); !copied) {
        QFile::remove(partial);
        return fail(err, QStringLiteral("backup failed: %1").arg(copied.error().message));
    }
    if (const QString problem = checkCopy(partial); !problem.isEmpty()) {
        QFile::remove(partial);
        return fail(err, problem);
    }
    if (!QFile::rename(partial, to.absoluteFilePath())) {
        QFile::remove(partial);
        return fail(err, QStringLiteral("cannot rename %1 to %2").arg(partial, target));
    }
    out << "Backed up " << (*storage)->describe() << " (schema version "
        << (*storage)->schemaVersion() << ") to " << to.absoluteFilePath() << " ("
        << QFileInfo(to.absoluteFilePath()).size() << " bytes)" << Qt::endl;
    return kDone;
}

int runMigrateCommand(const app::ServerConfig &config, QTextStream &out, QTextStream &err)
{
    auto storage = openAsItIs(config);
    if (!storage)
        return fail(err, storage.error().message);
    storage::Storage &db = **storage;
    const int before = db.schemaVersion();
    const int latest = db.latestSchemaVersion();
    if (before == latest) {
        out << db.describe() << ": schema version " << before << " is current" << Qt::endl;
        return kDone;
    }
    if (auto migrated = db.migrate(); !migrated)
        return fail(err, migrated.error().message);
    out << db.describe() << ": migrated schema version " << before << " -> " << db.schemaVersion()
        << Qt::endl;
    return kDone;
}

} // namespace parley::cli
