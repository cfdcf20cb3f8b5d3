#pragma once

#include "http/HttpReply.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace parley::http {

// How an answer relates to its connection and request.
struct ResponseOptions
{
    bool closeConnection = false; // "Connection: close", the connection ends after this answer
    bool keepAliveHeader = false; // HTTP/1.0 client that asked for keep-alive
    bool headRequest = false;     // HEAD: headers as for GET, no body
    bool tls = false;             // served over TLS: Strict-Transport-Security
};

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Every header an answer carries: Content-Type, Content-Length, the security headers of a JSON
// API (X-Content-Type-Options, X-Frame-Options, Content-Security-Policy, Referrer-Policy, and
// Strict-Transport-Security under TLS), Cache-Control: no-store (JSON), Connection, then the
// reply's own. Headers a handler set that would break
// the framing (CR/LF in a name or value) are dropped.
HeaderList responseHeaders(const HttpReply &reply, const ResponseOptions &options);

// Whether the status allows a body at all (1xx, 204 and 304 do not).
bool statusHasBody(int status);

// The whole answer as bytes, for answers the edge writes itself (no QHttpServerResponder).
QByteArray encodeResponse(const HttpReply &reply, const ResponseOptions &options);

} // namespace parley::http
