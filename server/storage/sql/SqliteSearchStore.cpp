// Message search on SQLite: the FTS5 table messages_fts (trigram tokenizer, external content on
// messages, kept in sync by the triggers of migration 2). Every SQLite-specific piece of search
// is in this file; a PostgreSQL SearchStore brings its own.
//
// The trigram tokenizer indexes every 3-character sequence, so a MATCH term finds any substring
// of 3 or more characters (partial words, CJK without word breaks), case-insensitively. Terms
// of 1 or 2 characters cannot be looked up in a trigram index: they are checked with LIKE on
// the candidates the longer terms produced, or, when a query has only short terms, on the
// viewer's messages newest first (a scan that stops at the page size; it is slower when few
// messages match, see docs/API.md).
#include "storage/sql/MessageRows.h"
#include "storage/sql/SearchSql.h"
#include "storage/sql/SqlStores.h"

namespace parley::storage::sql {
namespace {

constexpr int kMinTrigramChars = 3;

// One FTS5 string per term: implicit AND between them, no operator or column syntax inside.
QString matchExpression(const QStringList &terms)
{
    QStringList quoted;
    for (QString term : terms)
        quoted.append(u'"' + term.replace(u'"', QStringLiteral("\"\"")) + u'"');
    return quoted.join(u' ');
}

} // namespace

Result<QList<SearchHit>> SqliteSearchStore::search(const SearchQuery &query)
{
    QStringList trigramTerms;
    QStringList shortTerms;
    for (const QString &term : query.terms)
        (term.toUcs4().size() >= kMinTrigramChars ? trigramTerms : shortTerms).append(term);

    QString sql = QStringLiteral("SELECT ") + messageColumns();
    QStringList where;
    QVariantList binds;
    QString position;
    if (!trigramTerms.isEmpty()) {
        // The FTS table drives: it yields rowids newest first and the LIMIT stops it early.
        position = QStringLiteral("f.rowid");
        sql += QStringLiteral(", f.rowid FROM messages_fts f JOIN messages m ON m.rowid = f.rowid");
        where << QStringLiteral("messages_fts MATCH ?");
        binds << matchExpression(trigramTerms);
    } else {
        position = QStringLiteral("m.rowid");
        sql += QStringLiteral(", m.rowid FROM messages m");
        where << QStringLiteral("m.type <> 'system'");
    }
    sql += messageJoins();
    where << QStringLiteral("m.deleted = 0");
    for (const QString &term : std::as_const(shortTerms)) {
        where << QStringLiteral("m.content LIKE ? ESCAPE '\\'");
        binds << likePattern(term);
    }
    addScopeFilters(where, binds, query, position);
    return runSearch(m_db, sql, where, binds, position, query);
}

} // namespace parley::storage::sql
