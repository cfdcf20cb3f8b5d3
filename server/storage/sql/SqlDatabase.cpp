#include "storage/sql/SqlDatabase.h"

#include "logging/Logging.h"
#include "storage/sql/Migrations.h"
#include "storage/sql/SqliteCheckpointer.h"
#include "storage/sql/SqliteStatements.h"

#include <QAtomicInt>
#include <QDir>
#include <QSqlDriver>
#include <QSqlError>
#include <QUrl>

namespace parley::storage::sql {
namespace {

// QSQLITE binds strings as UTF-16, and SQLite reads two leading bytes that look like a byte-order
// mark as one: a text starting with U+FEFF lost that character, one starting with U+FFFE came
// back byte-swapped. A native-order BOM in front is what SQLite strips instead.
QVariant withoutBomTrap(const QVariant &value)
{
    if (value.typeId() != QMetaType::QString)
        return value;
    const QString text = value.toString();
    if (text.isEmpty() || (text.front() != QChar(0xFEFF) && text.front() != QChar(0xFFFE)))
        return value;
    return QString(QChar(0xFEFF) + text);
}

} // namespace

SqlRows::SqlRows(QSqlQuery *query, bool *busy, std::unique_ptr<QSqlQuery> owned)
    : m_query(query)
    , m_busy(busy)
    , m_owned(std::move(owned))
{}

SqlRows::SqlRows(SqlRows &&other) noexcept
    : m_query(other.m_query)
    , m_busy(other.m_busy)
    , m_owned(std::move(other.m_owned))
{
    other.m_query = nullptr;
    other.m_busy = nullptr;
}

SqlRows::~SqlRows()
{
    if (m_query)
        m_query->finish();
    if (m_busy)
        *m_busy = false;
}

namespace {

QAtomicInt connectionCounter;

// PostgreSQL names the unique violation by its SQLSTATE; QSQLITE gives SQLite's extended result
// code (SQLITE_CONSTRAINT_UNIQUE 2067, _PRIMARYKEY 1555) or, from older drivers, only the text.
bool isUniqueViolation(const QSqlError &error, SqlDatabase::Dialect dialect)
{
    const QString native = error.nativeErrorCode();
    if (dialect == SqlDatabase::Dialect::Postgres)
        return native == u"23505";
    return native == u"2067" || native == u"1555" ||
           error.databaseText().contains(u"UNIQUE constraint failed");
}

// PostgreSQL: the session is gone. SQLSTATE class 08 (connection exception), 57P01-57P03 (the
// server terminated it, is shutting down, or cannot take connections yet), or no SQLSTATE at
// all: libpq got no answer from the server.
bool isConnectionFailure(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code.isEmpty() || code.startsWith(u"08") || code == u"57P01" || code == u"57P02" ||
           code == u"57P03";
}

// A key for pg_advisory_lock: migrations of several nodes starting at once take turns.
constexpr qint64 kMigrationLock = 0x7061726c6579; // "parley"

} // namespace

Error SqlDatabase::toError(const QSqlError &error, const QString &sql)
{
    if (m_dialect == Dialect::Postgres && isConnectionFailure(error))
        m_lost = true;
    if (isUniqueViolation(error, m_dialect))
        return Error::conflict(QStringLiteral("Already exists"));
    qCWarning(lcStorage) << "SQL failed:" << error.text() << "native" << error.nativeErrorCode()
                         << "in" << sql.left(200);
    return Error::internal(QStringLiteral("Database error"));
}

QVariant nullIfEmpty(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant nullIfZero(qint64 value)
{
    return value == 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(value);
}

Result<std::unique_ptr<SqlDatabase>> SqlDatabase::open(const StorageConfig &config)
{
    std::unique_ptr<SqlDatabase> self(new SqlDatabase);
    self->m_connection = QStringLiteral("parley-%1").arg(connectionCounter.fetchAndAddRelaxed(1));

    const QUrl url(config.url);
    const QString scheme = url.scheme();
    if (config.url.isEmpty() || scheme == u"sqlite") {
        QString path = config.url.isEmpty() ? QString() : url.path();
        if (path.isEmpty()) {
            if (config.dataDir.isEmpty())
                return Error::internal(QStringLiteral("No data directory for the SQLite database"));
            path = QDir(config.dataDir).filePath(QStringLiteral("parley.db"));
        }
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir))
            return Error::internal(QStringLiteral("Cannot create directory %1").arg(dir));
        self->m_dialect = Dialect::Sqlite;
        SqliteStatements::configureLibrary();
        self->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), self->m_connection);
        self->m_db.setDatabaseName(path);
        self->m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        self->m_description = QStringLiteral("SQLite %1").arg(QFileInfo(path).absoluteFilePath());
    } else if (scheme == u"postgresql" || scheme == u"postgres") {
        self->m_dialect = Dialect::Postgres;
        self->m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), self->m_connection);
        self->m_db.setHostName(url.host().isEmpty() ? QStringLiteral("127.0.0.1") : url.host());
        self->m_db.setPort(url.port(5432));
        self->m_db.setUserName(url.userName());
        self->m_db.setPassword(url.password());
        self->m_db.setDatabaseName(url.path().mid(1));
        self->m_description = QStringLiteral("PostgreSQL %1:%2/%3")
                                  .arg(self->m_db.hostName())
                                  .arg(self->m_db.port())
                                  .arg(self->m_db.databaseName());
    } else {
        return Error::badRequest(
            QStringLiteral("Unsupported database URL scheme '%1'").arg(scheme));
    }

    if (!self->m_db.open()) {
        const QString text = self->m_db.lastError().text();
        return Error::internal(QStringLiteral("Cannot open %1: %2").arg(self->m_description, text));
    }
    if (auto status = self->startSession(); !status)
        return status.error();
    if (self->m_dialect == Dialect::Sqlite) {
        const QString pragmas[] = {
            QStringLiteral("PRAGMA journal_mode=WAL"),
            config.synchronousFull ? QStringLiteral("PRAGMA synchronous=FULL")
                                   : QStringLiteral("PRAGMA synchronous=NORMAL"),
            QStringLiteral("PRAGMA foreign_keys=ON"),
            QStringLiteral("PRAGMA temp_store=MEMORY"),
            QStringLiteral("PRAGMA cache_size=-%1").arg(qint64(config.cacheMiB) * 1024),
            QStringLiteral("PRAGMA mmap_size=%1").arg(qint64(config.mmapMiB) << 20),
            // After a burst grew the WAL, its file is cut back to 4x the checkpoint threshold
            // when the WAL starts over (SqliteCheckpointer).
            QStringLiteral("PRAGMA journal_size_limit=%1")
                .arg(config.checkpointPages > 0 ? qint64(config.checkpointPages) * 4 * 4096 : -1),
        };
        for (const QString &pragma : pragmas) {
            if (auto status = self->rawExec(pragma); !status)
                return status.error();
        }
        self->m_sqlite = SqliteStatements::attach(self->m_db);
        if (self->m_sqlite)
            self->m_checkpointer =
                SqliteCheckpointer::start(self->m_sqlite->connection(), config.checkpointPages);
    }
    if (auto status = self->createMigrationsTable(); !status)
        return status.error();
    if (config.migrate) {
        if (auto status = self->migrate(); !status)
            return status.error();
    }
    return self;
}

SqlDatabase::~SqlDatabase()
{
    m_checkpointer.reset();
    m_sqlite.reset();
    m_cache.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

Status SqlDatabase::rawExec(const QString &sql)
{
    if (auto status = reconnectIfLost(); !status)
        return status;
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return toError(query.lastError(), sql);
    return {};
}

bool SqlDatabase::connectionLost() const
{
    // A statement failed for want of a session (toError), or QPSQL closed the connection
    // itself; QSQLITE never loses one.
    return m_dialect == Dialect::Postgres && (m_lost || !m_db.isOpen());
}

Status SqlDatabase::reconnectIfLost()
{
    if (!connectionLost() || m_txDepth > 0)
        return {}; // inside a transaction the failure is the transaction's: it rolls back first
    for (const auto &[sql, cached] : m_cache) {
        if (cached.busy)
            return Error::internal(QStringLiteral("Database connection lost"));
    }
    // The prepared statements died with the old session.
    m_cache.clear();
    m_db.close();
    if (!m_db.open()) {
        qCWarning(lcStorage) << "Cannot reconnect to" << m_description << ":"
                             << m_db.lastError().text();
        return Error::internal(QStringLiteral("Database unavailable"));
    }
    m_lost = false;
    if (auto status = startSession(); !status)
        return status;
    ++m_reconnects;
    qCInfo(lcStorage) << "Reconnected to" << m_description;
    return {};
}

Status SqlDatabase::startSession()
{
    // libpq prints the server's notices ("relation ... already exists, skipping") to stderr.
    if (m_dialect == Dialect::Postgres)
        return rawExec(QStringLiteral("SET client_min_messages TO warning"));
    return {};
}

Status SqlDatabase::ping()
{
    Status status = rawExec(QStringLiteral("SELECT 1"));
    if (!status && connectionLost())
        status = rawExec(QStringLiteral("SELECT 1")); // the connection was found dead just now
    return status;
}

Result<SqlRows> SqlDatabase::run(const QString &sql, std::initializer_list<QVariant> binds)
{
    return run(sql, QVariantList(binds));
}

Result<SqlRows> SqlDatabase::run(const QString &sql, const QVariantList &binds)
{
    // A read outside any transaction is safe to repeat once on a new connection; a write is not
    // (it may have committed before the connection died).
    {
        Result<SqlRows> rows = runPrepared(sql, binds);
        if (rows || m_txDepth > 0 || !connectionLost() || !sql.startsWith(u"SELECT "))
            return rows;
    }
    return runPrepared(sql, binds);
}

Result<SqlRows> SqlDatabase::runPrepared(const QString &sql, const QVariantList &binds)
{
    if (auto status = reconnectIfLost(); !status)
        return status.error();
    QSqlQuery *query = nullptr;
    bool *busy = nullptr;
    std::unique_ptr<QSqlQuery> owned;

    Cached &cached = m_cache[sql];
    if (!cached.busy) {
        if (!cached.query) {
            cached.query = std::make_unique<QSqlQuery>(m_db);
            cached.query->setForwardOnly(true);
            if (!cached.query->prepare(sql)) {
                const Error error = toError(cached.query->lastError(), sql);
                cached.query.reset();
                return error;
            }
        }
        cached.busy = true;
        query = cached.query.get();
        busy = &cached.busy;
    } else {
        // The same statement is still being read further up the stack: use a fresh one.
        owned = std::make_unique<QSqlQuery>(m_db);
        owned->setForwardOnly(true);
        if (!owned->prepare(sql))
            return toError(owned->lastError(), sql);
        query = owned.get();
    }

    for (int i = 0; i < binds.size(); ++i)
        query->bindValue(i,
                         m_dialect == Dialect::Sqlite ? withoutBomTrap(binds.at(i)) : binds.at(i));
    SqlRows rows(query, busy, std::move(owned));
    if (!query->exec())
        return toError(query->lastError(), sql);
    return rows;
}

Result<int> SqlDatabase::exec(const QString &sql, std::initializer_list<QVariant> binds)
{
    auto rows = run(sql, binds);
    if (!rows)
        return rows.error();
    return rows->rowsAffected();
}

Status SqlDatabase::execute(const QString &sql, std::initializer_list<QVariant> binds)
{
    auto rows = run(sql, binds);
    if (!rows)
        return rows.error();
    return {};
}

Status SqlDatabase::begin()
{
    // SQLite: take the write lock up front, so a concurrent writer (the admin CLI) makes us wait
    // in the busy handler instead of failing halfway through the transaction. PostgreSQL locks
    // rows as it writes them (READ COMMITTED).
    if (m_dialect == Dialect::Sqlite)
        return controlExec(QStringLiteral("BEGIN IMMEDIATE"));
    const QString sql = QStringLiteral("BEGIN");
    Status status = rawExec(sql);
    if (!status && connectionLost())
        status = rawExec(sql); // nothing was done yet: safe to start over on a new connection
    return status;
}

Status SqlDatabase::finish(bool commit)
{
    return controlExec(commit ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
}

Status SqlDatabase::controlExec(const QString &sql)
{
    // PostgreSQL cannot PREPARE savepoint statements (QPSQL prepares with PREPARE ... AS): they
    // run unprepared there. SQLite: on the raw connection, each prepared once. QtSql parses and
    // prepares anew every time: a BEGIN IMMEDIATE cost ~90 us of CPU that way, once per sent
    // message at low rates (BENCHMARKS.md), a savepoint ~15 us.
    return m_dialect == Dialect::Postgres ? rawExec(sql)
                                          : (m_sqlite ? m_sqlite->exec(sql) : execute(sql));
}

Status SqlDatabase::transaction(const std::function<Status()> &work)
{
    if (m_txDepth > 0) {
        // Nested: a savepoint, so a failed step undoes only itself and the outer work goes on.
        // The statements are prepared once per depth (run() caches them): a savepoint per sent
        // message must stay cheap.
        const QString savepoint = QStringLiteral("sp%1").arg(m_txDepth);
        if (auto s = controlExec(QStringLiteral("SAVEPOINT ") + savepoint); !s)
            return s;
        ++m_txDepth;
        Status status = work();
        --m_txDepth;
        if (!status)
            (void)controlExec(QStringLiteral("ROLLBACK TO SAVEPOINT ") + savepoint);
        if (auto released = controlExec(QStringLiteral("RELEASE SAVEPOINT ") + savepoint);
            !released)
            return status.ok() ? released : status;
        return status;
    }
    if (auto status = begin(); !status)
        return status;
    m_txDepth = 1;
    Status status = work();
    if (status && m_beforeCommit)
        status = m_beforeCommit();
    m_txDepth = 0;
    if (!status) {
        (void)finish(false);
        return status;
    }
    if (auto committed = finish(true); !committed) {
        (void)finish(false);
        return committed;
    }
    return status;
}

Status SqlDatabase::appendOnlyTransaction(const std::function<Status()> &work)
{
    if (m_txDepth > 0)
        return transaction(work);
    m_appendOnly = true;
    Status status = transaction(work);
    m_appendOnly = false;
    return status;
}

Status SqlDatabase::atomic(const std::function<Status()> &work)
{
    return m_txDepth > 0 ? work() : transaction(work);
}

int SqlDatabase::schemaVersion()
{
    auto rows = run(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (!rows || !rows->next())
        return 0;
    return int(rows->integer(0));
}

Status SqlDatabase::createMigrationsTable()
{
    // Under the lock: in PostgreSQL even CREATE TABLE IF NOT EXISTS fails when two sessions run
    // it at once.
    return underMigrationLock([this] {
        return rawExec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
            "description TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
    });
}

Status SqlDatabase::backupTo(const QString &file)
{
    if (m_dialect != Dialect::Sqlite)
        return Error::badRequest(
            QStringLiteral("backup copies SQLite databases; for PostgreSQL use pg_dump"));
    if (QFileInfo(file).size() > 0) // SQLite writes into a missing or empty file only
        return Error::conflict(QStringLiteral("%1 already exists").arg(file));
    return execute(QStringLiteral("VACUUM INTO ?"), {file});
}

Status SqlDatabase::migrate()
{
    // Nodes starting at once on one database: one migrates, the others wait and then find
    // every step applied. (SQLite's BEGIN IMMEDIATE already serializes them.)
    return underMigrationLock([this] { return migrateSteps(); });
}

Status SqlDatabase::underMigrationLock(const std::function<Status()> &work)
{
    if (m_dialect != Dialect::Postgres)
        return work();
    if (auto locked = rawExec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(kMigrationLock));
        !locked)
        return locked;
    Status status = work();
    (void)rawExec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kMigrationLock));
    return status;
}

Status SqlDatabase::migrateSteps()
{
    // A database written by a newer parley-server: running on it could corrupt what we do not
    // know. Upgrade the binary (or restore a backup) instead.
    if (const int current = schemaVersion(); current > latestSchemaVersion())
        return Error::internal(
            QStringLiteral("The database schema (version %1) is newer than this parley-server "
                           "knows (version %2): upgrade parley-server")
                .arg(current)
                .arg(latestSchemaVersion()));
    const bool postgres = m_dialect == Dialect::Postgres;
    for (const Migration &migration : migrations()) {
        // Each step in its own transaction; the version check is inside it, so two processes
        // starting at once apply each step once.
        Status status = transaction([&]() -> Status {
            auto rows = run(QStringLiteral("SELECT 1 FROM schema_migrations WHERE version = ?"),
                            {migration.version});
            if (!rows)
                return rows.error();
            if (rows->next())
                return {};
            for (const QString &statement : migration.statements(postgres)) {
                if (auto applied = rawExec(statement); !applied)
                    return applied;
            }
            auto recorded = exec(
                QStringLiteral("INSERT INTO schema_migrations (version, "
                               "description, applied_at) VALUES (?, ?, ?)"),
                {migration.version, migration.description, QDateTime::currentMSecsSinceEpoch()});
            if (!recorded)
                return recorded.error();
            qCInfo(lcStorage) << "Applied migration" << migration.version << migration.description;
            return {};
        });
        if (!status)
            return status;
    }
    return {};
}

} // namespace parley::storage::sql
