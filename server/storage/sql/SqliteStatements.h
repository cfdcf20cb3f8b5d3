#pragma once

#include "protocol/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

class QSqlDatabase;

namespace parley::storage::sql {

class SqliteStatements;

// One run of a cached statement: bind, step, read. Resets the statement when it goes away, so
// the next user of the same SQL finds it ready.
class SqliteStatement
{
public:
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&) = delete;
    ~SqliteStatement();

    // Positional parameters, 1-based as in sqlite3_bind_*. Empty strings bind as NULL with
    // bindNullIfEmpty, as '' with bindText.
    void bindText(int index, const QString &value);
    void bindNullIfEmpty(int index, const QString &value);
    void bindUtf8(int index, const QByteArray &value);
    void bindInt(int index, qint64 value);

    // Runs to the next row: true when there is one. A failure is kept for error().
    bool step();
    bool failed() const { return m_failed; }
    // The failure as the stores answer it: Conflict for a unique clash, Internal otherwise.
    Error error() const;

    qint64 integer(int column) const;
    QString text(int column) const;
    // The column's UTF-8 bytes, valid until the next step() or the statement's end.
    std::string_view utf8(int column) const;

private:
    friend class SqliteStatements;
    SqliteStatement(SqliteStatements &owner, sqlite3_stmt *statement, bool *busy);
    SqliteStatements *m_owner;
    sqlite3_stmt *m_statement;
    bool *m_busy;
    bool m_owned;
    bool m_failed = false;
};

// The raw SQLite connection under a QSQLITE QSqlDatabase, with its statements prepared once.
// QtSql costs ~15 us per statement (QVariant binding, result buffering); sqlite3_stmt directly
// costs a few. Only for the hot paths that measured it; everything else stays on QtSql, which is
// also what PostgreSQL uses. Same thread and connection as the QSqlDatabase: the statements
// join its transactions.
class SqliteStatements
{
public:
    // Null when `db` is not an open QSQLITE connection.
    static std::unique_ptr<SqliteStatements> attach(const QSqlDatabase &db);
    // Library-wide settings, before the process's first SQLite connection opens: SQLite counts
    // every allocation under a global mutex for statistics we never read (~3% of the server's
    // time per sent message, BENCHMARKS.md); turned off. Later calls do nothing.
    static void configureLibrary();
    ~SqliteStatements();

    // The statement for `sql`, prepared on first use. Answers a fresh one when the cached one is
    // still in use further up the stack.
    Result<SqliteStatement> prepare(const char *sql);
    // A statement without parameters or rows (SAVEPOINT, RELEASE, ...), prepared once.
    Status exec(const QString &sql);
    // The raw connection, for what registers itself on it (search's SQL function).
    sqlite3 *connection() const { return m_db; }

private:
    friend class SqliteStatement;
    explicit SqliteStatements(sqlite3 *db)
        : m_db(db)
    {}
    Error failure(const char *what) const;

    struct Cached
    {
        sqlite3_stmt *statement = nullptr;
        bool busy = false;
    };
    sqlite3 *m_db;
    std::unordered_map<QByteArray, Cached> m_cache; // node-stable: statements keep &busy
};

} // namespace parley::storage::sql
