#pragma once

// The SQLite search index as of migrations 9, 10 and 11, shared by the migration that builds it and
// by SqliteSearchStore that queries it (see SqliteSearchStoreIndex.cpp for its layout).
#include <QString>
#include <QStringList>

namespace parley::storage::sql {

// The statements of migration 9: replace migration 2's messages_fts (and its triggers) with the
// contentless index below, filled from the messages already stored.
QStringList sqliteSearchIndexWithScope();

// The statements of migration 10: inserts only record their rowid in messages_fts_pending (a
// plain table), indexed by sqliteDrainPendingIndex() before the transaction commits; edits and
// deletes of rows still pending leave the index alone.
QStringList sqliteDeferredIndexing();

// The statements of migration 11: the word index messages_words beside messages_fts, and the
// vocabulary of its words (search_words, with a trigram index of its own), filled from the
// messages already indexed; edits re-queue the message in messages_fts_pending, so that every
// text entering either index passes through the drain (which notes its words).
QStringList sqliteWordIndex();

// The tokenizer of messages_words, as its CREATE statement names it: FTS5's unicode61, folding
// case like the trigram tokenizer and, like it, keeping diacritics.
inline constexpr const char *kSqliteWordTokenizer = "unicode61 remove_diacritics 0";

// The messages waiting in messages_fts_pending that the indexes will take (their words are noted
// in the vocabulary first): one column, the content.
const char *sqlitePendingContentSql();

// Indexes the pending rows and empties the list (run in this order). With `words`, into
// messages_words too (schema 11).
const QStringList &sqliteDrainPendingIndex(bool words);

// SQL for the scope token of the room whose id is the SQL expression `roomId` (a column or ?).
QString sqliteRoomScopeSql(const QString &roomId);

} // namespace parley::storage::sql
