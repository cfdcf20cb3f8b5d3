#pragma once

// The word index of SqliteSearchStore (migration 11, SqliteSearchStoreIndex.cpp): the vocabulary
// search_words is kept complete here, and a search term is expanded to the vocabulary words that
// contain it.
//
// Writing: before a transaction indexes its pending messages, notePendingWords() cuts their text
// with the tokenizer messages_words uses (FTS5's unicode61, taken from the fts5_api) and inserts
// the words search_words does not hold yet, all in one statement. Words this connection has
// stored are remembered, so a message of known words costs its tokenizing and a hash lookup per
// word; the memory is dropped when a transaction rolls back (the words it inserted are gone).
//
// Words of ASCII digits only are left out (a vocabulary of every time and amount would grow with
// the messages); a term of digits only is never expanded.
//
// Reading: expansion(term) answers the vocabulary words holding `term` (a substring, found
// through search_words_fts, a trigram index) when the term is one word to the tokenizer and few
// words hold it; the messages holding the term are then exactly those holding one of them.

#include "protocol/Result.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace parley::storage::sql {

class SqliteFts5Tokenizer;
class SqliteStatements;

class SqliteSearchWords
{
public:
    // A term held by more vocabulary words than this is not looked up in the word index: the OR
    // of many doclists costs more than its trigrams (BENCHMARKS.md, "Fifth pass").
    static constexpr int kMaxExpansion = 16;

    // Null when FTS5 or its unicode61 tokenizer is missing.
    static std::unique_ptr<SqliteSearchWords> attach(SqliteStatements &statements);
    ~SqliteSearchWords();
    SqliteSearchWords(const SqliteSearchWords &) = delete;
    SqliteSearchWords &operator=(const SqliteSearchWords &) = delete;

    // Adds the words of the messages waiting in messages_fts_pending to search_words.
    Status notePendingWords();

    // How a term of 3 or more characters can be looked up in the word index.
    struct Expansion
    {
        enum Kind {
            Words,    // `words` (as indexed: case-folded) are all that contain it; none: no
                      // indexed message holds the term
            Many,     // one word, in more than kMaxExpansion vocabulary words: a common part
            NotAWord, // separators inside, digits only, or the lookup failed
        };
        Kind kind = NotAWord;
        QStringList words;
    };
    Expansion expansion(const QString &term);

private:
    SqliteSearchWords(SqliteStatements &statements, std::unique_ptr<SqliteFts5Tokenizer> tokenizer);
    // Inserts `words` into search_words (those it lacks) and their trigrams into search_words_fts.
    Status store(const std::vector<std::string> &words);
    static void forgetOnRollback(void *self);

    SqliteStatements &m_statements;
    std::unique_ptr<SqliteFts5Tokenizer> m_tokenizer;
    std::unordered_set<std::string> m_known; // in search_words, as far as this connection knows
    std::vector<std::string> m_words;        // one message's words, reused
};

} // namespace parley::storage::sql
