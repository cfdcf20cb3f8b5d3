#include "storage/sql/Migrations.h"

namespace parley::storage::sql {
namespace {

// Times are BIGINT milliseconds since the epoch (UTC) and flags are INTEGER 0/1 in both dialects,
// so the same statements serve SQLite and PostgreSQL.
QStringList initialSchema(bool /*postgres*/)
{
    return {
        QStringLiteral("CREATE TABLE users ("
                       " id TEXT PRIMARY KEY,"
                       " username TEXT NOT NULL UNIQUE,"
                       " display_name TEXT NOT NULL,"
                       " role TEXT NOT NULL,"
                       " password_hash TEXT NOT NULL,"
                       " blocked INTEGER NOT NULL DEFAULT 0,"
                       " created_at BIGINT NOT NULL,"
                       " last_seen_at BIGINT)"),
        QStringLiteral("CREATE TABLE refresh_tokens ("
                       " digest TEXT PRIMARY KEY,"
                       " user_id TEXT NOT NULL REFERENCES users(id),"
                       " family TEXT NOT NULL,"
                       " expires_at BIGINT NOT NULL,"
                       " used_at BIGINT)"),
        QStringLiteral("CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)"),
        QStringLiteral("CREATE INDEX refresh_tokens_family ON refresh_tokens (family)"),
        QStringLiteral("CREATE TABLE rooms ("
                       " id TEXT PRIMARY KEY,"
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
                       " waiting_since BIGINT)"),
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
                       " id TEXT PRIMARY KEY,"
                       " message_id TEXT NOT NULL REFERENCES messages(id),"
                       " reporter_id TEXT NOT NULL REFERENCES users(id),"
                       " reason TEXT NOT NULL,"
                       " created_at BIGINT NOT NULL)"),
        QStringLiteral("CREATE INDEX reports_created ON reports (created_at DESC, id DESC)"),
    };
}

// Version 3, the support desk (docs/API.md, "Support desk"). Version 2 is the attachments step of
// another branch; the runner applies every step a database lacks, so the gap is harmless.
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

} // namespace

const QList<Migration> &migrations()
{
    static const QList<Migration> steps{
        {1, QStringLiteral("users, tokens, rooms, members, messages, reports"), initialSchema},
        {3, QStringLiteral("support desk: staff notes"), supportDeskSchema},
    };
    return steps;
}

int latestSchemaVersion()
{
    return migrations().isEmpty() ? 0 : migrations().constLast().version;
}

} // namespace parley::storage::sql
