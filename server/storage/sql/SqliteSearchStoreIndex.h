#pragma once

// The SQLite search index as of migration 9, shared by the migration that builds it and by
// SqliteSearchStore that queries it (see SqliteSearchStoreIndex.cpp for its layout).
#include <QString>
#include <QStringList>

namespace parley::storage::sql {

// The statements of migration 9: replace migration 2's messages_fts (and its triggers) with the
// contentless index below, filled from the messages already stored.
QStringList sqliteSearchIndexWithScope();

// SQL for the scope token of the room whose id is the SQL expression `roomId` (a column or ?).
QString sqliteRoomScopeSql(const QString &roomId);

} // namespace parley::storage::sql
