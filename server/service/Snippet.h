#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace parley::service {

// A short excerpt of a message around its first match, with where each term occurs in it.
struct Snippet
{
    struct Range
    {
        qsizetype start = 0; // in UTF-16 code units of `text` (JavaScript and Qt string indexes)
        qsizetype length = 0;
        bool operator==(const Range &) const = default;
    };
    QString text;            // "…" marks text cut off at either end
    QList<Range> highlights; // ascending, not overlapping
};

// Case-insensitive occurrences of every term, merged where they overlap; the excerpt is at most
// about maxChars long and starts a little before the first occurrence.
Snippet makeSnippet(const QString &content, const QStringList &terms, qsizetype maxChars = 160);

} // namespace parley::service
