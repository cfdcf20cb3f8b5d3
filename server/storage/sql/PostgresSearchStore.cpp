// Message search on PostgreSQL: ILIKE per term over messages.content, helped by the pg_trgm GIN
// index of migration 3 (messages_content_trgm, on the same rows search may return). Every
// PostgreSQL-specific piece of search is in this file; SqliteSearchStore is its SQLite twin.
//
// Semantics match SQLite's FTS5 trigram search: every term must occur as a substring (partial
// words, CJK without word breaks), case-insensitively; % and _ are literal. Terms of 3 or more
// characters are looked up through the trigram index; shorter ones (which have no trigram) are
// checked on the rows the others produce, or by walking the viewer's messages newest first. The
// paging position is messages.search_pos, an identity column that grows with every message.
#include "storage/sql/MessageRows.h"
#include "storage/sql/SearchSql.h"
#include "storage/sql/SqlStores.h"

namespace parley::storage::sql {
Result<QList<SearchHit>> PostgresSearchStore::search(const SearchQuery &query)
{
    QString sql = QStringLiteral("SELECT ") + messageColumns() +
                  QStringLiteral(", m.search_pos FROM messages m") + messageJoins();
    // The same predicate as the partial index, so the planner may use it.
    QStringList where{QStringLiteral("m.deleted = 0 AND m.type <> 'system' AND m.content <> ''")};
    QVariantList binds;
    for (const QString &term : query.terms) {
        where << QStringLiteral("m.content ILIKE ? ESCAPE '\\'");
        binds << likePattern(term);
    }
    const QString position = QStringLiteral("m.search_pos");
    addScopeFilters(where, binds, query);
    if (query.before) {
        where << position + QStringLiteral(" < ?");
        binds << *query.before;
    }
    return runSearch(m_db, sql, where, binds, position + QStringLiteral(" DESC"), query);
}

} // namespace parley::storage::sql
