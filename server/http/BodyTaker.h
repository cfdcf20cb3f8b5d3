#pragma once

#include "http/HttpReply.h"
#include "http/RequestFramer.h"
#include "protocol/Result.h"

#include <QByteArrayView>

#include <functional>

namespace parley::http {

// Takes a request body from the edge as it arrives, instead of QtHttpServer buffering it whole
// (uploads). EdgeLimits::bodyTakerFor offers one per request head; the edge then checks the size
// cap (413 from Content-Length before reading, or as soon as a chunked body passes it), calls
// begin(), feeds the de-chunked body bytes in order, and writes finish()'s answer with
// "Connection: close". An error from begin() or feed() is answered at once (the rest of the body
// is discarded unread). Runs on the connection's thread; destroyed when the request is over or
// the connection goes, possibly before finish()'s answer arrived (done is then dropped).
class BodyTaker
{
public:
    using Done = std::function<void(HttpReply)>;
    virtual ~BodyTaker() = default;

    // Largest body accepted, in bytes (after de-chunking).
    virtual qint64 maxBodyBytes() const = 0;
    // The head is complete and no body byte was read: refuse here what can be refused early
    // (authentication, content type).
    virtual Status begin(const RequestHead &head) = 0;
    virtual Status feed(QByteArrayView bytes) = 0;
    // The whole body arrived. Calls done exactly once, now or later, on this thread.
    virtual void finish(Done done) = 0;
};

} // namespace parley::http
