#include "storage/sql/SqliteStatements.h"

#include "logging/Logging.h"

#include <QSqlDatabase>
#include <QSqlDriver>

#include <sqlite3.h>

namespace parley::storage::sql {

SqliteStatement::SqliteStatement(SqliteStatements &owner, sqlite3_stmt *statement, bool *busy)
    : m_owner(&owner)
    , m_statement(statement)
    , m_busy(busy)
    , m_owned(busy == nullptr)
{}

SqliteStatement::SqliteStatement(SqliteStatement &&other) noexcept
    : m_owner(other.m_owner)
    , m_statement(other.m_statement)
    , m_busy(other.m_busy)
    , m_owned(other.m_owned)
    , m_failed(other.m_failed)
{
    other.m_statement = nullptr;
    other.m_busy = nullptr;
}

SqliteStatement::~SqliteStatement()
{
    if (!m_statement)
        return;
    if (m_owned) {
        sqlite3_finalize(m_statement);
        return;
    }
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    *m_busy = false;
}

void SqliteStatement::bindText(int index, const QString &value)
{
    // As UTF-8: SQLite drops a leading BOM from UTF-16 input (sqlite3_bind_text16), and the
    // text must come back exactly as sent. A null QString binds as '' (bindUtf8).
    bindUtf8(index, value.toUtf8());
}

void SqliteStatement::bindNullIfEmpty(int index, const QString &value)
{
    if (value.isEmpty())
        sqlite3_bind_null(m_statement, index);
    else
        bindText(index, value);
}

void SqliteStatement::bindUtf8(int index, const QByteArray &value)
{
    sqlite3_bind_text(m_statement, index, value.isNull() ? "" : value.constData(),
                      int(value.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindInt(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

bool SqliteStatement::step()
{
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_failed = true;
    return false;
}

Error SqliteStatement::error() const
{
    const int code = sqlite3_extended_errcode(m_owner->m_db);
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Error::conflict(QStringLiteral("Already exists"));
    return m_owner->failure(sqlite3_sql(m_statement));
}

qint64 SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqliteStatement::text(int column) const
{
    const auto *chars = static_cast<const char16_t *>(sqlite3_column_text16(m_statement, column));
    if (!chars)
        return {};
    return QString::fromUtf16(chars, sqlite3_column_bytes16(m_statement, column) / 2);
}

std::string_view SqliteStatement::utf8(int column) const
{
    const auto *chars = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    if (!chars)
        return {};
    return {chars, size_t(sqlite3_column_bytes(m_statement, column))};
}

void SqliteStatements::configureLibrary()
{
    static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Q_UNUSED(configured); // SQLITE_MISUSE if SQLite was initialized already: left as it was
}

std::unique_ptr<SqliteStatements> SqliteStatements::attach(const QSqlDatabase &db)
{
    if (!db.isOpen() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    sqlite3 *raw = *static_cast<sqlite3 *const *>(handle.constData());
    if (!raw)
        return nullptr;
    return std::unique_ptr<SqliteStatements>(new SqliteStatements(raw));
}

SqliteStatements::~SqliteStatements()
{
    for (auto &[sql, cached] : m_cache)
        sqlite3_finalize(cached.statement);
}

Error SqliteStatements::failure(const char *what) const
{
    qCWarning(lcStorage) << "SQL failed:" << sqlite3_errmsg(m_db) << "native"
                         << sqlite3_extended_errcode(m_db) << "in"
                         << QByteArray(what ? what : "").left(200);
    return Error::internal(QStringLiteral("Database error"));
}

Result<SqliteStatement> SqliteStatements::prepare(const char *sql)
{
    Cached &cached = m_cache[QByteArray(sql)];
    if (cached.statement && !cached.busy) {
        cached.busy = true;
        return SqliteStatement(*this, cached.statement, &cached.busy);
    }
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
        SQLITE_OK) {
        return failure(sql);
    }
    if (cached.statement) // in use further up the stack: this one is finalized after its run
        return SqliteStatement(*this, statement, nullptr);
    cached.statement = statement;
    cached.busy = true;
    return SqliteStatement(*this, statement, &cached.busy);
}

Status SqliteStatements::exec(const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    auto statement = prepare(utf8.constData());
    if (!statement)
        return statement.error();
    statement->step();
    if (statement->failed())
        return statement->error();
    return {};
}

} // namespace parley::storage::sql
