#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace parley::http {

// The parts of a request head the edge decides on.
struct RequestHead
{
    QByteArray method;
    QByteArray target;         // as sent, percent-encoded
    QByteArray path;           // target without query or fragment
    int minorVersion = 1;      // HTTP/1.x
    qint64 contentLength = -1; // -1 when absent; LLONG_MAX when too large to represent
    bool transferEncoding = false;
    bool chunked = false;     // Transfer-Encoding is exactly "chunked" (the only coding allowed)
    QByteArray contentType;   // kept for body takers (uploads)
    QByteArray authorization; // kept for body takers: checked before a body is accepted
    bool connectionClose = false;
    bool connectionKeepAlive = false;
    bool connectionUpgrade = false; // Connection mentions "upgrade" (Qt's own test)
    QByteArray upgrade;             // the Upgrade header
    bool expectContinue = false;

    // The connection ends after this request's answer (Connection: close, or HTTP/1.0 without
    // keep-alive).
    bool wantsClose() const;
    // HTTP/1.0 keep-alive: the answer must say "Connection: keep-alive".
    bool wantsKeepAliveHeader() const;
    // What QtHttpServer 6.4 treats as a WebSocket upgrade.
    bool isWebSocketUpgrade() const;
};

// Splits one connection's byte stream into HTTP/1.x requests exactly where QtHttpServer 6.4
// will (request line, header lines up to an empty line, then Content-Length body bytes; blank
// lines before a request are skipped), enforcing the URL and head size limits on the way. It
// only counts body bytes, so it never holds more than one head.
class RequestFramer
{
public:
    enum class Event {
        NeedMore,        // all of the input was consumed
        HeadComplete,    // head() is ready; the body (if any) follows
        RequestComplete, // head and body are done; requestBytes in the step
        Failed,          // failure() says why; the framer stays failed
    };
    enum class Failure { None, UrlTooLong, HeadTooLarge, Malformed };
    struct Step
    {
        qsizetype consumed = 0;
        Event event = Event::NeedMore;
        qint64 requestBytes = 0; // for RequestComplete: the whole request, leading blank lines too
    };

    RequestFramer(int maxUrlBytes, int maxHeaderBytes);

    // Consumes input up to and including the next event.
    Step advance(QByteArrayView data);
    // Accounts n body bytes the caller skipped without reading them (n <= bodyRemaining()).
    Step skipBody(qint64 n);

    bool inHead() const { return m_state == State::RequestLine || m_state == State::Headers; }
    bool inBody() const { return m_state == State::Body; }
    // A request has started (its first non-blank byte arrived) and is not complete yet.
    bool inRequest() const { return inHead() || inBody(); }
    qint64 bodyRemaining() const { return m_state == State::Body ? m_bodyRemaining : 0; }
    // Bytes of the current, incomplete request seen so far (leading blank lines included).
    qint64 requestBytes() const { return m_requestBytes; }
    const RequestHead &head() const { return m_head; }
    Failure failure() const { return m_failure; }

private:
    enum class State { Idle, RequestLine, Headers, Body, Failed };

    Step fail(Failure failure, qsizetype consumed);
    Failure checkRequestLine(qsizetype lineStart, qsizetype appended);
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);

    int m_maxUrlBytes;
    int m_maxHeaderBytes;
    State m_state = State::Idle;
    Failure m_failure = Failure::None;
    QByteArray m_line;         // the current line of the head
    qint64 m_headBytes = 0;    // head bytes so far (request line + header lines)
    qint64 m_requestBytes = 0; // bytes of this request so far, blank lines before it included
    qint64 m_bodyRemaining = 0;
    static constexpr qsizetype kInMethod = -1;
    static constexpr qsizetype kBeforeTarget = -2;
    qsizetype m_targetStart = kInMethod; // target's offset in m_line, or one of the above
    bool m_targetEnded = false;
    RequestHead m_head;
};

} // namespace parley::http
