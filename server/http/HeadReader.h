#pragma once

#include "http/EdgeLimits.h"
#include "http/RequestFramer.h"

#include <QByteArray>
#include <QHostAddress>
#include <QSocketNotifier>

#include <utility>

namespace parley::http {

// A new plain-TCP connection held on its bare descriptor until its first request head is
// complete. A QTcpSocket, its 16 KiB read-buffer chunk, the guard's timers and QtHttpServer's
// per-connection request object cost ~10 KiB per connection; a client that sends its head one
// byte at a time (slowloris), or nothing at all, costs this object (~1 KiB) instead. Once the
// head is complete, or framing failed, or the deadline passed, GuardedTcpServer hands the
// descriptor and the bytes read so far to a QTcpSocket and the usual guard, which frames them
// again and answers (or times out) as for any connection.
class HeadReader
{
public:
    enum class State {
        Waiting, // the head is not complete yet
        Ready,   // hand it over: a complete head, a framing failure, or bytes past the head
        Gone,    // the peer closed or the connection failed: drop it
    };

    HeadReader(qintptr descriptor, QHostAddress peer, const EdgeLimits &limits, qint64 nowMs);
    ~HeadReader(); // closes the descriptor unless it was released
    HeadReader(const HeadReader &) = delete;
    HeadReader &operator=(const HeadReader &) = delete;

    // Reads what the kernel holds for this connection (never blocks). While closing, input is
    // read and dropped until the peer closes.
    State read(qint64 nowMs);
    // When the request must be answered 408 (it started), the connection closed (idle), or the
    // lingering after an answer ends.
    qint64 deadlineMs() const;
    // Writes `answer` (a final one, small enough for an empty send buffer), half-closes, and
    // drains input until the peer closes or lingerMs pass, so it reads the answer, not a reset.
    void answerAndClose(const QByteArray &answer, qint64 nowMs, int lingerMs);
    bool closing() const { return m_closing; }
    // A request has started (a non-blank byte arrived).
    bool inRequest() const { return m_framer.inRequest(); }
    // When it started (valid while inRequest()).
    qint64 requestStartedMs() const { return m_requestDeadlineMs - m_requestTimeoutMs; }

    qintptr descriptor() const { return m_descriptor; }
    const QHostAddress &peer() const { return m_peer; }
    QSocketNotifier &notifier() { return m_notifier; }
    // Hands the descriptor over; the destructor no longer closes it.
    qintptr release();
    // The bytes read so far (of the request that started), for the socket that takes over.
    QByteArray takeBytes() { return std::exchange(m_bytes, {}); }

private:
    qintptr m_descriptor;
    QHostAddress m_peer;
    RequestFramer m_framer;
    QByteArray m_bytes;
    qint64 m_idleDeadlineMs;
    qint64 m_requestTimeoutMs;
    qint64 m_requestDeadlineMs = 0; // set when the request starts
    qint64 m_lingerDeadlineMs = 0;
    bool m_closing = false;
    QSocketNotifier m_notifier;
};

} // namespace parley::http
