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

int SqliteCheckpointer::onCommit(void *self, sqlite3 *, const char *, int pages)
{
    auto *checkpointer = static_cast<SqliteCheckpointer *>(self);
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
        // Again while the writer appended during the pass (each pass copies what the WAL held
        // when it began), until a pass finds nothing new: the WAL is then all copied, and the
        // next write starts it over from its beginning. Under writes that never pause this
        // follows them (each pass copies only what is new) up to a bound, then waits for the
        // next commit past the threshold.
        int walPages = 0;
        int copied = 0;
        int rc = SQLITE_OK;
        for (int pass = 0; pass < kCatchUpPasses; ++pass) {
            const int before = walPages;
            rc = sqlite3_wal_checkpoint_v2(m_own, "main", SQLITE_CHECKPOINT_PASSIVE, &walPages,
                                           &copied);
            const bool caughtUp = walPages == before && copied == walPages;
            if (rc != SQLITE_OK || caughtUp)
                break;
        }
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
