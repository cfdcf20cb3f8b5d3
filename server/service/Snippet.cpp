#include "service/Snippet.h"

#include <algorithm>

namespace parley::service {
namespace {

constexpr qsizetype kLeadChars = 40; // context shown before the first match
const QString kEllipsis = QStringLiteral("\u2026");

// Moves an index off the second half of a surrogate pair.
qsizetype snap(const QString &s, qsizetype i)
{
    if (i > 0 && i < s.size() && s.at(i).isLowSurrogate())
        --i;
    return i;
}

} // namespace

Snippet makeSnippet(const QString &content, const QStringList &terms, qsizetype maxChars)
{
    QList<Snippet::Range> found;
    for (const QString &term : terms) {
        if (term.isEmpty())
            continue;
        for (qsizetype at = content.indexOf(term, 0, Qt::CaseInsensitive); at >= 0;
             at = content.indexOf(term, at + term.size(), Qt::CaseInsensitive))
            found.append({at, term.size()});
    }
    std::sort(found.begin(), found.end(),
              [](const auto &a, const auto &b) { return a.start < b.start; });
    QList<Snippet::Range> merged;
    for (const Snippet::Range &r : std::as_const(found)) {
        if (!merged.isEmpty() && r.start <= merged.back().start + merged.back().length) {
            Snippet::Range &last = merged.back();
            last.length = qMax(last.start + last.length, r.start + r.length) - last.start;
        } else {
            merged.append(r);
        }
    }

    const qsizetype first = merged.isEmpty() ? 0 : merged.front().start;
    qsizetype start = snap(content, qMax<qsizetype>(0, first - kLeadChars));
    qsizetype end = snap(content, qMin(content.size(), start + maxChars));
    if (end - start < maxChars) // near the end: show more before instead
        start = snap(content, qMax<qsizetype>(0, end - maxChars));

    Snippet snippet;
    const QString prefix = start > 0 ? kEllipsis : QString();
    snippet.text =
        prefix + content.mid(start, end - start) + (end < content.size() ? kEllipsis : QString());
    for (const Snippet::Range &r : std::as_const(merged)) {
        const qsizetype from = qMax(r.start, start);
        const qsizetype to = qMin(r.start + r.length, end);
        if (from < to)
            snippet.highlights.append({from - start + prefix.size(), to - from});
    }
    return snippet;
}

} // namespace parley::service
