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
// identify rows here: after a manual VACUUM (which may renumber rowids) rebuild both indexes by
// deleting the rows of migrations 9 to 11 from schema_migrations and restarting
// (docs/OPERATIONS.md).
//
// Since migration 11 a second contentless FTS5 table, messages_words (same rowids and columns,
// FTS5's unicode61 tokenizer), indexes whole words, and search_words holds every word it was ever
// given (a vocabulary that only grows), with a trigram index of its own (search_words_fts). A
// search term made of word characters only occurs inside one word of a message, so the messages
// holding it are exactly those holding one of the vocabulary words that contain it: a term found
// in few vocabulary words is MATCHed as their OR in messages_words, whose doclists are short,
// instead of as trigrams, which are all common in a large corpus (SqliteSearchStore.cpp). The
// drain notes each pending message's words in the vocabulary before indexing it
// (SqliteSearchWords), and an edit now queues the message again instead of indexing it in the
// trigger, so that no text reaches the word index without its words in the vocabulary.
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

constexpr auto kTrigrams = "messages_fts";
constexpr auto kWords = "messages_words";

QString removeOld(const QString &condition, const char *table = kTrigrams)
{
    return QStringLiteral("INSERT INTO %4(%4, rowid, content, scope) "
                          "SELECT 'delete', %1 WHERE %2%3;")
        .arg(values(QStringLiteral("old")), indexed(QStringLiteral("old")), condition,
             QLatin1String(table));
}

// Rows of messages that are in the indexes, not waiting in messages_fts_pending.
QString notPending(const QString &row)
{
    return QStringLiteral(" AND NOT EXISTS (SELECT 1 FROM messages_fts_pending p WHERE p.rowid = "
                          "%1.rowid)")
        .arg(row);
}

// Indexes the pending rows into `table`, oldest first: FTS5 flushes its pending terms when a
// rowid goes below the previous one. CROSS JOIN keeps the few pending rows the outer loop: with
// a plain JOIN the planner may scan every message to find them (it did, for the SELECT of their
// content without ORDER BY: the drain grew with the table).
QString drainInto(const char *table)
{
    return QStringLiteral("INSERT INTO %3(rowid, content, scope) SELECT %1 "
                          "FROM messages_fts_pending p CROSS JOIN messages m ON m.rowid = p.rowid "
                          "WHERE %2 ORDER BY p.rowid")
        .arg(values(QStringLiteral("m")), indexed(QStringLiteral("m")), QLatin1String(table));
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
    const QString oldInIndex = notPending(QStringLiteral("old"));
    const QString newInIndex = notPending(QStringLiteral("new"));
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

QStringList sqliteWordIndex()
{
    const QString oldInIndex = notPending(QStringLiteral("old"));
    const QString removeFromBoth = removeOld(oldInIndex) + removeOld(oldInIndex, kWords);
    return {
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_insert"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_delete"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_update"),
        QStringLiteral("DROP TABLE IF EXISTS messages_words"),
        QStringLiteral("DROP TABLE IF EXISTS search_words_fts"),
        QStringLiteral("DROP TABLE IF EXISTS search_words"),
        QStringLiteral("CREATE VIRTUAL TABLE messages_words USING fts5(content, scope, "
                       "content='', tokenize='%1')")
            .arg(QLatin1String(kSqliteWordTokenizer)),
        QStringLiteral("CREATE TABLE search_words (id INTEGER PRIMARY KEY, "
                       "word TEXT NOT NULL UNIQUE)"),
        QStringLiteral("CREATE VIRTUAL TABLE search_words_fts USING fts5(word, "
                       "content='search_words', content_rowid='id', tokenize='trigram')"),
        QStringLiteral("CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN %1 "
                       "BEGIN INSERT INTO messages_fts_pending (rowid) VALUES (new.rowid); END")
            .arg(indexed(QStringLiteral("new"))),
        QStringLiteral("CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN %1 "
                       "DELETE FROM messages_fts_pending WHERE rowid = old.rowid; END")
            .arg(removeFromBoth),
        QStringLiteral("CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, deleted, "
                       "room_id ON messages BEGIN %1 INSERT OR IGNORE INTO messages_fts_pending "
                       "(rowid) SELECT new.rowid WHERE %2; END")
            .arg(removeFromBoth, indexed(QStringLiteral("new"))),
        // What messages_fts holds (the pending rows are the drain's).
        QStringLiteral("INSERT INTO messages_words(rowid, content, scope) SELECT %1 FROM "
                       "messages m WHERE %2%3 ORDER BY m.rowid")
            .arg(values(QStringLiteral("m")), indexed(QStringLiteral("m")),
                 notPending(QStringLiteral("m"))),
        QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS temp.parley_word_columns USING "
                       "fts5vocab(main, messages_words, col)"),
        QStringLiteral("INSERT INTO search_words(word) SELECT term FROM temp.parley_word_columns "
                       "WHERE col = 'content' AND term GLOB '*[^0-9]*'"),
        QStringLiteral("DROP TABLE temp.parley_word_columns"),
        QStringLiteral("INSERT INTO search_words_fts(search_words_fts) VALUES('rebuild')"),
        // Both indexes as one segment each: FTS5 looks a term up in every segment, and a
        // viewer's scope is an OR of up to 100 terms (3x cheaper on one segment than on the 11
        // a million messages leave; BENCHMARKS.md, "Fifth pass"). New writes add segments that
        // FTS5's automerge keeps logarithmic.
        QStringLiteral("INSERT INTO messages_fts(messages_fts) VALUES('optimize')"),
        QStringLiteral("INSERT INTO messages_words(messages_words) VALUES('optimize')"),
    };
}

const char *sqlitePendingContentSql()
{
    static const QByteArray sql =
        QStringLiteral(
            "SELECT m.content FROM messages_fts_pending p CROSS JOIN messages m ON m.rowid "
            "= p.rowid WHERE %1")
            .arg(indexed(QStringLiteral("m")))
            .toUtf8();
    return sql.constData();
}

const QStringList &sqliteDrainPendingIndex(bool words)
{
    static const QString clear = QStringLiteral("DELETE FROM messages_fts_pending");
    static const QStringList trigramsOnly{drainInto(kTrigrams), clear};
    static const QStringList both{drainInto(kTrigrams), drainInto(kWords), clear};
    return words ? both : trigramsOnly;
}

} // namespace parley::storage::sql
