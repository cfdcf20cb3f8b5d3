#include "storage/sql/SqliteSearchStoreTrigrams.h"

#include "logging/Logging.h"
#include "storage/sql/SqliteFts5Tokenizer.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <tuple>

namespace parley::storage::sql {
namespace {

// Counts are approximate: dropped after this long (or when this many are held) and read again.
constexpr qint64 kDocumentsMaxAgeMs = 30 * 60 * 1000;
constexpr size_t kDocumentsMaxEntries = 100000;
// A term of at most this many trigrams, alone in a query, stays a phrase.
constexpr int kPhraseTrigrams = 2;
// The planner's cost model, in microseconds, measured roughly on the seeded 1M messages
// (BENCHMARKS.md): reading one entry of a doclist newest first, and fetching and checking one
// candidate row. Another probe is MATCHed when the checks it saves cost more than its doclist.
constexpr double kReadCostUs = 0.07;
constexpr double kCheckCostUs = 3.0;

// Whether `needle` occurs as a run of consecutive entries of `haystack`.
bool containsRun(const std::vector<std::string> &haystack, const std::vector<std::string> &needle)
{
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

bool isAscii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return (unsigned char)c < 0x80; });
}

char foldAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

// For ASCII text and term the trigram check is a case-folded substring search: the tokenizer
// folds A-Z only and cuts every position (blanks included), so the term's trigrams follow each
// other in the content's exactly when the term occurs in it. 10-20x cheaper than cutting the
// content into trigrams (the usual case: one call per candidate row).
bool containsAsciiFolded(std::string_view content, std::string_view term)
{
    return std::search(content.begin(), content.end(), term.begin(), term.end(),
                       [](char a, char b) { return foldAscii(a) == foldAscii(b); }) !=
           content.end();
}

void deleteTrigrams(void *trigrams)
{
    delete static_cast<std::vector<std::string> *>(trigrams);
}

} // namespace

std::unique_ptr<SqliteSearchTrigrams> SqliteSearchTrigrams::attach(sqlite3 *db)
{
    auto tokenizer = SqliteFts5Tokenizer::open(db, "trigram", {});
    if (!tokenizer) {
        qCWarning(lcStorage) << "Search: no trigram tokenizer; rare words are looked up as phrases";
        return nullptr;
    }
    std::unique_ptr<SqliteSearchTrigrams> self(new SqliteSearchTrigrams(db, std::move(tokenizer)));
    const char *vocabulary = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.parley_search_vocab "
                             "USING fts5vocab(main, messages_fts, row)";
    if (sqlite3_exec(db, vocabulary, nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v3(db, "SELECT doc FROM temp.parley_search_vocab WHERE term = ?", -1,
                           SQLITE_PREPARE_PERSISTENT, &self->m_count, nullptr) != SQLITE_OK ||
        sqlite3_create_function_v2(
            db, kContainsFunction, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
            self.get(), &SqliteSearchTrigrams::contains, nullptr, nullptr, nullptr) != SQLITE_OK) {
        qCWarning(lcStorage) << "Search: cannot open the trigram vocabulary:" << sqlite3_errmsg(db)
                             << "; rare words are looked up as phrases";
        return nullptr;
    }
    return self;
}

SqliteSearchTrigrams::SqliteSearchTrigrams(sqlite3 *db,
                                           std::unique_ptr<SqliteFts5Tokenizer> tokenizer)
    : m_db(db)
    , m_tokenizer(std::move(tokenizer))
{
    m_documentsAge.start();
}

SqliteSearchTrigrams::~SqliteSearchTrigrams()
{
    // The connection outlives the store: take the function (and its pointer to us) away.
    sqlite3_create_function_v2(m_db, kContainsFunction, 2, SQLITE_UTF8, nullptr, nullptr, nullptr,
                               nullptr, nullptr);
    sqlite3_finalize(m_count);
}

std::vector<std::string> SqliteSearchTrigrams::trigrams(const char *utf8, int bytes,
                                                        int flags) const
{
    std::vector<std::string> out;
    m_tokenizer->tokens(utf8, bytes, flags, out);
    return out;
}

qint64 SqliteSearchTrigrams::documents(const std::string &trigram)
{
    if (m_documentsAge.hasExpired(kDocumentsMaxAgeMs) ||
        m_documents.size() >= kDocumentsMaxEntries) {
        m_documents.clear();
        m_indexed = -1;
        m_documentsAge.restart();
    }
    if (const auto found = m_documents.find(trigram); found != m_documents.end())
        return found->second;
    sqlite3_bind_text(m_count, 1, trigram.data(), int(trigram.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(m_count);
    qint64 count = rc == SQLITE_ROW ? sqlite3_column_int64(m_count, 0) : rc == SQLITE_DONE ? 0 : -1;
    sqlite3_reset(m_count);
    sqlite3_clear_bindings(m_count);
    if (count < 0) {
        qCWarning(lcStorage) << "Search: cannot count a trigram:" << sqlite3_errmsg(m_db);
        return -1;
    }
    m_documents.emplace(trigram, count);
    return count;
}

qint64 SqliteSearchTrigrams::indexedDocuments()
{
    if (m_indexed < 0) {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(m_db, "SELECT max(rowid) FROM messages", -1, &statement, nullptr) ==
                SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW)
            m_indexed = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
    }
    return std::max<qint64>(m_indexed, 1);
}

SqliteSearchPlan SqliteSearchTrigrams::plan(const QStringList &terms,
                                            const QStringList &scopeTokens)
{
    const auto asPhrases = [&terms] { return SqliteSearchPlan{terms, {}, {}}; };
    struct Probe
    {
        qint64 documents;
        int at;
        int term;
        std::string trigram;
    };
    std::vector<Probe> pool;
    SqliteSearchPlan plan;
    // Alone, a term of 1-2 trigrams is as cheap as a phrase; beside others it may be left to the
    // check when their probes are rarer.
    const int pooledFrom = terms.size() > 1 ? 1 : kPhraseTrigrams + 1;
    for (int term = 0; term < terms.size(); ++term) {
        const QByteArray utf8 = terms.at(term).toUtf8();
        const std::vector<std::string> all =
            trigrams(utf8.constData(), int(utf8.size()), FTS5_TOKENIZE_QUERY);
        if (int(all.size()) < pooledFrom) {
            plan.phrases.append(terms.at(term));
            continue;
        }
        for (int at = 0; at < int(all.size()); ++at) {
            const qint64 documentCount = documents(all[size_t(at)]);
            if (documentCount < 0)
                return asPhrases();
            pool.push_back({documentCount, at, term, all[size_t(at)]});
        }
        plan.checked.append(terms.at(term));
    }
    if (pool.empty())
        return plan;

    const double indexed = double(indexedDocuments());
    double candidates = indexed; // expected rows to check, were the trigrams independent
    if (!scopeTokens.isEmpty()) {
        candidates = 0;
        for (const QString &token : scopeTokens) {
            const qint64 documentCount = documents(token.toUtf8().toStdString());
            if (documentCount < 0)
                return asPhrases();
            candidates += double(documentCount);
        }
    }
    std::sort(pool.begin(), pool.end(), [](const Probe &a, const Probe &b) {
        return std::tie(a.documents, a.at, a.term) < std::tie(b.documents, b.at, b.term);
    });
    std::vector<const Probe *> chosen;
    for (const Probe &probe : pool) {
        // Trigrams of one term that share characters (neighbours) occur together: the second
        // narrows almost nothing.
        const bool overlaps = std::any_of(chosen.begin(), chosen.end(), [&](const Probe *other) {
            return other->term == probe.term &&
                   (other->trigram == probe.trigram || std::abs(other->at - probe.at) < 3);
        });
        if (overlaps)
            continue;
        const double share = std::min(1.0, double(probe.documents) / indexed);
        if (!chosen.empty() &&
            kCheckCostUs * candidates * (1 - share) <= kReadCostUs * double(probe.documents))
            continue;
        chosen.push_back(&probe);
        candidates *= share;
    }
    for (const Probe *probe : chosen)
        plan.probes.append(QString::fromStdString(probe->trigram));
    return plan;
}

void SqliteSearchTrigrams::contains(sqlite3_context *context, int, sqlite3_value **argv)
{
    auto *self = static_cast<SqliteSearchTrigrams *>(sqlite3_user_data(context));
    const auto *content = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const auto *term = reinterpret_cast<const char *>(sqlite3_value_text(argv[1]));
    if (!content || !term) {
        sqlite3_result_int(context, 0);
        return;
    }
    const std::string_view text(content, size_t(sqlite3_value_bytes(argv[0])));
    const std::string_view termText(term, size_t(sqlite3_value_bytes(argv[1])));
    if (isAscii(termText) && isAscii(text)) {
        sqlite3_result_int(context, containsAsciiFolded(text, termText) ? 1 : 0);
        return;
    }
    // The term is the same bound value on every row: cut it once per statement.
    std::vector<std::string> cut;
    const auto *needle = static_cast<std::vector<std::string> *>(sqlite3_get_auxdata(context, 1));
    if (!needle) {
        cut = self->trigrams(term, int(termText.size()), FTS5_TOKENIZE_QUERY);
        sqlite3_set_auxdata(context, 1, new std::vector<std::string>(cut), deleteTrigrams);
        needle = &cut;
    }
    self->m_tokenizer->tokens(content, int(text.size()), FTS5_TOKENIZE_DOCUMENT, self->m_scratch);
    sqlite3_result_int(context, containsRun(self->m_scratch, *needle) ? 1 : 0);
}

} // namespace parley::storage::sql
