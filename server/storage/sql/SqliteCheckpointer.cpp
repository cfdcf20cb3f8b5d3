#include "storage/sql/SqliteCheckpointer.h"

#include "logging/Logging.h"

#include <QByteArray>
#include <QElapsedTimer>

#include <sqlite3.h>

namespace parley::storage::sql {

namespace {

QByteArray journalMode(sqlite3 *db)
{
    sqlite3_stmt *statement = nullptr;
    QByteArray mode;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW)
        mode = reinterpret_cast<const char *>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    return mode;
}

} // namespace

std::unique_ptr<SqliteCheckpointer> SqliteCheckpointer::start(sqlite3 *writer, int pages)
{
    const char *path = sqlite3_db_filename(writer, "main");
    if (!path || !*path || pages <= 0)
        return nullptr;
    sqlite3 *own = nullptr;
    // Its own connection: SQLite connections are not to be shared between threads here (Qt's
    // driver opens them without the full mutex).
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &own, flags, nullptr) != SQLITE_OK) {
        qCWarning(lcStorage) << "No background checkpoints, cannot open" << path << ":"
                             << (own ? sqlite3_errmsg(own) : "out of memory");
        sqlite3_close(own);
        return nullptr;
    }
    // SQLite opens the file on first use: a checkpoint on a connection that has read nothing yet
    // does nothing. Reading the journal mode opens it, and says whether there is a WAL at all.
    if (journalMode(own) != "wal") {
        sqlite3_close(own);
        return nullptr;
    }
    return std::unique_ptr<SqliteCheckpointer>(new SqliteCheckpointer(writer, own, pages));
}

SqliteCheckpointer::SqliteCheckpointer(sqlite3 *writer, sqlite3 *own, int pages)
    : m_writer(writer)
    , m_own(own)
    , m_pages(pages)
{
    // Replaces the automatic checkpoint, which is itself a WAL hook (sqlite3_wal_autocheckpoint).
    sqlite3_wal_hook(m_writer, &SqliteCheckpointer::onCommit, this);
    m_thread = std::thread([this] { run(); });
}

SqliteCheckpointer::~SqliteCheckpointer()
{
    sqlite3_wal_autocheckpoint(m_writer, m_pages);
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
    sqlite3_close(m_own);
}

int SqliteCheckpointer::onCommit(void *self, sqlite3 *db, const char *schema, int pages)
{
    auto *checkpointer = static_cast<SqliteCheckpointer *>(self);
    if (pages >= checkpointer->m_pages * kInlineFactor) {
        // Writes with no pause long enough for a background checkpoint to copy everything, so
        // the WAL never restarts from its beginning: this commit checkpoints itself, as SQLite's
        // automatic checkpoint would (a busy background one makes it return at once).
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        return SQLITE_OK;
    }
    // Most commits end here: one comparison and, past the threshold, one atomic exchange, so the
    // writer never waits on the mutex while a checkpoint runs.
    if (pages < checkpointer->m_pages || checkpointer->m_asked.exchange(true))
        return SQLITE_OK;
    {
        std::lock_guard lock(checkpointer->m_mutex);
        checkpointer->m_pending = true;
    }
    checkpointer->m_wake.notify_one();
    return SQLITE_OK;
}

void SqliteCheckpointer::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_pending || m_stop; });
        if (m_stop)
            return;
        m_pending = false;
        lock.unlock();
        QElapsedTimer timer;
        timer.start();
        int walPages = 0;
        int copied = 0;
        const int rc =
            sqlite3_wal_checkpoint_v2(m_own, "main", SQLITE_CHECKPOINT_PASSIVE, &walPages, &copied);
        // The next commit past the threshold asks again (a PASSIVE checkpoint copies what no
        // reader still needs; the rest goes with the next one).
        m_asked.store(false);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            qCWarning(lcStorage) << "Checkpoint failed:" << sqlite3_errmsg(m_own);
        else
            qCDebug(lcStorage) << "Checkpoint:" << copied << "of" << walPages << "WAL pages in"
                               << timer.nsecsElapsed() / 1000 << "us";
        lock.lock();
    }
}

} // namespace parley::storage::sql
