// Message search on SQLite: the FTS5 table messages_fts (trigram tokenizer, contentless, kept in
// sync by the triggers of migration 9; its layout is in SqliteSearchStoreIndex.cpp). Every
// SQLite-specific piece of search is in this file and that one; a PostgreSQL SearchStore brings
// its own.
//
// The trigram tokenizer indexes every 3-character sequence, so a MATCH term finds any substring
// of 3 or more characters (partial words, CJK without word breaks), case-insensitively. Terms
// of 1 or 2 characters cannot be looked up in a trigram index: they are checked with LIKE on
// the candidates the index produced. A viewer in few rooms (or a search in one room) has those
// rooms as scope tokens in the MATCH, so the index yields only their messages; a search of every
// room with only short terms scans messages newest first (a scan that stops at the page size; it
// is slower when few messages match, see docs/API.md).
//
// Since migration 11 a term that is one word to the unicode61 tokenizer and occurs in few words
// of the vocabulary is MATCHed in messages_words as the OR of those words (SqliteSearchWords.h):
// the doclists of whole words are short where every trigram of the term is common. The other
// terms of such a search are checked whole on the rows it yields; a search with no such term
// uses messages_fts as below. Same rows, same order either way.
//
// In messages_fts a long term, or any term beside others, is not MATCHed as a phrase (FTS5
// would read the doclists of all its trigrams, common ones included) but by a few of its rarest
// trigrams, and checked whole on the rows they yield (SqliteSearchStoreTrigrams.h).
#include "logging/Logging.h"
#include "storage/sql/MessageRows.h"
#include "storage/sql/SearchSql.h"
#include "storage/sql/SqlStores.h"
#include "storage/sql/SqliteSearchStoreIndex.h"
#include "storage/sql/SqliteSearchStoreTrigrams.h"
#include "storage/sql/SqliteSearchWords.h"
#include "storage/sql/SqliteStatements.h"

namespace parley::storage::sql {
namespace {

constexpr int kMinTrigramChars = 3;
// A viewer in more rooms than this is filtered by membership after the index instead, as staff
// are: the OR of scope tokens grows with the rooms (measured with 20 rooms; the bound is not
// tuned).
constexpr int kMaxScopeRooms = 100;
// The schema version from which inserts leave their indexing to the end of the transaction.
constexpr int kDeferredIndexVersion = 10;
// The schema version with the word index.
constexpr int kWordIndexVersion = 11;
// How long after a group commit of sends its messages are indexed at the latest (sooner when a
// search or another transaction comes). Indexing blocks the event loop for a moment: at 100
// messages/s one indexing for ~10 commits delays fewer sends than one per commit, and writes
// fewer FTS5 segments (BENCHMARKS.md). At high rates, as soon as this many messages wait, so
// that one indexing never holds the loop long.
constexpr int kDeferredIndexMs = 100;
constexpr int kDeferredIndexMaxMessages = 256;

// One FTS5 string, taken literally: no operator or column syntax inside.
QString ftsString(QString text)
{
    return u'"' + text.replace(u'"', QStringLiteral("\"\"")) + u'"';
}

// FTS5 strings for `texts`, joined by `separator` (" OR ", " " for AND), in parentheses.
QString ftsGroup(const QStringList &texts, const QString &separator)
{
    QStringList strings;
    for (const QString &text : texts)
        strings.append(ftsString(text));
    return u'(' + strings.join(separator) + u')';
}

// The rooms a search covers, as scope tokens for the MATCH.
struct Scope
{
    QStringList tokens;  // empty: not narrowed in the index (every room, or too many rooms)
    bool noRoom = false; // the viewer is in no room, or the filtered room does not exist
};

// The filtered room, or the viewer's rooms when they are few.
Result<Scope> scopeOf(SqlDatabase &db, const SearchQuery &query)
{
    Scope scope;
    if (query.roomId.isEmpty() && query.allRooms)
        return scope;
    auto rows =
        !query.roomId.isEmpty()
            ? db.run(QStringLiteral("SELECT ") + sqliteRoomScopeSql(QStringLiteral("?")),
                     {query.roomId})
            : db.run(QStringLiteral("SELECT ") + sqliteRoomScopeSql(QStringLiteral("rm.room_id")) +
                         QStringLiteral(" FROM room_members rm WHERE rm.user_id = ? "
                                        "LIMIT ?"),
                     {query.viewerId, kMaxScopeRooms + 1});
    if (!rows)
        return rows.error();
    while (rows->next()) {
        if (!rows->isNull(0))
            scope.tokens.append(rows->text(0));
    }
    scope.noRoom = scope.tokens.isEmpty();
    if (scope.tokens.size() > kMaxScopeRooms)
        scope.tokens.clear();
    return scope;
}

} // namespace

SqliteSearchStore::SqliteSearchStore(SqlDatabase &db)
    : m_db(db)
{
    // Since migration 10 every transaction indexes the messages it inserted just before it
    // commits (SqliteSearchStoreIndex.cpp). What another process left pending is indexed now.
    const int version = m_db.sqlite() ? m_db.schemaVersion() : 0;
    if (version < kDeferredIndexVersion)
        return;
    m_wordIndex = version >= kWordIndexVersion;
    if (m_wordIndex)
        m_words = SqliteSearchWords::attach(*m_db.sqlite());
    m_db.setBeforeCommit([this] { return beforeCommit(); });
    m_indexTimer.setSingleShot(true);
    m_indexTimer.callOnTimeout([this] { indexNow(); });
    indexNow(); // what another process left
}

SqliteSearchStore::~SqliteSearchStore()
{
    if (m_maybePending)
        indexNow();
    m_db.setBeforeCommit({});
}

Status SqliteSearchStore::beforeCommit()
{
    if (!m_db.appendOnly())
        return drainPending();
    m_maybePending = true;
    auto waiting = m_db.sqlite()->prepare("SELECT COUNT(*) FROM messages_fts_pending");
    if (!waiting)
        return waiting.error();
    waiting->step();
    if (waiting->failed())
        return waiting->error();
    if (waiting->integer(0) >= kDeferredIndexMaxMessages)
        m_indexTimer.start(0); // at the next pass of the event loop
    else if (!m_indexTimer.isActive())
        m_indexTimer.start(kDeferredIndexMs);
    return {};
}

void SqliteSearchStore::indexNow()
{
    m_indexTimer.stop();
    if (auto indexed = m_db.transaction([] { return Status{}; }); !indexed) {
        qCWarning(lcStorage) << "Search index: pending messages not indexed:"
                             << indexed.error().message;
        return;
    }
    m_maybePending = false;
}

Status SqliteSearchStore::drainPending()
{
    if (m_wordIndex) {
        // Without the tokenizer the word index would miss words: leave the rows pending (logged
        // at start) rather than index them into one index and not the other.
        if (!m_words)
            return Error::internal(QStringLiteral("Search index unavailable"));
        if (auto noted = m_words->notePendingWords(); !noted)
            return noted;
    }
    for (const QString &sql : sqliteDrainPendingIndex(m_wordIndex)) {
        if (auto done = m_db.sqlite()->exec(sql); !done)
            return done;
    }
    return {};
}

SqliteSearchStore::ContentMatch SqliteSearchStore::contentMatch(const QStringList &terms,
                                                                const QStringList &scopeTokens)
{
    ContentMatch content;
    QStringList wordTerms; // MATCHed in messages_words, each as the OR of its words
    QStringList common;    // one word each, inside many words
    QStringList others;    // not one word
    for (const QString &term : terms) {
        const auto expansion =
            m_words && m_trigrams ? m_words->expansion(term) : SqliteSearchWords::Expansion{};
        if (expansion.kind == SqliteSearchWords::Expansion::Words) {
            if (expansion.words.isEmpty()) {
                content.nothing = true; // no message holds this term
                return content;
            }
            wordTerms.append(ftsGroup(expansion.words, QStringLiteral(" OR ")));
        } else {
            (expansion.kind == SqliteSearchWords::Expansion::Many ? common : others).append(term);
        }
    }
    if (!wordTerms.isEmpty()) {
        content.byWords = true;
        content.match =
            QStringLiteral("content : (") + wordTerms.join(QStringLiteral(" AND ")) + u')';
        content.checked = common + others;
        return content;
    }
    // A common part of many words is found in many messages: as a phrase the walk stops early,
    // and counting its trigrams for a plan would cost more than it saves (up to ~25 ms each, the
    // first time; measured for a viewer of every room and of 20 rooms, BENCHMARKS.md). The
    // rarest-trigram plan is for the terms that are not one word.
    SqliteSearchPlan plan{others, {}, {}};
    if (m_trigrams && !others.isEmpty())
        plan = m_trigrams->plan(others, scopeTokens);
    content.match = QStringLiteral("content : ") +
                    ftsGroup(common + plan.phrases + plan.probes, QStringLiteral(" "));
    content.checked = plan.checked;
    return content;
}

Result<QList<SearchHit>> SqliteSearchStore::search(const SearchQuery &query)
{
    if (m_maybePending)
        indexNow(); // a search finds every message stored before it
    if (!m_trigramsTried) {
        m_trigramsTried = true;
        if (m_db.sqlite())
            m_trigrams = SqliteSearchTrigrams::attach(m_db.sqlite()->connection());
    }

    QStringList trigramTerms;
    QStringList shortTerms;
    for (const QString &term : query.terms)
        (term.toUcs4().size() >= kMinTrigramChars ? trigramTerms : shortTerms).append(term);

    const auto scope = scopeOf(m_db, query);
    if (!scope)
        return scope.error();
    if (scope->noRoom)
        return QList<SearchHit>{};
    QStringList match;
    ContentMatch content;
    if (!trigramTerms.isEmpty()) {
        content = contentMatch(trigramTerms, scope->tokens);
        if (content.nothing)
            return QList<SearchHit>{};
        match << content.match;
    }
    if (!scope->tokens.isEmpty()) {
        match << QStringLiteral("scope : ") + ftsGroup(scope->tokens, QStringLiteral(" OR "));
    }

    QString sql = QStringLiteral("SELECT ") + messageColumns();
    QStringList where;
    QVariantList binds;
    QString orderBy;
    if (!match.isEmpty()) {
        // The FTS table drives: it yields rowids newest first and the LIMIT stops it early.
        const QString index =
            content.byWords ? QStringLiteral("messages_words") : QStringLiteral("messages_fts");
        sql +=
            QStringLiteral(", f.rowid FROM %1 f JOIN messages m ON m.rowid = f.rowid").arg(index);
        where << index + QStringLiteral(" MATCH ?");
        binds << match.join(QStringLiteral(" AND "));
        if (query.before) {
            where << QStringLiteral("f.rowid < ?");
            binds << *query.before;
        }
        orderBy = QStringLiteral("f.rowid DESC");
    } else {
        sql += QStringLiteral(", m.rowid FROM messages m");
        where << QStringLiteral("m.type <> 'system'");
        if (query.before) {
            where << QStringLiteral("m.rowid < ?");
            binds << *query.before;
        }
        orderBy = QStringLiteral("m.rowid DESC");
    }
    sql += messageJoins();
    where << QStringLiteral("m.deleted = 0");
    for (const QString &term : std::as_const(content.checked)) {
        where << QString::fromLatin1(SqliteSearchTrigrams::kContainsFunction) +
                     QStringLiteral("(m.content, ?)");
        binds << term;
    }
    for (const QString &term : std::as_const(shortTerms)) {
        where << QStringLiteral("m.content LIKE ? ESCAPE '\\'");
        binds << likePattern(term);
    }
    // Membership stays checked in SQL too: the scope tokens narrow, the members table decides.
    addScopeFilters(where, binds, query);
    return runSearch(m_db, sql, where, binds, orderBy, query);
}

} // namespace parley::storage::sql
