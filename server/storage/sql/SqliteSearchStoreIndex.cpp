// messages_fts since migration 9: a contentless FTS5 table (trigram tokenizer) with two columns.
// - content: the message text, as in migration 2.
// - scope: the message's room as one trigram: three private-use characters (U+E000 + 12 bits
//   each) spelling the room's rowid. A viewer's rooms become an indexed `scope : (...)` filter
//   in the MATCH, so a customer in few rooms no longer walks everybody's matches.
// The FTS rowid is the message's rowid; search walks it descending (newest first). Negating it
// (so that newest first is FTS5's faster ascending walk) was measured and dropped: FTS5 flushes
// its pending terms whenever a transaction inserts a rowid below the previous one, so every
// message of a batched commit (the hub's group commit, this migration) became a segment of its
// own: 8x the CPU per indexed message (BENCHMARKS.md).
//
// It holds the rows search may return (not deleted, not system, not empty); the triggers keep it
// in step in the same transaction as every insert, edit and delete, passing the old values to
// FTS5's 'delete' (a contentless table stores no text of its own).
//
// Since migration 10 an insert only records the new rowid in messages_fts_pending, and the
// transaction indexes them all just before it commits (SqliteSearchStore registers that on the
// database; it also drains what is left when the server opens the database). FTS5 writes its
// pending terms out as a new segment whenever a savepoint begins or ends after it was written
// to, so with the hub's savepoint per send every message of a group commit cost a segment of its
// own: 68 against 19-24 us per message measured with this schema in a batch of 64
// (BENCHMARKS.md, "Where the closed loop's time goes now"). Rowids of messages and rooms
// identify rows here: after a manual VACUUM (which may renumber rowids) rebuild it with
// `INSERT INTO messages_fts(messages_fts) VALUES('delete-all')` followed by the last statement
// of sqliteSearchIndexWithScope().
#include "storage/sql/SqliteSearchStoreIndex.h"

namespace parley::storage::sql {

QString sqliteRoomScopeSql(const QString &roomId)
{
    return QStringLiteral("(SELECT char(57344 + r.rowid % 4096, 57344 + r.rowid / 4096 % 4096, "
                          "57344 + r.rowid / 16777216 % 4096) FROM rooms r WHERE r.id = %1)")
        .arg(roomId);
}

namespace {

// The rows the index holds.
QString indexed(const QString &row)
{
    return QStringLiteral("%1.deleted = 0 AND %1.type <> 'system' AND %1.content <> ''").arg(row);
}

// rowid, content, scope of `row`, as messages_fts takes them.
QString values(const QString &row)
{
    return QStringLiteral("%1.rowid, %1.content, %2")
        .arg(row, sqliteRoomScopeSql(row + QStringLiteral(".room_id")));
}

QString removeOld(const QString &condition)
{
    return QStringLiteral("INSERT INTO messages_fts(messages_fts, rowid, content, scope) "
                          "SELECT 'delete', %1 WHERE %2%3;")
        .arg(values(QStringLiteral("old")), indexed(QStringLiteral("old")), condition);
}

QString addNew(const QString &condition)
{
    return QStringLiteral("INSERT INTO messages_fts(rowid, content, scope) SELECT %1 WHERE %2%3;")
        .arg(values(QStringLiteral("new")), indexed(QStringLiteral("new")), condition);
}

} // namespace

QStringList sqliteSearchIndexWithScope()
{
    return {
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_insert"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_delete"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_update"),
        QStringLiteral("DROP TABLE IF EXISTS messages_fts"),
        QStringLiteral("CREATE VIRTUAL TABLE messages_fts USING fts5(content, scope, content='', "
                       "tokenize='trigram')"),
        QStringLiteral("CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN %1 END")
            .arg(addNew({})),
        QStringLiteral("CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN %1 END")
            .arg(removeOld({})),
        QStringLiteral("CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, deleted, "
                       "room_id ON messages BEGIN %1 %2 END")
            .arg(removeOld({}), addNew({})),
        QStringLiteral("INSERT INTO messages_fts(rowid, content, scope) SELECT %1 FROM messages m "
                       "WHERE %2")
            .arg(values(QStringLiteral("m")), indexed(QStringLiteral("m"))),
    };
}

QStringList sqliteDeferredIndexing()
{
    // A message not yet in the index (its rowid pending) is neither deleted from it nor re-added
    // by an edit: the drain indexes what it holds then, or nothing when it no longer qualifies.
    const QString oldInIndex = QStringLiteral(
        " AND NOT EXISTS (SELECT 1 FROM messages_fts_pending p WHERE p.rowid = old.rowid)");
    const QString newInIndex = QStringLiteral(
        " AND NOT EXISTS (SELECT 1 FROM messages_fts_pending p WHERE p.rowid = new.rowid)");
    return {
        QStringLiteral("CREATE TABLE IF NOT EXISTS messages_fts_pending "
                       "(rowid INTEGER PRIMARY KEY)"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_insert"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_delete"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_update"),
        QStringLiteral("CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN %1 "
                       "BEGIN INSERT INTO messages_fts_pending (rowid) VALUES (new.rowid); END")
            .arg(indexed(QStringLiteral("new"))),
        QStringLiteral("CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN %1 "
                       "DELETE FROM messages_fts_pending WHERE rowid = old.rowid; END")
            .arg(removeOld(oldInIndex)),
        QStringLiteral("CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, deleted, "
                       "room_id ON messages BEGIN %1 %2 END")
            .arg(removeOld(oldInIndex), addNew(newInIndex)),
    };
}

const QStringList &sqliteDrainPendingIndex()
{
    // Ascending rowids: FTS5 flushes its pending terms when a rowid goes below the previous one.
    static const QStringList statements{
        QStringLiteral("INSERT INTO messages_fts(rowid, content, scope) SELECT %1 "
                       "FROM messages_fts_pending p JOIN messages m ON m.rowid = p.rowid "
                       "WHERE %2 ORDER BY p.rowid")
            .arg(values(QStringLiteral("m")), indexed(QStringLiteral("m"))),
        QStringLiteral("DELETE FROM messages_fts_pending"),
    };
    return statements;
}

} // namespace parley::storage::sql
