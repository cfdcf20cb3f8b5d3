#include "storage/sql/SqliteFts5Tokenizer.h"

#include <sqlite3.h>

namespace parley::storage::sql {
namespace {

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

} // namespace

std::unique_ptr<SqliteFts5Tokenizer>
SqliteFts5Tokenizer::open(sqlite3 *db, const char *name, const std::vector<const char *> &arguments)
{
    fts5_api *fts5 = db ? fts5Of(db) : nullptr;
    if (!fts5)
        return nullptr;
    void *context = nullptr;
    auto api = std::make_unique<fts5_tokenizer>();
    if (fts5->xFindTokenizer(fts5, name, &context, api.get()) != SQLITE_OK)
        return nullptr;
    Fts5Tokenizer *tokenizer = nullptr;
    std::vector<const char *> copy = arguments; // xCreate takes a non-const array
    if (api->xCreate(context, copy.data(), int(copy.size()), &tokenizer) != SQLITE_OK)
        return nullptr;
    return std::unique_ptr<SqliteFts5Tokenizer>(new SqliteFts5Tokenizer(std::move(api), tokenizer));
}

SqliteFts5Tokenizer::SqliteFts5Tokenizer(std::unique_ptr<fts5_tokenizer> api,
                                         Fts5Tokenizer *tokenizer)
    : m_api(std::move(api))
    , m_tokenizer(tokenizer)
{}

SqliteFts5Tokenizer::~SqliteFts5Tokenizer()
{
    m_api->xDelete(m_tokenizer);
}

void SqliteFts5Tokenizer::tokenize(const char *utf8, int bytes, int flags, void *context,
                                   TokenCallback callback) const
{
    m_api->xTokenize(m_tokenizer, context, flags, utf8, bytes, callback);
}

void SqliteFts5Tokenizer::tokens(const char *utf8, int bytes, int flags,
                                 std::vector<std::string> &out) const
{
    out.clear();
    tokenize(utf8, bytes, flags, &out, collectToken);
}

} // namespace parley::storage::sql
