#pragma once

// What the SQLite and PostgreSQL search stores share: LIKE patterns, the viewer's scope (member
// rooms, room filter, paging position) and running the final query into SearchHits.
#include "storage/Stores.h"
#include "storage/sql/SqlDatabase.h"

#include <QStringList>
#include <QVariantList>

namespace parley::storage::sql {

// `term` as a LIKE pattern matching it anywhere, with \ % _ taken literally (ESCAPE '\').
QString likePattern(QString term);

// Appends the viewer's scope to `where`/`binds`: member rooms unless query.allRooms, and the room
// filter. The next page's `position < before` is the caller's (its position may be stored
// differently).
void addScopeFilters(QStringList &where, QVariantList &binds, const SearchQuery &query);

// Runs `select` (message columns, then the paging position) with `where`, in `orderBy` (newest
// first), at most query.limit rows.
Result<QList<SearchHit>> runSearch(SqlDatabase &db, QString select, const QStringList &where,
                                   QVariantList binds, const QString &orderBy,
                                   const SearchQuery &query);

} // namespace parley::storage::sql
