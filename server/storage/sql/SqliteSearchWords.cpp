#include "storage/sql/SqliteSearchWords.h"

#include "logging/Logging.h"
#include "storage/sql/SqliteFts5Tokenizer.h"
#include "storage/sql/SqliteSearchStoreIndex.h"
#include "storage/sql/SqliteStatements.h"

#include <sqlite3.h>

#include <algorithm>
#include <string_view>

namespace parley::storage::sql {
namespace {

// The words remembered as stored are dropped when there are more than this (~50 bytes each).
constexpr size_t kMaxKnownWords = 500000;

// The tokenizer's arguments, from the tokenize option of messages_words.
std::vector<QByteArray> tokenizerSpec()
{
    std::vector<QByteArray> parts;
    for (const QByteArray &part : QByteArray(kSqliteWordTokenizer).split(' '))
        parts.push_back(part);
    return parts;
}

// Whether a query term is exactly one token (no separator inside, none skipped at its ends).
struct SingleToken
{
    int bytes = 0;
    int tokens = 0;
    bool whole = false;
    std::string folded;
};

int checkSingleToken(void *context, int, const char *token, int bytes, int start, int end)
{
    auto *check = static_cast<SingleToken *>(context);
    if (++check->tokens == 1) {
        check->whole = start == 0 && end == check->bytes;
        check->folded.assign(token, size_t(bytes));
    }
    return SQLITE_OK;
}

// Words of ASCII digits only (times, amounts, ids: often a new one per message) stay out of the
// vocabulary; a term of digits only is looked up by its trigrams instead.
bool isNumber(std::string_view word)
{
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A JSON array of strings, for json_each(): one bound value however many words.
QByteArray jsonArray(const std::vector<std::string> &words)
{
    QByteArray out("[");
    for (const std::string &word : words) {
        if (out.size() > 1)
            out += ',';
        out += '"';
        for (const char c : word) {
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if ((unsigned char)c < 0x20) {
                out += "\\u00";
                out += "0123456789abcdef"[(unsigned char)c >> 4];
                out += "0123456789abcdef"[c & 0xf];
            } else {
                out += c;
            }
        }
        out += '"';
    }
    out += ']';
    return out;
}

} // namespace

std::unique_ptr<SqliteSearchWords> SqliteSearchWords::attach(SqliteStatements &statements)
{
    const std::vector<QByteArray> spec = tokenizerSpec();
    std::vector<const char *> arguments;
    for (size_t i = 1; i < spec.size(); ++i)
        arguments.push_back(spec[i].constData());
    auto tokenizer =
        SqliteFts5Tokenizer::open(statements.connection(), spec.front().constData(), arguments);
    if (!tokenizer) {
        qCWarning(lcStorage) << "Search: no" << kSqliteWordTokenizer
                             << "tokenizer; the word index cannot be kept";
        return nullptr;
    }
    return std::unique_ptr<SqliteSearchWords>(
        new SqliteSearchWords(statements, std::move(tokenizer)));
}

SqliteSearchWords::SqliteSearchWords(SqliteStatements &statements,
                                     std::unique_ptr<SqliteFts5Tokenizer> tokenizer)
    : m_statements(statements)
    , m_tokenizer(std::move(tokenizer))
{
    sqlite3_rollback_hook(m_statements.connection(), &SqliteSearchWords::forgetOnRollback, this);
}

SqliteSearchWords::~SqliteSearchWords()
{
    sqlite3_rollback_hook(m_statements.connection(), nullptr, nullptr);
}

void SqliteSearchWords::forgetOnRollback(void *self)
{
    static_cast<SqliteSearchWords *>(self)->m_known.clear();
}

Status SqliteSearchWords::notePendingWords()
{
    std::vector<std::string> fresh; // words not known to be stored, each once
    {
        auto pending = m_statements.prepare(sqlitePendingContentSql());
        if (!pending)
            return pending.error();
        while (pending->step()) {
            const std::string_view content = pending->utf8(0);
            m_tokenizer->tokens(content.data(), int(content.size()), FTS5_TOKENIZE_DOCUMENT,
                                m_words);
            for (std::string &word : m_words) {
                if (!isNumber(word) && m_known.insert(word).second)
                    fresh.push_back(std::move(word));
            }
        }
        if (pending->failed()) {
            forgetOnRollback(this); // some were marked known above
            return pending->error();
        }
    }
    if (fresh.empty())
        return {};
    if (auto stored = store(fresh); !stored) {
        forgetOnRollback(this);
        return stored;
    }
    if (m_known.size() > kMaxKnownWords)
        m_known.clear();
    return {};
}

Status SqliteSearchWords::store(const std::vector<std::string> &words)
{
    // One statement for all the words, one for their trigrams: FTS5 writes its pending terms out
    // as a segment whenever a statement with a statement journal begins, so a statement per word
    // made a segment per word (BENCHMARKS.md, "Fifth pass").
    qint64 before = 0;
    {
        auto last = m_statements.prepare("SELECT coalesce(max(id), 0) FROM search_words");
        if (!last)
            return last.error();
        if (!last->step())
            return last->error();
        before = last->integer(0);
    }
    auto insert = m_statements.prepare("INSERT INTO search_words (word) SELECT value FROM "
                                       "json_each(?) WHERE true ON CONFLICT (word) DO NOTHING");
    if (!insert)
        return insert.error();
    insert->bindUtf8(1, jsonArray(words));
    insert->step();
    if (insert->failed())
        return insert->error();
    auto index = m_statements.prepare("INSERT INTO search_words_fts (rowid, word) SELECT id, word "
                                      "FROM search_words WHERE id > ? ORDER BY id");
    if (!index)
        return index.error();
    index->bindInt(1, before);
    index->step();
    if (index->failed())
        return index->error();
    return {};
}

SqliteSearchWords::Expansion SqliteSearchWords::expansion(const QString &term)
{
    const QByteArray utf8 = term.toUtf8();
    SingleToken check;
    check.bytes = int(utf8.size());
    m_tokenizer->tokenize(utf8.constData(), int(utf8.size()), FTS5_TOKENIZE_QUERY, &check,
                          checkSingleToken);
    if (check.tokens != 1 || !check.whole || isNumber(check.folded))
        return {};
    auto words = m_statements.prepare(
        "SELECT word FROM search_words_fts WHERE search_words_fts MATCH ? LIMIT ?");
    if (!words)
        return {};
    // One FTS5 string: the word characters of a single token hold no quote.
    words->bindUtf8(1, '"' + QByteArray::fromStdString(check.folded) + '"');
    words->bindInt(2, kMaxExpansion + 1);
    Expansion found{Expansion::Words, {}};
    while (words->step())
        found.words.append(words->text(0));
    if (words->failed())
        return {};
    if (found.words.size() > kMaxExpansion)
        return {Expansion::Many, {}};
    return found;
}

} // namespace parley::storage::sql
