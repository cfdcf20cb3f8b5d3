#pragma once

// Rarest-trigram-first lookup for SqliteSearchStore (BENCHMARKS.md, "Third pass: rarest trigrams
// first"). A term of n characters is a phrase of n-2 trigrams in messages_fts, and FTS5 reads the
// doclists of all of them, the most common ones included (`ten` is in 72% of the seeded
// messages). Instead the store MATCHes a few rare trigrams of its terms (probes; document counts
// from an fts5vocab table, cached) and checks each such term whole on the rows they yield with
// parley_search_contains(content, term): true when the term's trigrams occur consecutively in the
// content's, both cut and case-folded by FTS5's own trigram tokenizer, i.e. exactly when the
// phrase would have matched. Which probes: the rarest first, then each next rarest that shares no
// character with a probe of the same term, while the candidate checks it saves (estimated from
// the counts and the search's scope) cost more than reading its doclist.

#include <QElapsedTimer>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_context;
struct sqlite3_value;

namespace parley::storage::sql {

class SqliteFts5Tokenizer;

// What SqliteSearchStore MATCHes for its terms of 3 or more characters, ANDed: some terms as
// phrases, and the probes (trigrams, as the index stores them) chosen for the others, which are
// then checked whole on every candidate row with kContainsFunction.
struct SqliteSearchPlan
{
    QStringList phrases;
    QStringList probes;
    QStringList checked;
};

class SqliteSearchTrigrams
{
public:
    // The SQL function checking a whole term on a candidate row.
    static constexpr const char *kContainsFunction = "parley_search_contains";

    // Registers parley_search_contains on `db` and opens messages_fts's vocabulary (a TEMP
    // fts5vocab table). Null when FTS5 or its trigram tokenizer is missing.
    static std::unique_ptr<SqliteSearchTrigrams> attach(sqlite3 *db);
    ~SqliteSearchTrigrams();
    SqliteSearchTrigrams(const SqliteSearchTrigrams &) = delete;
    SqliteSearchTrigrams &operator=(const SqliteSearchTrigrams &) = delete;

    // How to look up `terms` (each of 3 or more characters) in a search whose scope is
    // `scopeTokens` (empty: every room). Never fails: without document counts, all phrases.
    SqliteSearchPlan plan(const QStringList &terms, const QStringList &scopeTokens);

    // The term's trigrams as the index stores them (case-folded), in order.
    std::vector<std::string> trigrams(const char *utf8, int bytes, int flags) const;

private:
    SqliteSearchTrigrams(sqlite3 *db, std::unique_ptr<SqliteFts5Tokenizer> tokenizer);
    // How many indexed messages hold `trigram`: counted once, then cached (approximate: the
    // cache is dropped every half hour). -1 when it cannot be read.
    qint64 documents(const std::string &trigram);
    // Roughly how many messages the index holds (the largest rowid), cached with the counts.
    qint64 indexedDocuments();
    static void contains(sqlite3_context *context, int argc, sqlite3_value **argv);

    sqlite3 *m_db;
    std::unique_ptr<SqliteFts5Tokenizer> m_tokenizer;
    sqlite3_stmt *m_count = nullptr;
    std::unordered_map<std::string, qint64> m_documents;
    qint64 m_indexed = -1;
    QElapsedTimer m_documentsAge;
    std::vector<std::string> m_scratch; // the candidate row's trigrams, reused
};

} // namespace parley::storage::sql
