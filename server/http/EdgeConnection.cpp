#include "http/EdgeConnection.h"

#include "http/HttpReply.h"
#include "http/ResponseHead.h"
#include "logging/Logging.h"

#include <QIODevice>
#include <QPointer>
#include <QTcpSocket>

#ifndef QT_NO_SSL
#include <QSslSocket>
#endif

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace parley::http {
namespace {

constexpr qint64 kPeekChunk = 16 * 1024;
constexpr qint64 kReadBufferSlack = 16 * 1024;
// Requests handed to Qt whose answers are not written yet. Pipelined answers are written in order,
// so finished ones wait in m_slots behind a slow one: this bounds that, and the handler work one
// connection can start.
constexpr std::size_t kMaxInFlight = 32;
// Upload bodies and streamed answers move in pieces of this size; a streamed answer keeps at
// most kStreamHighWater bytes queued in the socket.
constexpr qint64 kPieceBytes = 64 * 1024;
constexpr qint64 kStreamHighWater = 256 * 1024;

} // namespace

EdgeConnection::EdgeConnection(QTcpSocket *socket, std::shared_ptr<const EdgeLimits> limits)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(std::move(limits))
    , m_framer(m_limits->maxUrlBytes, m_limits->maxHeaderBytes)
    , m_peer(socket->peerAddress().toString())
{
    // The transaction that holds a request until it is complete counts against this cap, so it
    // must fit one whole request; growReadBuffer() raises it for larger per-path body caps.
    growReadBuffer(m_limits->maxHeaderBytes + m_limits->maxBodyBytes + kReadBufferSlack);

    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_limits->idleTimeoutMs);
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(m_limits->requestTimeoutMs);
    m_lingerTimer.setSingleShot(true);
    m_lingerTimer.setInterval(m_limits->closeLingerMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &EdgeConnection::onIdleTimeout);
    connect(&m_requestTimer, &QTimer::timeout, this, &EdgeConnection::onRequestTimeout);
    connect(&m_lingerTimer, &QTimer::timeout, m_socket, &QAbstractSocket::abort);
    m_writeStallTimer.setSingleShot(true);
    m_writeStallTimer.setInterval(m_limits->idleTimeoutMs);
    connect(&m_writeStallTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcEdge).noquote() << m_peer << "does not read its answers; closing";
        m_socket->abort();
    });

    connect(m_socket, &QIODevice::readyRead, this, &EdgeConnection::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, &EdgeConnection::onBytesWritten);
#ifndef QT_NO_SSL
    // Under TLS, bytesWritten means "encrypted"; the bytes reach the network later.
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, &EdgeConnection::onBytesWritten);
#endif
    updateTimers();
}

EdgeConnection::~EdgeConnection() = default;

EdgeConnection *EdgeConnection::of(QTcpSocket *socket)
{
    return socket ? socket->findChild<EdgeConnection *>(QString(), Qt::FindDirectChildrenOnly)
                  : nullptr;
}

void EdgeConnection::onReadyRead()
{
    if (m_detached)
        return;
    if (m_taking && !m_takerDone) {
        feedTaker();
        return;
    }
    if (m_cutOff || m_taking) {
        discardInput();
        return;
    }
    if (!m_hiding) {
        if (m_socket->isTransactionStarted()) {
            // Only Qt opens one besides us, and it only ever gets whole requests: we lost track.
            qCWarning(lcEdge).noquote() << m_peer << "unexpected read transaction; closing";
            m_socket->abort();
            return;
        }
        m_socket->startTransaction();
        m_hiding = true;
        if (m_scannedUnread > 0 && m_socket->skip(m_scannedUnread) != m_scannedUnread) {
            qCWarning(lcEdge).noquote() << m_peer << "lost track of framed bytes; closing";
            m_socket->abort();
            return;
        }
    }
    if (!m_framingStopped)
        scan();
    if (m_violation)
        raiseViolation();
    if (m_cutOff || m_detached)
        return;
    if (m_stopReason == StopReason::Taken && m_undispatched.empty()) {
        startTaking();
        return;
    }

    if (!m_undispatched.empty() && mustHoldBack()) {
        // Too many answers owed, or the client is not reading them: keep the next request
        // hidden, like a partial one, until maybeResume() sees the backlog shrink.
        m_heldBack = true;
        if (m_socket->bytesToWrite() > m_limits->maxUnsentBytes && !m_writeStallTimer.isActive())
            m_writeStallTimer.start();
    } else if (!m_undispatched.empty()) {
        // A whole request is at the front: let Qt's slot, which runs right after this one,
        // parse it. Qt parses one request per readyRead and re-queues one for the rest.
        m_socket->rollbackTransaction();
        m_hiding = false;
    } else if (m_socket->bytesAvailable() == 0) {
        kickReadNotifier();
    }
    maybeCutOff();
    updateTimers();
}

// Frames the bytes after our transaction's position. Heads are peeked and skipped, bodies only
// skipped, so the position always equals the framed byte count.
void EdgeConnection::scan()
{
    while (!m_framingStopped) {
        const qint64 available = m_socket->bytesAvailable();
        if (available <= 0)
            return;
        if (m_framer.inBody() && m_framer.bodyRemaining() > 0) {
            const qint64 skipped = m_socket->skip(qMin(available, m_framer.bodyRemaining()));
            if (skipped <= 0)
                return;
            m_scannedUnread += skipped;
            handleStep(m_framer.skipBody(skipped));
            continue;
        }
        const QByteArray chunk = m_socket->peek(qMin(available, kPeekChunk));
        if (chunk.isEmpty())
            return;
        const QByteArrayView view(chunk);
        qsizetype used = 0;
        while (!m_framingStopped) {
            const RequestFramer::Step step = m_framer.advance(view.sliced(used));
            used += step.consumed;
            if (step.event == RequestFramer::Event::NeedMore)
                break;
            handleStep(step);
        }
        m_socket->skip(used);
        m_scannedUnread += used;
    }
}

void EdgeConnection::handleStep(const RequestFramer::Step &step)
{
    switch (step.event) {
    case RequestFramer::Event::NeedMore:
        break;
    case RequestFramer::Event::HeadComplete:
        onHeadComplete();
        break;
    case RequestFramer::Event::RequestComplete:
        onRequestComplete(step.requestBytes);
        break;
    case RequestFramer::Event::Failed:
        switch (m_framer.failure()) {
        case RequestFramer::Failure::UrlTooLong:
            setViolation(414, Error::badRequest(QStringLiteral("Request URL is too long")));
            break;
        case RequestFramer::Failure::HeadTooLarge:
            setViolation(431, Error::badRequest(QStringLiteral("Request headers are too large")));
            break;
        default:
            setViolation(400, Error::badRequest(QStringLiteral("Malformed request")));
            break;
        }
        break;
    }
}

qint64 EdgeConnection::bodyCapFor(const RequestHead &head) const
{
    if (m_limits->bodyLimitFor) {
        const qint64 cap = m_limits->bodyLimitFor(head.method, head.path);
        if (cap > 0)
            return cap;
    }
    return m_limits->maxBodyBytes;
}

void EdgeConnection::onHeadComplete()
{
    const RequestHead &head = m_framer.head();
    if (m_limits->bodyTakerFor) {
        if (std::unique_ptr<BodyTaker> taker = m_limits->bodyTakerFor(head)) {
            offerToTaker(std::move(taker));
            return;
        }
    }
    if (head.transferEncoding) {
        setViolation(411, Error::badRequest(QStringLiteral("Content-Length required")));
        return;
    }
    const qint64 cap = bodyCapFor(head);
    if (head.contentLength > cap) {
        setViolation(413, {ErrorCode::PayloadTooLarge,
                           QStringLiteral("Request body is larger than %1 bytes").arg(cap),
                           {}});
        return;
    }
    if (head.contentLength > 0) {
        growReadBuffer(m_framer.requestBytes() + head.contentLength + m_limits->maxHeaderBytes);
        // Only when no earlier answer is owed: an interim answer must not overtake one.
        if (head.expectContinue && m_slots.empty() && m_undispatched.empty())
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
}

void EdgeConnection::onRequestComplete(qint64 bytes)
{
    const RequestHead &head = m_framer.head();
    Pending pending;
    pending.closeAfter = head.wantsClose();
    pending.seq = allocateSlot(pending.closeAfter);
    pending.bytes = bytes;
    pending.keepAliveHeader = head.wantsKeepAliveHeader();
    pending.upgrade = head.isWebSocketUpgrade();
    m_undispatched.push_back(pending);
    m_requestTimer.stop(); // the next request gets its own full timeout
    m_requestTimer.setInterval(m_limits->requestTimeoutMs);
    if (pending.closeAfter)
        stopFraming(StopReason::CloseAfter);
    else if (pending.upgrade)
        stopFraming(StopReason::AwaitUpgrade); // what follows is WebSocket data, or nothing
}

void EdgeConnection::setViolation(int status, Error error)
{
    m_violation = Violation{status, std::move(error)};
    stopFraming(StopReason::Violation);
}

void EdgeConnection::raiseViolation()
{
    const Violation violation = *m_violation;
    m_violation.reset();
    qCInfo(lcEdge).noquote() << m_peer << violation.status << violation.error.message;
    HttpReply reply = HttpReply::error(violation.error);
    reply.status = violation.status;
    ResponseOptions options;
    options.closeConnection = true;
#ifndef QT_NO_SSL
    options.tls = qobject_cast<QSslSocket *>(m_socket) != nullptr;
#endif
    const QByteArray bytes = encodeResponse(reply, options);
    const quint64 seq = allocateSlot(true);
    maybeCutOff();
    complete(seq, [bytes](QTcpSocket *socket) { socket->write(bytes); });
}

void EdgeConnection::refuse(int status, Error error)
{
    setViolation(status, std::move(error));
    raiseViolation();
}

void EdgeConnection::creditFirstRequest(qint64 elapsedMs)
{
    m_requestTimer.setInterval(int(qMax<qint64>(1, m_limits->requestTimeoutMs - elapsedMs)));
    if (m_requestTimer.isActive())
        m_requestTimer.start();
}

void EdgeConnection::stopFraming(StopReason reason)
{
    m_framingStopped = true;
    m_stopReason = reason;
    m_requestTimer.stop();
}

void EdgeConnection::resumeFraming()
{
    if (m_stopReason != StopReason::AwaitUpgrade)
        return;
    m_framingStopped = false;
    m_stopReason = StopReason::None;
    updateTimers();
}

// Once nothing Qt still has to parse precedes the point where we stopped framing, Qt is cut off
// so it never reads the offending (or unwanted) bytes.
void EdgeConnection::maybeCutOff()
{
    if (m_cutOff || !m_framingStopped || m_stopReason == StopReason::AwaitUpgrade ||
        !m_undispatched.empty())
        return;
    if (m_stopReason == StopReason::Taken) {
        startTaking();
        return;
    }
    cutOff();
}

void EdgeConnection::cutOff()
{
    m_cutOff = true;
    QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    connect(m_socket, &QIODevice::readyRead, this, &EdgeConnection::onReadyRead);
    if (m_hiding) {
        m_socket->commitTransaction();
        m_hiding = false;
    }
    discardInput();
    updateTimers();
}

void EdgeConnection::discardInput()
{
    while (m_socket->bytesAvailable() > 0) {
        if (m_socket->skip(m_socket->bytesAvailable()) <= 0)
            break;
    }
    kickReadNotifier();
}

// With a capped read buffer, QAbstractSocket stops reading the network when the buffer is full
// and only resumes once a read comes up short. Reading past the end (nothing is consumed:
// callers make sure no bytes are available) is that short read.
void EdgeConnection::kickReadNotifier()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState || m_socket->bytesAvailable() > 0)
        return;
    char c;
    m_socket->read(&c, 1);
}

void EdgeConnection::growReadBuffer(qint64 needed)
{
    if (needed <= m_readBufferCap)
        return;
    m_readBufferCap = needed;
    m_socket->setReadBufferSize(needed);
}

EdgeConnection::Ticket EdgeConnection::takeDispatched()
{
    Ticket ticket;
    if (m_undispatched.empty()) {
        qCWarning(lcEdge).noquote()
            << m_peer << "Qt parsed a request the guard did not frame; closing";
        ticket.closeAfter = true;
        ticket.seq = allocateSlot(true);
        stopFraming(StopReason::CloseAfter);
        maybeCutOff();
        return ticket;
    }
    const Pending pending = m_undispatched.front();
    m_undispatched.pop_front();
    m_scannedUnread = qMax<qint64>(0, m_scannedUnread - pending.bytes);
    ticket.seq = pending.seq;
    ticket.closeAfter = pending.closeAfter;
    ticket.keepAliveHeader = pending.keepAliveHeader;
    ticket.awaitingUpgrade = pending.upgrade;
    kickReadNotifier();
    maybeCutOff();
    updateTimers();
    return ticket;
}

void EdgeConnection::detachForWebSocket()
{
    m_detached = true;
    m_idleTimer.stop();
    m_requestTimer.stop();
    m_lingerTimer.stop();
    m_writeStallTimer.stop();
    disconnect(m_socket, nullptr, this, nullptr);
    // Nothing of the guard is used once the socket is a WebSocket; it would stay as long as the
    // socket (four timers, buffers: ~2 KiB of every idle WebSocket). Answers still owed hold a
    // QPointer to it.
    deleteLater();
}

quint64 EdgeConnection::allocateSlot(bool closeAfter)
{
    const quint64 seq = m_nextSeq++;
    Slot slot;
    slot.closeAfter = closeAfter;
    m_slots.emplace(seq, std::move(slot));
    return seq;
}

void EdgeConnection::complete(quint64 seq, Writer write)
{
    const auto it = m_slots.find(seq);
    if (it == m_slots.end() || it->second.ready) {
        qCWarning(lcEdge).noquote() << m_peer << "answer for unknown request" << seq;
        return;
    }
    it->second.ready = true;
    it->second.write = std::move(write);
    flush();
}

void EdgeConnection::completeStreamed(quint64 seq, QByteArray head,
                                      std::shared_ptr<QIODevice> stream, qint64 length)
{
    const auto it = m_slots.find(seq);
    if (it == m_slots.end() || it->second.ready) {
        qCWarning(lcEdge).noquote() << m_peer << "answer for unknown request" << seq;
        return;
    }
    it->second.ready = true;
    it->second.write = [head = std::move(head)](QTcpSocket *socket) { socket->write(head); };
    it->second.stream = std::move(stream);
    it->second.streamLength = length;
    flush();
}

// Writes pieces of the current streamed answer while the socket's queue is short.
bool EdgeConnection::pumpStream()
{
    while (m_stream && m_streamRemaining > 0 && m_socket->bytesToWrite() < kStreamHighWater) {
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            break;
        const QByteArray piece = m_stream->read(qMin(kPieceBytes, m_streamRemaining));
        if (piece.isEmpty()) {
            // The file shrank or failed under us: the promised length cannot be kept.
            qCWarning(lcEdge).noquote() << m_peer << "streamed answer ended early; closing";
            m_stream.reset();
            m_socket->abort();
            return false;
        }
        m_socket->write(piece);
        m_streamRemaining -= piece.size();
    }
    if (m_streamRemaining > 0 && m_socket->state() == QAbstractSocket::ConnectedState)
        return false;
    m_stream.reset();
    return true;
}

void EdgeConnection::flush()
{
    while (!m_closing && !m_stream) {
        const auto it = m_slots.find(m_nextWrite);
        if (it == m_slots.end() || !it->second.ready)
            break;
        const Slot slot = std::move(it->second);
        m_slots.erase(it);
        ++m_nextWrite;
        if (m_socket->state() == QAbstractSocket::ConnectedState && slot.write)
            slot.write(m_socket);
        if (slot.stream && m_socket->state() == QAbstractSocket::ConnectedState) {
            m_stream = slot.stream;
            m_streamRemaining = slot.streamLength;
            m_streamCloseAfter = slot.closeAfter;
            if (!pumpStream())
                break; // onBytesWritten() goes on
        }
        if (slot.closeAfter) {
            startClosing();
            return;
        }
    }
    maybeResume();
    updateTimers();
}

// The final answer is queued: stop reading for Qt, send FIN once it is flushed, and keep
// draining input until the client closes (or the linger time ends) so no RST eats the answer.
void EdgeConnection::startClosing()
{
    m_closing = true;
    m_writeStallTimer.stop();
    if (!m_cutOff)
        cutOff();
    updateTimers();
    m_lingerTimer.start();
    m_shutdownPending = true;
    if (allWritten())
        shutdownWrite();
}

// Whether every answer byte is on the network. QSslSocket encrypts and hands bytes to its TCP
// socket from queued calls, so its counts are only meaningful once it was flushed.
bool EdgeConnection::allWritten()
{
#ifndef QT_NO_SSL
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket); ssl && ssl->isEncrypted())
        ssl->flush();
#endif
    return unsentBytes() == 0;
}

// Answer bytes not on the network yet: under TLS, plain bytes not encrypted yet plus encrypted
// bytes not written yet.
qint64 EdgeConnection::unsentBytes() const
{
    qint64 bytes = m_socket->bytesToWrite();
#ifndef QT_NO_SSL
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        bytes += ssl->encryptedBytesToWrite();
#endif
    return bytes;
}

void EdgeConnection::shutdownWrite()
{
    m_shutdownPending = false;
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
#ifdef Q_OS_UNIX
    const qintptr fd = m_socket->socketDescriptor();
    if (fd >= 0 && ::shutdown(static_cast<int>(fd), SHUT_WR) == 0)
        return;
#endif
    m_socket->disconnectFromHost();
}

bool EdgeConnection::mustHoldBack() const
{
    const std::size_t inFlight = m_slots.size() - m_undispatched.size();
    return inFlight >= kMaxInFlight || m_socket->bytesToWrite() > m_limits->maxUnsentBytes;
}

void EdgeConnection::onBytesWritten()
{
    if (m_stream) {
        if (!pumpStream())
            return;
        if (m_streamCloseAfter)
            startClosing();
        else
            flush();
        return;
    }
    if (m_shutdownPending && allWritten())
        shutdownWrite();
    if (m_heldBack && m_writeStallTimer.isActive())
        m_writeStallTimer.start(); // progress: the client reads, if slowly
    maybeResume();
}

void EdgeConnection::maybeResume()
{
    if (!m_heldBack || m_closing || m_cutOff || m_detached)
        return;
    const std::size_t inFlight = m_slots.size() - m_undispatched.size();
    if (inFlight >= kMaxInFlight / 2 || m_socket->bytesToWrite() > m_limits->maxUnsentBytes / 2)
        return;
    m_heldBack = false;
    m_writeStallTimer.stop();
    // Re-run the readyRead path (ours, then Qt's) for the requests held back.
    QMetaObject::invokeMethod(m_socket, &QIODevice::readyRead, Qt::QueuedConnection);
}

void EdgeConnection::updateTimers()
{
    if (m_detached || m_closing || m_cutOff) {
        m_idleTimer.stop();
        m_requestTimer.stop();
        return;
    }
    if (m_taking) {
        m_idleTimer.stop(); // the body's inactivity timeout is m_requestTimer, run by feedTaker()
        return;
    }
    if (m_framer.inRequest() && !m_framingStopped) {
        if (!m_requestTimer.isActive())
            m_requestTimer.start();
    } else {
        m_requestTimer.stop();
    }
    const bool idle = !m_framer.inRequest() && m_undispatched.empty() && m_slots.empty();
    if (idle) {
        if (!m_idleTimer.isActive())
            m_idleTimer.start();
    } else {
        m_idleTimer.stop();
    }
}

void EdgeConnection::onIdleTimeout()
{
    qCDebug(lcEdge) << m_peer << "idle; closing";
    m_closing = true;
    cutOff();
    m_socket->disconnectFromHost();
}

void EdgeConnection::onRequestTimeout()
{
    if (m_taking) {
        if (!m_takerDone)
            failTaking(408, Error::badRequest(QStringLiteral("Request body timed out")));
        return;
    }
    if (!m_framer.inRequest() || m_framingStopped || m_cutOff || m_detached)
        return;
    setViolation(408, Error::badRequest(QStringLiteral("Request timed out")));
    raiseViolation();
    updateTimers();
}

// A taker claimed the request: refuse it now if its size or head says so, else stop framing and
// take the body once Qt has every earlier request.
void EdgeConnection::offerToTaker(std::unique_ptr<BodyTaker> taker)
{
    const RequestHead &head = m_framer.head();
    if (head.transferEncoding && !head.chunked) {
        setViolation(411, Error::badRequest(QStringLiteral("Content-Length or chunked required")));
        return;
    }
    const qint64 cap = taker->maxBodyBytes();
    if (!head.chunked && head.contentLength > cap) {
        setViolation(413, {ErrorCode::PayloadTooLarge,
                           QStringLiteral("Request body is larger than %1 bytes").arg(cap),
                           {}});
        return;
    }
    if (Status begun = taker->begin(head); !begun) {
        setViolation(httpStatus(begun.error().code), begun.error());
        return;
    }
    m_taker = std::move(taker);
    m_takerChunked = head.chunked;
    m_takerRemaining = head.chunked ? 0 : qMax<qint64>(0, head.contentLength);
    m_takerCap = cap;
    if (head.expectContinue && m_slots.empty() && m_undispatched.empty())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    stopFraming(StopReason::Taken);
}

// Qt has handled every request before the upload: cut it off and read the body ourselves.
void EdgeConnection::startTaking()
{
    if (m_taking || !m_taker)
        return;
    m_taking = true;
    QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    connect(m_socket, &QIODevice::readyRead, this, &EdgeConnection::onReadyRead);
    // The unread bytes up to our position are the upload's head (Qt consumed the rest).
    if (m_hiding) {
        m_socket->commitTransaction();
        m_hiding = false;
    } else if (m_scannedUnread > 0) {
        m_socket->skip(m_scannedUnread);
    }
    m_scannedUnread = 0;
    m_takerSeq = allocateSlot(true);
    m_idleTimer.stop();
    m_requestTimer.setInterval(m_limits->requestTimeoutMs); // now the body's inactivity timeout
    m_requestTimer.start();
    feedTaker();
}

void EdgeConnection::feedTaker()
{
    while (!m_takerDone) {
        const qint64 available = m_socket->bytesAvailable();
        if (available <= 0)
            break;
        m_requestTimer.start(); // progress: the inactivity timeout starts over
        const QByteArray piece = m_socket->read(qMin(available, kPieceBytes));
        if (piece.isEmpty())
            break;
        if (m_takerChunked) {
            const ChunkedDecoder::Step step =
                m_chunked.feed(piece, [this](QByteArrayView bytes) { return takeBody(bytes); });
            if (step.state == ChunkedDecoder::State::Failed) {
                if (!m_chunked.failedBySink())
                    failTaking(400, Error::badRequest(QStringLiteral("Malformed chunked body")));
                break;
            }
            if (step.state == ChunkedDecoder::State::Done)
                bodyTaken();
        } else {
            const qint64 take = qMin<qint64>(piece.size(), m_takerRemaining);
            m_takerRemaining -= take;
            if (!takeBody(QByteArrayView(piece).first(take)))
                break;
            if (m_takerRemaining == 0)
                bodyTaken();
        }
    }
    if (!m_takerChunked && !m_takerDone && m_takerRemaining == 0)
        bodyTaken(); // an empty body
    if (m_takerDone)
        discardInput(); // anything after the body: the connection closes after the answer
    else
        kickReadNotifier();
}

bool EdgeConnection::takeBody(QByteArrayView bytes)
{
    if (m_takerDone)
        return false;
    m_takerBytes += bytes.size();
    if (m_takerBytes > m_takerCap) {
        failTaking(413, {ErrorCode::PayloadTooLarge,
                         QStringLiteral("Request body is larger than %1 bytes").arg(m_takerCap),
                         {}});
        return false;
    }
    if (bytes.isEmpty())
        return true;
    if (Status fed = m_taker->feed(bytes); !fed) {
        failTaking(httpStatus(fed.error().code), fed.error());
        return false;
    }
    return true;
}

void EdgeConnection::bodyTaken()
{
    m_takerDone = true;
    m_requestTimer.stop();
    QPointer<EdgeConnection> self(this);
    m_taker->finish([self](HttpReply reply) {
        if (self)
            self->answerTaken(std::move(reply));
    });
}

void EdgeConnection::failTaking(int status, const Error &error)
{
    qCInfo(lcEdge).noquote() << m_peer << "upload refused:" << status << error.message;
    m_takerDone = true;
    m_requestTimer.stop();
    HttpReply reply = HttpReply::error(error);
    reply.status = status;
    answerTaken(std::move(reply));
    m_taker.reset(); // drops what it stored so far
}

void EdgeConnection::answerTaken(HttpReply reply)
{
    ResponseOptions options;
    options.closeConnection = true;
    const QByteArray bytes = encodeResponse(reply, options);
    complete(m_takerSeq, [bytes](QTcpSocket *socket) { socket->write(bytes); });
}

} // namespace parley::http
