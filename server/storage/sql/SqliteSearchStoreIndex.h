#pragma once

// The SQLite search index as of migrations 9 and 10, shared by the migration that builds it and by
// SqliteSearchStore that queries it (see SqliteSearchStoreIndex.cpp for its layout).
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

// Indexes the pending rows and empties the list (two statements, run in this order).
const QStringList &sqliteDrainPendingIndex();

// SQL for the scope token of the room whose id is the SQL expression `roomId` (a column or ?).
QString sqliteRoomScopeSql(const QString &roomId);

} // namespace parley::storage::sql
