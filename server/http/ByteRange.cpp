#include "http/ByteRange.h"

#include <QByteArray>
#include <QList>

namespace parley::http {
namespace {

// Digits only; -1 otherwise (or when too long to matter).
qint64 number(QByteArrayView s)
{
    if (s.isEmpty() || s.size() > 18)
        return -1;
    qint64 n = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

} // namespace

ByteRange ByteRange::parse(QByteArrayView header, qint64 size)
{
    ByteRange whole;
    whole.last = size - 1;
    header = header.trimmed();
    if (!header.startsWith("bytes="))
        return whole;
    const QByteArrayView spec = header.sliced(6).trimmed();
    if (spec.contains(','))
        return whole; // several ranges: the whole body instead of multipart/byteranges
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return whole;
    const QByteArrayView from = spec.first(dash).trimmed();
    const QByteArrayView to = spec.sliced(dash + 1).trimmed();
    ByteRange range;
    range.kind = Kind::Partial;
    if (from.isEmpty()) { // "-N": the last N bytes
        const qint64 suffix = number(to);
        if (suffix < 0)
            return whole;
        if (suffix == 0 || size == 0)
            return {Kind::Unsatisfiable, 0, 0};
        range.first = qMax<qint64>(0, size - suffix);
        range.last = size - 1;
        return range;
    }
    const qint64 first = number(from);
    const qint64 last = to.isEmpty() ? qMax(first, size - 1) : number(to);
    if (first < 0 || last < 0 || last < first)
        return whole;
    if (first >= size)
        return {Kind::Unsatisfiable, 0, 0};
    range.first = first;
    range.last = qMin(last, size - 1);
    return range;
}

bool etagMatches(QByteArrayView ifNoneMatch, QByteArrayView etag)
{
    const QList<QByteArray> tags = ifNoneMatch.toByteArray().split(',');
    for (QByteArray tag : tags) {
        tag = tag.trimmed();
        if (tag.startsWith("W/"))
            tag = tag.mid(2);
        if (tag == "*" || tag == etag)
            return true;
    }
    return false;
}

} // namespace parley::http
