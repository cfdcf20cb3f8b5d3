#include "SearchVocabulary.h"

#include <QRandomGenerator>

#include <cmath>

namespace parley::bench {
namespace {

const char *const kSyllables[] = {"ka",  "lo",  "mi",  "ten", "ru",  "sha", "vo",  "pel",
                                  "dri", "na",  "qua", "zo",  "bex", "fi",  "gar", "hu",
                                  "jet", "mor", "nix", "op",  "plu", "ris", "sel", "tor"};
constexpr int kSyllableCount = int(sizeof(kSyllables) / sizeof(kSyllables[0]));
const QString kCjk = QStringLiteral("東京大阪配送注文確認返品交換支払請求書発送予定到着遅延");

// Zipf-like rank: small indexes are much more likely.
int zipfIndex(QRandomGenerator &rng, int n)
{
    const double u = rng.generateDouble();
    return qMin(n - 1, int(std::pow(double(n), u)) - 1);
}

} // namespace

QString SearchVocabulary::word(int index)
{
    QString w;
    int i = index;
    do {
        w += QLatin1StringView(kSyllables[i % kSyllableCount]);
        i /= kSyllableCount;
    } while (i > 0);
    return w + QString::number(index % 7); // distinct, 3+ characters
}

QString SearchVocabulary::message(quint64 n)
{
    QRandomGenerator rng(quint32(n * 2654435761u + 17));
    const int count = 6 + rng.bounded(9);
    QStringList words;
    for (int i = 0; i < count; ++i)
        words << word(zipfIndex(rng, kWords));
    if (rng.bounded(4) == 0) {
        const int at = rng.bounded(int(kCjk.size() - 4));
        words.insert(rng.bounded(int(words.size())), kCjk.mid(at, 2 + rng.bounded(3)));
    }
    return words.join(u' ');
}

QString SearchVocabulary::query(quint64 n, QString *kind)
{
    QRandomGenerator rng(quint32(n * 40503u + 7));
    switch (n % 5) {
    case 0:
        *kind = QStringLiteral("one word");
        return word(zipfIndex(rng, kWords));
    case 1:
        *kind = QStringLiteral("two words");
        return word(zipfIndex(rng, kWords)) + u' ' + word(zipfIndex(rng, kWords));
    case 2:
        *kind = QStringLiteral("partial word");
        return word(zipfIndex(rng, kWords)).left(4);
    case 3:
        *kind = QStringLiteral("CJK 2 chars (LIKE)");
        return kCjk.mid(rng.bounded(int(kCjk.size() - 2)), 2);
    default:
        *kind = QStringLiteral("CJK 3 chars");
        return kCjk.mid(rng.bounded(int(kCjk.size() - 3)), 3);
    }
}

} // namespace parley::bench
