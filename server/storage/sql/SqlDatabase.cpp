#include "storage/sql/SqlDatabase.h"

#include "logging/Logging.h"
#include "storage/sql/Migrations.h"

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

bool isUniqueViolation(const QSqlError &error)
{
    const QString native = error.nativeErrorCode();
    // SQLite: SQLITE_CONSTRAINT (19) and its UNIQUE/PRIMARYKEY extended codes; PostgreSQL: 23505.
    return native == u"2067" || native == u"1555" || native == u"23505" ||
           error.databaseText().contains(u"UNIQUE constraint failed") ||
           error.databaseText().contains(u"duplicate key value");
}

Error toError(const QSqlError &error, const QString &sql)
{
    if (isUniqueViolation(error))
        return Error::conflict(QStringLiteral("Already exists"));
    qCWarning(lcStorage) << "SQL failed:" << error.text() << "native" << error.nativeErrorCode()
                         << "in" << sql.left(200);
    return Error::internal(QStringLiteral("Database error"));
}

} // namespace

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
    if (self->m_dialect == Dialect::Sqlite) {
        const QString pragmas[] = {
            QStringLiteral("PRAGMA journal_mode=WAL"),
            config.synchronousFull ? QStringLiteral("PRAGMA synchronous=FULL")
                                   : QStringLiteral("PRAGMA synchronous=NORMAL"),
            QStringLiteral("PRAGMA foreign_keys=ON"),
            QStringLiteral("PRAGMA temp_store=MEMORY"),
        };
        for (const QString &pragma : pragmas) {
            if (auto status = self->rawExec(pragma); !status)
                return status.error();
        }
    }
    if (auto status = self->migrate(); !status)
        return status.error();
    return self;
}

SqlDatabase::~SqlDatabase()
{
    m_cache.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

Status SqlDatabase::rawExec(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return toError(query.lastError(), sql);
    return {};
}

Result<SqlRows> SqlDatabase::run(const QString &sql, std::initializer_list<QVariant> binds)
{
    return run(sql, QVariantList(binds));
}

Result<SqlRows> SqlDatabase::run(const QString &sql, const QVariantList &binds)
{
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
    // in the busy handler instead of failing halfway through the transaction.
    return rawExec(m_dialect == Dialect::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                : QStringLiteral("BEGIN"));
}

Status SqlDatabase::finish(bool commit)
{
    return rawExec(commit ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
}

Status SqlDatabase::transaction(const std::function<Status()> &work)
{
    if (m_txDepth > 0) {
        // Nested: a savepoint, so a failed step undoes only itself and the outer work goes on.
        // The statements are prepared once per depth (run() caches them): a savepoint per sent
        // message must stay cheap.
        const QString savepoint = QStringLiteral("sp%1").arg(m_txDepth);
        if (auto s = execute(QStringLiteral("SAVEPOINT ") + savepoint); !s)
            return s;
        ++m_txDepth;
        Status status = work();
        --m_txDepth;
        if (!status)
            (void)execute(QStringLiteral("ROLLBACK TO SAVEPOINT ") + savepoint);
        if (auto released = execute(QStringLiteral("RELEASE SAVEPOINT ") + savepoint); !released)
            return status.ok() ? released : status;
        return status;
    }
    if (auto status = begin(); !status)
        return status;
    m_txDepth = 1;
    Status status = work();
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

Status SqlDatabase::migrate()
{
    if (auto status = rawExec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
            "description TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
        !status) {
        return status;
    }
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
