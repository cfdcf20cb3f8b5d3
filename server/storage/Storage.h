#pragma once

#include "protocol/Result.h"
#include "storage/Stores.h"

#include <QString>

#include <functional>
#include <memory>

namespace parley::storage {

struct StorageConfig
{
    QString url;     // "sqlite:///path/to/file.db" or "postgresql://user:pass@host:port/db"
    QString dataDir; // where the SQLite default lives when url is empty
    bool synchronousFull = false; // SQLite: synchronous=FULL instead of NORMAL
    bool migrate = true;          // false: open as it is (parley-server migrate, backup)
    // SQLite: WAL pages that start a checkpoint, on a thread of its own (SqliteCheckpointer);
    // 0 leaves SQLite's automatic checkpoint (inside the commit, on the caller's thread).
    int checkpointPages = 1000;
    // SQLite: the connection's page cache, and how much of the file it reads through mmap (no
    // read() and copy per page: 10-15% of a search's CPU on a 500 MB database); 0 turns it off.
    int cacheMiB = 64;
    int mmapMiB = 1024;
};

// All stores over one database. Used from the thread that opened it only.
class Storage
{
public:
    virtual ~Storage() = default;

    virtual UserStore &users() = 0;
    virtual TokenStore &tokens() = 0;
    virtual RoomStore &rooms() = 0;
    virtual MessageStore &messages() = 0;
    virtual ReportStore &reports() = 0;
    virtual AttachmentStore &attachments() = 0;
    virtual SearchStore &search() = 0;
    virtual NoteStore &notes() = 0;
    virtual CannedStore &canned() = 0;
    virtual RatingStore &ratings() = 0;
    virtual MessageHistoryStore &messageHistory() = 0;
    virtual AssignmentStore &assignments() = 0;
    virtual WebhookStore &webhooks() = 0;
    virtual IntegrationStore &integrations() = 0;

    // Runs `work` in one transaction: committed when it returns success, rolled back otherwise.
    // Nested calls are savepoints: a failed inner step undoes only itself.
    virtual Status transaction(const std::function<Status()> &work) = 0;
    // The same for work that only stores new messages (a group commit of sends): SQLite indexes
    // them for search right after the commit instead of inside it, so the senders' acks and the
    // members' copies go out sooner. Every other writing transaction indexes what waits when it
    // commits, every search before it looks: none misses a stored message.
    virtual Status appendOnlyTransaction(const std::function<Status()> &work)
    {
        return transaction(work);
    }
    virtual Status ping() = 0;
    virtual QString describe() const = 0; // for logs: "SQLite /var/lib/parley/parley.db"
    virtual int schemaVersion() = 0;

    // Operations: `parley-server migrate` and `parley-server backup`.
    // Applies pending migrations; fails when the database is newer than this binary knows.
    virtual Status migrate() = 0;
    virtual int latestSchemaVersion() const = 0;
    // A consistent copy of the database into `file` (missing or empty), taken while others
    // keep writing. SQLite only (PostgreSQL: use pg_dump).
    virtual Status backupTo(const QString &file) = 0;
};

// Opens (creating if needed) and, unless config.migrate is false, migrates to the newest schema.
Result<std::unique_ptr<Storage>> openStorage(const StorageConfig &config);

} // namespace parley::storage
