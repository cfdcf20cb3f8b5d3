#pragma once

#include <QByteArrayView>

namespace parley::http {

// A "Range: bytes=..." request header against a body of `size` bytes (RFC 9110 14.2). One range
// is served (206); a header that is absent, not "bytes", malformed or asks for several ranges is
// ignored (the whole body, 200), as the RFC allows; a single range that starts past the end is
// unsatisfiable (416).
struct ByteRange
{
    enum class Kind { Whole, Partial, Unsatisfiable };
    Kind kind = Kind::Whole;
    qint64 first = 0; // inclusive
    qint64 last = 0;  // inclusive

    qint64 length() const { return last - first + 1; }
    static ByteRange parse(QByteArrayView header, qint64 size);
};

// Whether an If-None-Match header value matches the strong entity tag (weak comparison).
bool etagMatches(QByteArrayView ifNoneMatch, QByteArrayView etag);

} // namespace parley::http
