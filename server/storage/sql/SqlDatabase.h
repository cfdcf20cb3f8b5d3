#pragma once

#include "protocol/Result.h"
#include "storage/Storage.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <memory>
#include <unordered_map>

namespace parley::storage::sql {

class SqlDatabase;
class SqliteStatements;
class SqliteCheckpointer;

// The rows of one statement. Owns or borrows a prepared QSqlQuery and releases it (finish()) when
// destroyed, so a cached statement can be reused by the next call.
class SqlRows
{
public:
    SqlRows(SqlRows &&other) noexcept;
    SqlRows &operator=(SqlRows &&) = delete;
    ~SqlRows();

    bool next() { return m_query->next(); }
    QVariant value(int column) const { return m_query->value(column); }
    QString text(int column) const { return m_query->value(column).toString(); }
    qint64 integer(int column) const { return m_query->value(column).toLongLong(); }
    bool isNull(int column) const { return m_query->isNull(column); }
    int rowsAffected() const { return m_query->numRowsAffected(); }

private:
    friend class SqlDatabase;
    SqlRows(QSqlQuery *query, bool *busy, std::unique_ptr<QSqlQuery> owned);
    QSqlQuery *m_query;
    bool *m_busy;
    std::unique_ptr<QSqlQuery> m_owned;
};

// One database connection (owned by the thread that opened it), its dialect, a cache of prepared
// statements, flattened nested transactions and the schema migrations.
class SqlDatabase
{
public:
    enum class Dialect { Sqlite, Postgres };

    static Result<std::unique_ptr<SqlDatabase>> open(const StorageConfig &config);
    ~SqlDatabase();

    Dialect dialect() const { return m_dialect; }
    // The two-argument maximum: MAX() in SQLite, GREATEST() in PostgreSQL.
    QString greatest() const
    {
        return m_dialect == Dialect::Postgres ? QStringLiteral("GREATEST") : QStringLiteral("MAX");
    }
    QString describe() const { return m_description; }
    // SQLite only (null otherwise): the same connection without QtSql, for the hot paths.
    SqliteStatements *sqlite() const { return m_sqlite.get(); }

    // Runs one statement with positional `?` bindings. Errors are logged and answered as Internal;
    // a unique-constraint violation is answered as Conflict.
    Result<SqlRows> run(const QString &sql, std::initializer_list<QVariant> binds = {});
    Result<SqlRows> run(const QString &sql, const QVariantList &binds);
    // Runs a statement that returns no rows; answers the number of rows it changed.
    Result<int> exec(const QString &sql, std::initializer_list<QVariant> binds = {});
    // exec() when only success matters.
    Status execute(const QString &sql, std::initializer_list<QVariant> binds = {});

    // Committed when work succeeds, rolled back otherwise; nested calls are savepoints.
    Status transaction(const std::function<Status()> &work);
    // For a store's multi-statement write: its own transaction when called alone; inside an
    // enclosing transaction it simply runs, and its error rolls back the enclosing savepoint
    // (callers propagate errors). Saves a savepoint pair per message on the hot path.
    Status atomic(const std::function<Status()> &work);
    // transaction() for work that only adds rows (a group commit of sent messages): the hook
    // below sees appendOnly() and may leave its part for a later transaction (the search
    // index). Nested in another transaction it is an ordinary savepoint.
    Status appendOnlyTransaction(const std::function<Status()> &work);
    bool appendOnly() const { return m_appendOnly; }
    // Runs at the end of every outermost transaction, before COMMIT, inside it (its failure
    // rolls the transaction back). One at a time; an empty function removes it.
    void setBeforeCommit(std::function<Status()> hook) { m_beforeCommit = std::move(hook); }
    Status migrate();
    int schemaVersion();
    // SELECT 1; on PostgreSQL a lost connection is reopened first (and once more when the ping
    // is what found it lost), so this says whether the database answers now.
    Status ping();
    // How often a lost PostgreSQL connection was reopened.
    int reconnects() const { return m_reconnects; }
    // SQLite: VACUUM INTO `file` (one read transaction: consistent while others write).
    Status backupTo(const QString &file);

private:
    SqlDatabase() = default;
    Status begin();
    Status finish(bool commit);
    Status rawExec(const QString &sql);
    // BEGIN, COMMIT, ROLLBACK and savepoints.
    Status controlExec(const QString &sql);
    Result<SqlRows> runPrepared(const QString &sql, const QVariantList &binds);
    Status migrateSteps();
    // PostgreSQL: `work` under a session advisory lock that every node's schema work takes.
    Status underMigrationLock(const std::function<Status()> &work);
    // Logs and maps a failure; notes a lost PostgreSQL session.
    Error toError(const QSqlError &error, const QString &sql);
    // PostgreSQL: the server closed the connection. It is reopened on the next use outside a
    // transaction (reconnectIfLost), so a restarted server costs the requests in flight only.
    bool connectionLost() const;
    Status reconnectIfLost();
    // Per-connection settings, after every open.
    Status startSession();
    Status createMigrationsTable();

    struct Cached
    {
        std::unique_ptr<QSqlQuery> query;
        bool busy = false;
    };
    QString m_connection;
    QString m_description;
    Dialect m_dialect = Dialect::Sqlite;
    QSqlDatabase m_db;
    std::unordered_map<QString, Cached> m_cache; // node-stable: SqlRows keep &busy
    int m_txDepth = 0;
    std::unique_ptr<SqliteStatements> m_sqlite; // before m_db closes: finalizes its statements
    std::function<Status()> m_beforeCommit;
    bool m_appendOnly = false; // the outermost transaction is an appendOnlyTransaction()
    std::unique_ptr<SqliteCheckpointer> m_checkpointer; // before m_db closes: leaves its hook
    int m_reconnects = 0;
    bool m_lost = false;
};

// Null for empty strings / zero timestamps, so optional columns store NULL.
QVariant nullIfEmpty(const QString &value);
// The string, never NULL: a default-constructed QString binds as NULL, "" is wanted.
QVariant text(const QString &value);
QVariant nullIfZero(qint64 value);

} // namespace parley::storage::sql
