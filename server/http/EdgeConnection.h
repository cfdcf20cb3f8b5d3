#pragma once

#include "http/BodyTaker.h"
#include "http/ChunkedDecoder.h"
#include "http/EdgeLimits.h"
#include "http/RequestFramer.h"
#include "protocol/Result.h"

#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QIODevice;
class QTcpSocket;
QT_END_NAMESPACE

namespace parley::http {

// The guard of one TCP connection, a child of its socket. QtHttpServer 6.4 parses whatever the
// socket holds and has no limits, so this object decides what Qt may see:
//
// - Its readyRead slot runs before Qt's (it is connected first). Bytes of a request that is not
//   complete yet are hidden from Qt inside a read transaction of ours (Qt reads nothing); once
//   the framer has a whole, valid request at the front, the transaction is rolled back and Qt
//   parses exactly that request (it stops at the end of one request per readyRead).
// - Limits (EdgeLimits) are checked on the head as it streams in: 414, 431, 411, 413, 400 and,
//   from a timer, 408 are answered here as JSON with "Connection: close", after which Qt is cut
//   off, the rest of the input is discarded and the socket closes (lingering, so the client
//   reads the answer rather than a reset).
// - Answers are written in request order (pipelining), whatever order handlers finish in. While
//   32 answers are owed, or more than maxUnsentBytes of them wait for the client to read, the
//   next request is held back (and the connection closes if the client reads nothing for
//   idleTimeoutMs).
// - Connection: close and HTTP/1.0 (without keep-alive) end the connection after their answer.
// - Idle keep-alive connections close after idleTimeoutMs; a WebSocket upgrade detaches the
//   guard (timers stop, the socket belongs to Qt's WebSocket server from then on).
//
// - Streaming uploads: when EdgeLimits::bodyTakerFor offers a BodyTaker for a head, the request
//   never reaches Qt. Once every earlier request was handed to Qt, Qt is cut off and the body
//   (Content-Length or chunked) is read here in small pieces and fed to the taker, bounded by
//   its cap (413 up front from Content-Length, or as soon as a chunked body passes it), with an
//   inactivity timeout instead of the whole-request one. Its answer takes the request's place
//   in the answer order and closes the connection.
// - Streamed answers (HttpReply::stream, file downloads) are written in pieces as the client
//   reads them; later answers wait until the stream is done.
class EdgeConnection : public QObject
{
    Q_OBJECT
public:
    // What ApiServer learns about the request Qt hands it.
    struct Ticket
    {
        quint64 seq = 0;              // position among this connection's answers
        bool closeAfter = false;      // answer with "Connection: close", then close
        bool keepAliveHeader = false; // HTTP/1.0 keep-alive: answer with "Connection: keep-alive"
        bool awaitingUpgrade = false; // the guard stopped reading, expecting a WebSocket upgrade
    };
    using Writer = std::function<void(QTcpSocket *socket)>;

    EdgeConnection(QTcpSocket *socket, std::shared_ptr<const EdgeLimits> limits);
    ~EdgeConnection() override;

    // The guard of a socket accepted by GuardedTcpServer, else nullptr.
    static EdgeConnection *of(QTcpSocket *socket);

    // Qt is handling the next request (call once per handleRequest, in order).
    Ticket takeDispatched();
    // The answer for seq is ready; write() runs when every earlier answer has been written.
    void complete(quint64 seq, Writer write);
    // The request was upgraded to a WebSocket: stop timers, stop watching the socket, and go.
    void detachForWebSocket();
    // The request the guard took for an upgrade was handled as plain HTTP: read on.
    void resumeFraming();
    // Answers `status` with `error` before any request is read, then closes (like a limit
    // violation). For connections refused outright, e.g. too many from one address.
    void refuse(int status, Error error);
    // The first request started `elapsedMs` before this guard existed (its head was read by a
    // HeadReader): its timeout counts from then.
    void creditFirstRequest(qint64 elapsedMs);
    // Like complete(), for an answer whose body streams from reply.stream after `head`.
    void completeStreamed(quint64 seq, QByteArray head, std::shared_ptr<QIODevice> stream,
                          qint64 length);

private:
    enum class StopReason { None, CloseAfter, Violation, AwaitUpgrade, Taken };
    struct Pending // a complete request Qt has not handled yet
    {
        quint64 seq = 0;
        qint64 bytes = 0;
        bool closeAfter = false;
        bool keepAliveHeader = false;
        bool upgrade = false;
    };
    struct Slot // an answer owed to the client
    {
        bool ready = false;
        bool closeAfter = false;
        Writer write;
        std::shared_ptr<QIODevice> stream; // body pieces written after `write`
        qint64 streamLength = 0;
    };
    struct Violation
    {
        int status = 400;
        Error error;
    };

    void onReadyRead();
    void scan();
    void handleStep(const RequestFramer::Step &step);
    void onHeadComplete();
    void onRequestComplete(qint64 bytes);
    void setViolation(int status, Error error);
    void raiseViolation();
    void stopFraming(StopReason reason);
    void maybeCutOff();
    void cutOff();
    void discardInput();
    void kickReadNotifier();
    quint64 allocateSlot(bool closeAfter);
    void flush();
    void startClosing();
    void shutdownWrite();
    qint64 unsentBytes() const;
    bool allWritten();
    void updateTimers();
    void onIdleTimeout();
    void onBytesWritten();
    bool mustHoldBack() const;
    void maybeResume();
    void onRequestTimeout();
    void growReadBuffer(qint64 needed);
    qint64 bodyCapFor(const RequestHead &head) const;
    void offerToTaker(std::unique_ptr<BodyTaker> taker);
    void startTaking();
    void feedTaker();
    bool takeBody(QByteArrayView bytes);
    void bodyTaken();
    void answerTaken(HttpReply reply);
    void failTaking(int status, const Error &error);
    bool pumpStream(); // true when the current stream is done

    QTcpSocket *m_socket;
    std::shared_ptr<const EdgeLimits> m_limits;
    RequestFramer m_framer;
    QString m_peer;

    qint64 m_scannedUnread = 0; // bytes at the front of the socket's unread data already framed
    bool m_hiding = false;      // our read transaction is open (Qt sees no bytes)
    bool m_framingStopped = false;
    StopReason m_stopReason = StopReason::None;
    std::optional<Violation> m_violation;
    bool m_cutOff = false;   // Qt no longer reads this socket; input is discarded
    bool m_closing = false;  // the final answer is written; waiting for the socket to close
    bool m_detached = false; // upgraded to a WebSocket
    bool m_shutdownPending = false;
    bool m_heldBack = false; // complete requests wait: too many answers owed or unread
    qint64 m_readBufferCap = 0;

    std::deque<Pending> m_undispatched;
    std::map<quint64, Slot> m_slots;
    quint64 m_nextSeq = 0;
    quint64 m_nextWrite = 0;

    // Streaming upload (BodyTaker)
    std::unique_ptr<BodyTaker> m_taker;
    ChunkedDecoder m_chunked;
    bool m_takerChunked = false;
    bool m_taking = false;       // Qt is cut off; body bytes go to the taker
    bool m_takerDone = false;    // the body is over (or refused); the answer is owed or written
    qint64 m_takerRemaining = 0; // Content-Length bytes still to read
    qint64 m_takerCap = 0;
    qint64 m_takerBytes = 0;
    quint64 m_takerSeq = 0;

    // Streamed answer being written
    std::shared_ptr<QIODevice> m_stream;
    qint64 m_streamRemaining = 0;
    bool m_streamCloseAfter = false;

    QTimer m_idleTimer;
    QTimer m_requestTimer;
    QTimer m_lingerTimer;
    QTimer m_writeStallTimer;
};

} // namespace parley::http
