#include "storage/sql/SqliteSearchStoreTrigrams.h"

#include "logging/Logging.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>

namespace parley::storage::sql {
namespace {

// Counts are approximate: dropped after this long (or when this many are held) and read again.
constexpr qint64 kDocumentsMaxAgeMs = 30 * 60 * 1000;
constexpr size_t kDocumentsMaxEntries = 100000;

fts5_api *fts5Of(sqlite3 *db)
{
    fts5_api *api = nullptr;
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) != SQLITE_OK)
        return nullptr;
    sqlite3_bind_pointer(statement, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    return api;
}

int collectToken(void *context, int, const char *token, int bytes, int, int)
{
    static_cast<std::vector<std::string> *>(context)->emplace_back(token, size_t(bytes));
    return SQLITE_OK;
}

// Whether `needle` occurs as a run of consecutive entries of `haystack`.
bool containsRun(const std::vector<std::string> &haystack, const std::vector<std::string> &needle)
{
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

void deleteTrigrams(void *trigrams)
{
    delete static_cast<std::vector<std::string> *>(trigrams);
}

} // namespace

std::unique_ptr<SqliteSearchTrigrams> SqliteSearchTrigrams::attach(sqlite3 *db)
{
    fts5_api *fts5 = db ? fts5Of(db) : nullptr;
    if (!fts5) {
        qCWarning(lcStorage) << "Search: no FTS5 API; rare words are looked up as phrases";
        return nullptr;
    }
    void *context = nullptr;
    auto api = std::make_unique<fts5_tokenizer>();
    Fts5Tokenizer *tokenizer = nullptr;
    if (fts5->xFindTokenizer(fts5, "trigram", &context, api.get()) != SQLITE_OK ||
        api->xCreate(context, nullptr, 0, &tokenizer) != SQLITE_OK) {
        qCWarning(lcStorage) << "Search: no trigram tokenizer; rare words are looked up as phrases";
        return nullptr;
    }
    std::unique_ptr<SqliteSearchTrigrams> self(
        new SqliteSearchTrigrams(db, context, api.release(), tokenizer));
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

SqliteSearchTrigrams::SqliteSearchTrigrams(sqlite3 *db, void *, fts5_tokenizer *api,
                                           Fts5Tokenizer *tokenizer)
    : m_db(db)
    , m_api(api)
    , m_tokenizer(tokenizer)
{
    m_documentsAge.start();
}

SqliteSearchTrigrams::~SqliteSearchTrigrams()
{
    // The connection outlives the store: take the function (and its pointer to us) away.
    sqlite3_create_function_v2(m_db, kContainsFunction, 2, SQLITE_UTF8, nullptr, nullptr, nullptr,
                               nullptr, nullptr);
    sqlite3_finalize(m_count);
    m_api->xDelete(m_tokenizer);
}

std::vector<std::string> SqliteSearchTrigrams::trigrams(const char *utf8, int bytes,
                                                        int flags) const
{
    std::vector<std::string> out;
    m_api->xTokenize(m_tokenizer, &out, flags, utf8, bytes, collectToken);
    return out;
}

qint64 SqliteSearchTrigrams::documents(const std::string &trigram)
{
    if (m_documentsAge.hasExpired(kDocumentsMaxAgeMs) ||
        m_documents.size() >= kDocumentsMaxEntries) {
        m_documents.clear();
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

QStringList SqliteSearchTrigrams::rarest(const QString &term, int count)
{
    const QByteArray utf8 = term.toUtf8();
    const std::vector<std::string> all =
        trigrams(utf8.constData(), int(utf8.size()), FTS5_TOKENIZE_QUERY);
    const int size = int(all.size());
    if (size <= count)
        return {};
    std::vector<std::pair<qint64, int>> ranked; // (documents, position), rarest first
    for (int i = 0; i < size; ++i) {
        const qint64 documentCount = documents(all[size_t(i)]);
        if (documentCount < 0)
            return {};
        ranked.emplace_back(documentCount, i);
    }
    std::sort(ranked.begin(), ranked.end());
    // Trigrams that share characters (neighbours) occur together: a second one sharing none
    // narrows the candidates far more than the next rarest. Failing that, any other.
    std::vector<int> chosen;
    const auto take = [&](bool apart) {
        for (const auto &[documentCount, at] : ranked) {
            if (int(chosen.size()) == count)
                return;
            const bool usable = std::none_of(chosen.begin(), chosen.end(), [&](int other) {
                return all[size_t(other)] == all[size_t(at)] || (apart && std::abs(other - at) < 3);
            });
            if (usable)
                chosen.push_back(at);
        }
    };
    take(true);
    take(false);
    QStringList out;
    for (int at : chosen)
        out.append(QString::fromStdString(all[size_t(at)]));
    return out;
}

void SqliteSearchTrigrams::contains(sqlite3_context *context, int, sqlite3_value **argv)
{
    auto *self = static_cast<SqliteSearchTrigrams *>(sqlite3_user_data(context));
    const auto *content = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    if (!content) {
        sqlite3_result_int(context, 0);
        return;
    }
    // The term is the same bound value on every row: cut it once per statement.
    std::vector<std::string> cut;
    const auto *needle = static_cast<std::vector<std::string> *>(sqlite3_get_auxdata(context, 1));
    if (!needle) {
        const auto *term = reinterpret_cast<const char *>(sqlite3_value_text(argv[1]));
        cut = self->trigrams(term ? term : "", sqlite3_value_bytes(argv[1]), FTS5_TOKENIZE_QUERY);
        sqlite3_set_auxdata(context, 1, new std::vector<std::string>(cut), deleteTrigrams);
        needle = &cut;
    }
    self->m_scratch.clear();
    self->m_api->xTokenize(self->m_tokenizer, &self->m_scratch, FTS5_TOKENIZE_DOCUMENT, content,
                           sqlite3_value_bytes(argv[0]), collectToken);
    sqlite3_result_int(context, containsRun(self->m_scratch, *needle) ? 1 : 0);
}

} // namespace parley::storage::sql
