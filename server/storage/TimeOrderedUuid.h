#pragma once

#include <QString>

namespace parley::storage {

// A version 7 UUID (RFC 9562): the first 48 bits are the milliseconds since the epoch, so ids made
// later sort later, and a new row's key lands at the end of its index instead of a random page of
// it (a random UUID dirtied one more page of the messages' primary key index per message, written
// to the WAL at every commit). Within one millisecond a 12-bit counter keeps the order (a random
// start, so ids of two processes do not line up); the last 62 bits are random. Lowercase, with
// dashes, like QUuid::toString(QUuid::WithoutBraces).
QString timeOrderedUuid(qint64 nowMs);

} // namespace parley::storage
