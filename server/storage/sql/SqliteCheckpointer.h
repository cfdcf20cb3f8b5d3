#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;

namespace parley::storage::sql {

// WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the commit
// that crosses the threshold, on the writer's thread: here the event loop, which then waits for
// the copy into the database file and its fsyncs (several ms, at times far more), and every
// message in flight waits with it. Instead the writer's commit hook only wakes this thread, which
// checkpoints through its own connection (PASSIVE: it never blocks the writer nor readers; the
// writer restarts the WAL from its start once everything is copied). Writes that never pause
// can grow the WAL past the threshold (as a long reader would); the first write after a pause
// starts it over, and its file is cut back to journal_size_limit (SqlDatabase).
class SqliteCheckpointer
{
public:
    // Takes over `writer`'s automatic checkpoints: a checkpoint starts once its WAL holds `pages`
    // pages. Null for a database without a file (nothing to checkpoint) or when the second
    // connection cannot be opened (SQLite's automatic checkpoints then stay as they were).
    static std::unique_ptr<SqliteCheckpointer> start(sqlite3 *writer, int pages);
    // Stops the thread after the checkpoint in progress; restores the automatic ones.
    ~SqliteCheckpointer();

    SqliteCheckpointer(const SqliteCheckpointer &) = delete;
    SqliteCheckpointer &operator=(const SqliteCheckpointer &) = delete;

private:
    SqliteCheckpointer(sqlite3 *writer, sqlite3 *own, int pages);
    static int onCommit(void *self, sqlite3 *db, const char *schema, int pages);
    static constexpr int kCatchUpPasses = 1000;
    void run();

    sqlite3 *m_writer;
    sqlite3 *m_own;
    const int m_pages;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;           // guarded by m_mutex
    bool m_stop = false;              // guarded by m_mutex
    std::atomic<bool> m_asked{false}; // a checkpoint was asked for and has not finished
    std::thread m_thread;
};

} // namespace parley::storage::sql
