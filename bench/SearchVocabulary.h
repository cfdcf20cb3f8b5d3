#pragma once

#include <QString>
#include <QStringList>

namespace parley::bench {

// The synthetic language of the search benchmark, shared by the seeding tool (parley-seed) and
// the `search` scenario so the queries hit what was seeded. Deterministic: word i is always the
// same. Word frequencies follow a Zipf-like curve (word 0 is the most common).
class SearchVocabulary
{
public:
    static constexpr int kWords = 20000;

    static QString word(int index);
    // Message number n: 6-14 words, some CJK phrases mixed in.
    static QString message(quint64 n);
    // Query number n of the benchmark mix: one word, two words, a partial word, a 2-character
    // CJK term (the LIKE path), and a 3-character CJK term. `kind` gets the mix's name.
    static QString query(quint64 n, QString *kind);
};

} // namespace parley::bench
