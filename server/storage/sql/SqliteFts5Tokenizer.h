#pragma once

// One of FTS5's tokenizers (trigram, unicode61, ...) opened through the fts5_api of a
// connection, to cut text in C++ exactly as an FTS5 table with that tokenizer does: the search
// store cuts terms and candidate rows with the trigram tokenizer, and message text with
// unicode61 to keep the word vocabulary complete.

#include <memory>
#include <string>
#include <vector>

struct sqlite3;
struct fts5_tokenizer;
struct Fts5Tokenizer;

namespace parley::storage::sql {

class SqliteFts5Tokenizer
{
public:
    // One token as FTS5's xToken callback gives it: the token's bytes (folded as the tokenizer
    // folds), and where it starts and ends in the text, in bytes.
    using TokenCallback = int (*)(void *context, int flags, const char *token, int bytes, int start,
                                  int end);

    // Null when the connection has no FTS5 or no such tokenizer (logged by the caller).
    // `arguments` as in a CREATE VIRTUAL TABLE's tokenize option, after the name.
    static std::unique_ptr<SqliteFts5Tokenizer> open(sqlite3 *db, const char *name,
                                                     const std::vector<const char *> &arguments);
    ~SqliteFts5Tokenizer();
    SqliteFts5Tokenizer(const SqliteFts5Tokenizer &) = delete;
    SqliteFts5Tokenizer &operator=(const SqliteFts5Tokenizer &) = delete;

    // Cuts `utf8` (FTS5_TOKENIZE_QUERY or _DOCUMENT in `flags`), calling `callback` per token.
    void tokenize(const char *utf8, int bytes, int flags, void *context,
                  TokenCallback callback) const;
    // The tokens' bytes, in order, into `out` (cleared first).
    void tokens(const char *utf8, int bytes, int flags, std::vector<std::string> &out) const;

private:
    SqliteFts5Tokenizer(std::unique_ptr<fts5_tokenizer> api, Fts5Tokenizer *tokenizer);
    std::unique_ptr<fts5_tokenizer> m_api;
    Fts5Tokenizer *m_tokenizer;
};

} // namespace parley::storage::sql
