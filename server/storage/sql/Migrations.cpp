#include "storage/sql/Migrations.h"

#include "storage/sql/SqliteSearchStoreIndex.h"

namespace parley::storage::sql {
namespace {

// SQLite only: the search index of SqliteSearchStore. messages_fts is an FTS5 table with the
// trigram tokenizer over messages.content (external content: the text is stored once, in
// messages). It holds the rows search may return (not deleted, not system, not empty); these
// triggers keep it in step in the same transaction as every insert, edit and delete. The index
// refers to messages by rowid. Migration 9 replaces it (SqliteSearchStoreIndex.cpp).
QStringList sqliteSearchIndex()
{
    const QString indexed = QStringLiteral("%1.deleted = 0 AND %1.type <> 'system' AND "
                                           "%1.content <> ''");
    const QString removeOld =
        QStringLiteral("INSERT INTO messages_fts(messages_fts, rowid, content) "
                       "SELECT 'delete', old.rowid, old.content WHERE %1;")
            .arg(indexed.arg(QStringLiteral("old")));
    const QString addNew = QStringLiteral("INSERT INTO messages_fts(rowid, content) "
                                          "SELECT new.rowid, new.content WHERE %1;")
                               .arg(indexed.arg(QStringLiteral("new")));
    return {
        QStringLiteral("CREATE VIRTUAL TABLE messages_fts USING fts5(content, "
                       "content='messages', content_rowid='rowid', tokenize='trigram')"),
        QStringLiteral("CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN %1 END")
            .arg(addNew),
        QStringLiteral("CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN %1 END")
            .arg(removeOld),
        QStringLiteral("CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, deleted ON "
                       "messages BEGIN %1 %2 END")
            .arg(removeOld, addNew),
        QStringLiteral("INSERT INTO messages_fts(rowid, content) SELECT rowid, content FROM "
                       "messages m WHERE %1")
            .arg(indexed.arg(QStringLiteral("m"))),
    };
}

// Times are BIGINT milliseconds since the epoch (UTC) and flags are INTEGER 0/1 in both dialects,
// so the same statements serve SQLite and PostgreSQL. The text keys that lists are ordered and
// paged by compare bytewise in PostgreSQL too (COLLATE "C", SQLite's BINARY), whatever the
// database's locale: the same order on both, and the cursors match it.
QStringList initialSchema(bool postgres)
{
    const QString bytewise = postgres ? QStringLiteral(" COLLATE \"C\"") : QString();
    return {
        QStringLiteral("CREATE TABLE users ("
                       " id TEXT PRIMARY KEY,"
                       " username TEXT%1 NOT NULL UNIQUE,"
                       " display_name TEXT NOT NULL,"
                       " role TEXT NOT NULL,"
                       " password_hash TEXT NOT NULL,"
                       " blocked INTEGER NOT NULL DEFAULT 0,"
                       " created_at BIGINT NOT NULL,"
                       " last_seen_at BIGINT)")
            .arg(bytewise),
        QStringLiteral("CREATE TABLE refresh_tokens ("
                       " digest TEXT PRIMARY KEY,"
                       " user_id TEXT NOT NULL REFERENCES users(id),"
                       " family TEXT NOT NULL,"
                       " expires_at BIGINT NOT NULL,"
                       " used_at BIGINT)"),
        QStringLiteral("CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)"),
        QStringLiteral("CREATE INDEX refresh_tokens_family ON refresh_tokens (family)"),
        QStringLiteral("CREATE TABLE rooms ("
                       " id TEXT%1 PRIMARY KEY,"
                       " kind TEXT NOT NULL,"
                       " subject TEXT NOT NULL DEFAULT '',"
                       " order_ref TEXT UNIQUE,"
                       " direct_key TEXT UNIQUE,"
                       " status TEXT NOT NULL,"
                       " created_by TEXT NOT NULL,"
                       " created_at BIGINT NOT NULL,"
                       " last_message_at BIGINT,"
                       " activity_at BIGINT NOT NULL,"
                       " last_seq BIGINT NOT NULL DEFAULT 0,"
                       " waiting_since BIGINT)")
            .arg(bytewise),
        QStringLiteral("CREATE INDEX rooms_activity ON rooms (activity_at DESC, id DESC)"),
        QStringLiteral("CREATE INDEX rooms_waiting ON rooms (waiting_since)"
                       " WHERE waiting_since IS NOT NULL"),
        QStringLiteral("CREATE TABLE room_members ("
                       " room_id TEXT NOT NULL REFERENCES rooms(id),"
                       " user_id TEXT NOT NULL REFERENCES users(id),"
                       " joined_at BIGINT NOT NULL,"
                       " read_seq BIGINT NOT NULL DEFAULT 0,"
                       " delivered_seq BIGINT NOT NULL DEFAULT 0,"
                       " muted INTEGER NOT NULL DEFAULT 0,"
                       " archived INTEGER NOT NULL DEFAULT 0,"
                       " PRIMARY KEY (room_id, user_id))"),
        QStringLiteral("CREATE INDEX room_members_user ON room_members (user_id, room_id)"),
        QStringLiteral("CREATE TABLE messages ("
                       " id TEXT PRIMARY KEY,"
                       " room_id TEXT NOT NULL REFERENCES rooms(id),"
                       " seq BIGINT NOT NULL,"
                       " sender_id TEXT REFERENCES users(id),"
                       " client_id TEXT,"
                       " type TEXT NOT NULL,"
                       " content TEXT NOT NULL,"
                       " metadata TEXT NOT NULL DEFAULT '{}',"
                       " reply_to TEXT,"
                       " attachment_id TEXT,"
                       " created_at BIGINT NOT NULL,"
                       " edited_at BIGINT,"
                       " deleted INTEGER NOT NULL DEFAULT 0)"),
        // Keyset pagination of history, and the gap-free seq guarantee.
        QStringLiteral("CREATE UNIQUE INDEX messages_room_seq ON messages (room_id, seq)"),
        // Idempotent sends: one message per (sender, client_id), across restarts.
        QStringLiteral(
            "CREATE UNIQUE INDEX messages_sender_client ON messages (sender_id, client_id)"
            " WHERE client_id IS NOT NULL"),
        QStringLiteral("CREATE TABLE reports ("
                       " id TEXT%1 PRIMARY KEY,"
                       " message_id TEXT NOT NULL REFERENCES messages(id),"
                       " reporter_id TEXT NOT NULL REFERENCES users(id),"
                       " reason TEXT NOT NULL,"
                       " created_at BIGINT NOT NULL)")
            .arg(bytewise),
        QStringLiteral("CREATE INDEX reports_created ON reports (created_at DESC, id DESC)"),
    };
}

// Uploads (issue 5). Portable SQL except the search index, which is SQLite's own (see
// sqliteSearchIndex); PostgreSQL gets its search index from its own step.
QStringList attachmentsSchema(bool postgres)
{
    QStringList statements{
        QStringLiteral("CREATE TABLE attachments ("
                       " id TEXT PRIMARY KEY,"
                       " uploader_id TEXT NOT NULL REFERENCES users(id),"
                       " sha256 TEXT NOT NULL,"
                       " name TEXT NOT NULL,"
                       " mime TEXT NOT NULL,"
                       " size BIGINT NOT NULL,"
                       " width INTEGER,"
                       " height INTEGER,"
                       " thumbnail_mime TEXT,"
                       " created_at BIGINT NOT NULL)"),
        QStringLiteral("CREATE INDEX attachments_uploader ON attachments (uploader_id)"),
        // Download checks look for the messages carrying an upload.
        QStringLiteral("CREATE INDEX messages_attachment ON messages (attachment_id)"
                       " WHERE attachment_id IS NOT NULL"),
    };
    if (!postgres)
        statements += sqliteSearchIndex();
    return statements;
}

// PostgreSQL only: the search index of PostgresSearchStore. pg_trgm's GIN index answers ILIKE
// '%term%' for terms of 3+ characters, over the rows search may return (the same predicate as
// SQLite's messages_fts). search_pos numbers messages in insertion order for paging (SQLite
// pages by rowid). pg_trgm is a trusted extension: the database owner may create it.
QStringList postgresSearchIndex(bool postgres)
{
    if (!postgres)
        return {};
    return {
        QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_trgm"),
        QStringLiteral(
            "ALTER TABLE messages ADD COLUMN search_pos BIGINT GENERATED ALWAYS AS IDENTITY"),
        QStringLiteral("CREATE INDEX messages_search_pos ON messages (search_pos)"),
        QStringLiteral("CREATE INDEX messages_content_trgm ON messages USING gin "
                       "(content gin_trgm_ops) WHERE deleted = 0 AND type <> 'system' AND "
                       "content <> ''"),
    };
}

// Version 4, the support desk (docs/API.md, "Support desk").
QStringList supportDeskSchema(bool /*postgres*/)
{
    return {
        QStringLiteral("CREATE TABLE notes ("
                       " id TEXT PRIMARY KEY,"
                       " room_id TEXT NOT NULL REFERENCES rooms(id),"
                       " author_id TEXT NOT NULL REFERENCES users(id),"
                       " content TEXT NOT NULL,"
                       " created_at BIGINT NOT NULL)"),
        QStringLiteral("CREATE INDEX notes_room ON notes (room_id, created_at, id)"),
    };
}

// Version 5, support desk assignment (docs/API.md, "Assignment and availability"): a room's
// assignee, each staff member's availability and last assignment (auto-assignment ties), and the
// desk settings admins change at runtime (shared by every node of a cluster).
QStringList assignmentSchema(bool /*postgres*/)
{
    return {
        QStringLiteral("ALTER TABLE rooms ADD COLUMN assignee_id TEXT REFERENCES users(id)"),
        QStringLiteral("CREATE INDEX rooms_assignee ON rooms (assignee_id, status)"
                       " WHERE assignee_id IS NOT NULL"),
        QStringLiteral("CREATE TABLE staff_desk ("
                       " user_id TEXT PRIMARY KEY REFERENCES users(id),"
                       " away INTEGER NOT NULL DEFAULT 0,"
                       " last_assigned_at BIGINT)"),
        QStringLiteral("CREATE TABLE desk_settings ("
                       " name TEXT PRIMARY KEY,"
                       " value TEXT NOT NULL)"),
    };
}

// Version 6, the support desk: canned responses, ratings after close and the previous versions of
// edited and deleted messages (transcripts). docs/API.md, "Support desk".
QStringList cannedRatingsHistorySchema(bool postgres)
{
    const QString bytewise = postgres ? QStringLiteral(" COLLATE \"C\"") : QString();
    return {
        QStringLiteral("CREATE TABLE canned_responses ("
                       " id TEXT PRIMARY KEY,"
                       " title TEXT NOT NULL,"
                       " shortcut TEXT%1 NOT NULL UNIQUE,"
                       " body TEXT NOT NULL,"
                       " created_by TEXT NOT NULL REFERENCES users(id),"
                       " created_at BIGINT NOT NULL,"
                       " updated_at BIGINT NOT NULL)")
            .arg(bytewise),
        QStringLiteral("CREATE TABLE ratings ("
                       " room_id TEXT NOT NULL REFERENCES rooms(id),"
                       " customer_id TEXT NOT NULL REFERENCES users(id),"
                       " closed_seq BIGINT NOT NULL,"
                       " score INTEGER NOT NULL,"
                       " comment TEXT NOT NULL DEFAULT '',"
                       " created_at BIGINT NOT NULL,"
                       " updated_at BIGINT NOT NULL,"
                       " PRIMARY KEY (room_id, customer_id, closed_seq))"),
        QStringLiteral("CREATE INDEX ratings_updated ON ratings (updated_at DESC)"),
        QStringLiteral("CREATE TABLE message_history ("
                       " message_id TEXT NOT NULL REFERENCES messages(id),"
                       " version INTEGER NOT NULL,"
                       " room_id TEXT NOT NULL REFERENCES rooms(id),"
                       " action TEXT NOT NULL,"
                       " previous_content TEXT NOT NULL,"
                       " previous_metadata TEXT NOT NULL,"
                       " previous_attachment_id TEXT,"
                       " actor_id TEXT NOT NULL REFERENCES users(id),"
                       " at BIGINT NOT NULL,"
                       " PRIMARY KEY (message_id, version))"),
        QStringLiteral("CREATE INDEX message_history_room ON message_history (room_id)"),
    };
}

// Version 9, SQLite only: the search index with room scopes (SqliteSearchStoreIndex).
QStringList sqliteScopedSearchIndex(bool postgres)
{
    if (postgres)
        return {};
    return sqliteSearchIndexWithScope();
}

// Version 10, SQLite only: the index written once per transaction (SqliteSearchStoreIndex).
QStringList sqliteDeferredSearchIndexing(bool postgres)
{
    if (postgres)
        return {};
    return sqliteDeferredIndexing();
}

// Version 11, SQLite only: the word index beside the trigram one (SqliteSearchStoreIndex).
QStringList sqliteWordSearchIndex(bool postgres)
{
    if (postgres)
        return {};
    return sqliteWordIndex();
}

// Version 8, webhooks (docs/API.md, "Webhooks"): endpoints, coalescing windows per (endpoint,
// room, recipient), and the durable delivery queue with its leases.
QStringList webhooksSchema(bool /*postgres*/)
{
    return {
        QStringLiteral("CREATE TABLE webhook_endpoints ("
                       " id TEXT PRIMARY KEY,"
                       " url TEXT NOT NULL,"
                       " secret TEXT NOT NULL,"
                       " enabled INTEGER NOT NULL DEFAULT 1,"
                       " events TEXT NOT NULL,"
                       " interval_s BIGINT NOT NULL,"
                       " created_at BIGINT NOT NULL,"
                       " updated_at BIGINT NOT NULL)"),
        QStringLiteral("CREATE TABLE webhook_windows ("
                       " endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),"
                       " room_id TEXT NOT NULL,"
                       " recipient_id TEXT NOT NULL,"
                       " until_ms BIGINT NOT NULL,"
                       " PRIMARY KEY (endpoint_id, room_id, recipient_id))"),
        QStringLiteral("CREATE TABLE webhook_deliveries ("
                       " id TEXT PRIMARY KEY,"
                       " endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),"
                       " event TEXT NOT NULL,"
                       " room_id TEXT,"
                       " recipient_id TEXT,"
                       " body TEXT NOT NULL,"
                       " status TEXT NOT NULL,"
                       " attempts INTEGER NOT NULL DEFAULT 0,"
                       " last_status_code INTEGER,"
                       " last_error TEXT,"
                       " next_attempt_at BIGINT,"
                       " lease_owner TEXT,"
                       " lease_until BIGINT,"
                       " created_at BIGINT NOT NULL,"
                       " delivered_at BIGINT)"),
        QStringLiteral("CREATE INDEX webhook_deliveries_due ON webhook_deliveries"
                       " (next_attempt_at) WHERE status = 'pending'"),
        QStringLiteral("CREATE INDEX webhook_deliveries_log ON webhook_deliveries"
                       " (endpoint_id, created_at DESC, id DESC)"),
        QStringLiteral("CREATE INDEX webhook_deliveries_created ON webhook_deliveries"
                       " (created_at DESC, id DESC)"),
    };
}

// Version 7, integrations (docs/API.md, "Support desk: integrations"): API keys by the
// digest of their secret, and the order events already posted (idempotency by the
// caller's event id).
QStringList integrationsSchema(bool /*postgres*/)
{
    return {
        QStringLiteral("CREATE TABLE api_keys ("
                       " id TEXT PRIMARY KEY,"
                       " name TEXT NOT NULL,"
                       " scopes TEXT NOT NULL,"
                       " digest TEXT NOT NULL UNIQUE,"
                       " created_by TEXT NOT NULL REFERENCES users(id),"
                       " created_at BIGINT NOT NULL,"
                       " last_used_at BIGINT,"
                       " revoked_at BIGINT)"),
        QStringLiteral("CREATE TABLE order_events ("
                       " order_ref TEXT NOT NULL,"
                       " event_id TEXT NOT NULL,"
                       " message_id TEXT NOT NULL REFERENCES messages(id),"
                       " key_id TEXT NOT NULL REFERENCES api_keys(id),"
                       " created_at BIGINT NOT NULL,"
                       " PRIMARY KEY (order_ref, event_id))"),
    };
}

} // namespace

const QList<Migration> &migrations()
{
    static const QList<Migration> steps{
        {1, QStringLiteral("users, tokens, rooms, members, messages, reports"), initialSchema},
        {2, QStringLiteral("attachments; message search index (SQLite FTS5)"), attachmentsSchema},
        {3, QStringLiteral("message search index (PostgreSQL pg_trgm)"), postgresSearchIndex},
        {4, QStringLiteral("support desk: staff notes"), supportDeskSchema},
        {5, QStringLiteral("support desk: assignment, availability, desk settings"),
         assignmentSchema},
        {6, QStringLiteral("support desk: canned responses, ratings, message history"),
         cannedRatingsHistorySchema},
        {7, QStringLiteral("support desk: integration API keys, order events"), integrationsSchema},
        {8, QStringLiteral("webhooks: endpoints, windows, deliveries"), webhooksSchema},
        {9, QStringLiteral("message search index with room scopes (SQLite FTS5)"),
         sqliteScopedSearchIndex},
        {10, QStringLiteral("message search index written once per transaction (SQLite FTS5)"),
         sqliteDeferredSearchIndexing},
        {11, QStringLiteral("word index and vocabulary for search (SQLite FTS5)"),
         sqliteWordSearchIndex},
    };
    return steps;
}

int latestSchemaVersion()
{
    return migrations().isEmpty() ? 0 : migrations().constLast().version;
}

} // namespace parley::storage::sql
