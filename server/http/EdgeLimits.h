#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>
#include <memory>

namespace parley::http {

class BodyTaker;
struct RequestHead;

// Bounds enforced on every TCP connection before QtHttpServer sees a byte (it has none of its own
// in Qt 6.4). Defaults suit the JSON API; uploads raise the body cap per path.
struct EdgeLimits
{
    qint64 maxBodyBytes = 1 << 20;    // Content-Length above this -> 413 before reading the body
    int maxHeaderBytes = 16 * 1024;   // request line + headers above this -> 431
    int maxUrlBytes = 8 * 1024;       // request target above this -> 414
    int idleTimeoutMs = 60 * 1000;    // keep-alive connection with no request -> closed
    int requestTimeoutMs = 30 * 1000; // a request (head + body) must arrive within this
    qint64 maxUnsentBytes = 1 << 20;  // answers not yet taken by the client above this: the next
                                      // request waits (a client that pipelines and never reads)
    int closeLingerMs = 2000;         // after a final answer, how long to drain unread input so
                                      // the client reads the answer instead of a reset
    int maxConnectionsPerIp = 256;    // open connections (HTTP and WebSocket) per peer address;
                                      // one more is answered 429 and closed. 0: no cap
    // Optional per-path body cap (e.g. uploads); returns <= 0 for "use maxBodyBytes". `path` is
    // the raw request path as sent (percent-encoded, no query string).
    std::function<qint64(QByteArrayView method, QByteArrayView path)> bodyLimitFor;
    // Optional streaming body consumer (uploads): a taker for this head, or nullptr to let Qt
    // handle the request as usual. See BodyTaker.
    std::function<std::unique_ptr<BodyTaker>(const RequestHead &head)> bodyTakerFor;
};

} // namespace parley::http
