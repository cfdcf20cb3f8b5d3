#include "websocket/RawWebSocket.h"

#include "logging/Logging.h"
#include "websocket/RawWsServer.h"
#include "websocket/ServerFrame.h"

#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace parley::websocket {
namespace {

// How long a close handshake may take before the connection is dropped.
constexpr int kCloseTimeoutMs = 5000;
// Reads per readiness report: a flooding peer cannot hold the event loop for longer.
constexpr int kReadsPerWake = 16;
// Chunks handed to one sendmsg(): a fan-out pass queues a few hundred frames per socket at most.
constexpr int kChunksPerWrite = 128;

QByteArrayView reasonFor(int failure)
{
    switch (failure) {
    case 1007:
        return "Invalid UTF-8 in a text frame";
    case 1009:
        return "Message too big";
    default:
        return "Protocol error";
    }
}

} // namespace

RawWebSocket::RawWebSocket(RawWsServer &server, int descriptor, QHostAddress peer,
                           qint64 maxMessageBytes, quint32 serial)
    : m_server(server)
    , m_decoder(maxMessageBytes)
    , m_peer(std::move(peer))
    , m_fd(descriptor)
    , m_serial(serial)
{}

RawWebSocket::~RawWebSocket()
{
    m_events = nullptr;
    if (m_state != State::Gone) {
        m_state = State::Gone;
        m_server.forget(*this);
        ::close(m_fd);
    }
}

void RawWebSocket::readable()
{
    for (int i = 0; i < kReadsPerWake && m_state != State::Gone; ++i) {
        QByteArray &scratch = m_server.scratch();
        const ssize_t n = ::recv(m_fd, scratch.data(), size_t(scratch.size()), MSG_DONTWAIT);
        if (n == 0) {
            end(); // the peer closed
            return;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                end();
            return;
        }
        if (!take(QByteArrayView(scratch.constData(), n)) || n < scratch.size())
            return;
    }
}

void RawWebSocket::consume(QByteArrayView bytes)
{
    if (!bytes.isEmpty())
        take(bytes);
}

bool RawWebSocket::take(QByteArrayView bytes)
{
    const int failure = m_decoder.feed(
        bytes, [this](ClientMessage &&message) { return onMessage(std::move(message)); });
    if (m_state == State::Gone)
        return false;
    if (failure != 0 && m_state == State::Open) {
        qCInfo(lcRealtime).noquote()
            << m_peer.toString() << "WebSocket closed with" << failure << reasonFor(failure);
        startClose(failure, reasonFor(failure), State::Closing);
    }
    return true;
}

bool RawWebSocket::onMessage(ClientMessage &&message)
{
    switch (message.kind) {
    case ClientMessage::Kind::Text:
        if (m_state == State::Open && m_events)
            m_events->textReceived(message.payload);
        break;
    case ClientMessage::Kind::Binary:
        if (m_state == State::Open && m_events)
            m_events->binaryReceived();
        break;
    case ClientMessage::Kind::Ping:
        if (m_state == State::Open)
            queue(serverFrame(0xa, message.payload));
        break;
    case ClientMessage::Kind::Pong:
        if (m_events)
            m_events->pongReceived();
        break;
    case ClientMessage::Kind::Close:
        if (m_state == State::Open) {
            // Answered with the same code (none when it had none), then the server closes TCP.
            queue(message.closeCode == 1005 ? serverFrame(0x8, {})
                                            : closeFrame(message.closeCode, {}));
            m_state = State::Ending;
            flush();
        } else {
            end(); // the answer to our close frame
        }
        return false;
    }
    return m_state != State::Gone;
}

void RawWebSocket::queue(const QByteArray &bytes)
{
    if (m_state == State::Gone || bytes.isEmpty())
        return;
    m_out.append(bytes);
    m_outBytes += bytes.size();
    m_server.scheduleFlush(*this);
}

int RawWebSocket::outputChunks(iovec *chunks, int most) const
{
    int count = 0;
    for (qsizetype i = m_outHead; i < m_out.size() && count < most; ++i, ++count) {
        const QByteArray &chunk = m_out.at(i);
        const qsizetype skip = i == m_outHead ? m_outSent : 0;
        chunks[count].iov_base = const_cast<char *>(chunk.constData() + skip);
        chunks[count].iov_len = size_t(chunk.size() - skip);
    }
    return count;
}

void RawWebSocket::written(qsizetype n)
{
    m_outBytes -= n;
    while (n > 0) {
        const qsizetype left = m_out.at(m_outHead).size() - m_outSent;
        if (n < left) {
            m_outSent += n;
            break;
        }
        n -= left;
        ++m_outHead;
        m_outSent = 0;
    }
    if (m_outHead >= kChunksPerWrite) { // a slow reader: written chunks are let go
        m_out.remove(0, m_outHead);
        m_outHead = 0;
    }
}

void RawWebSocket::flush()
{
    while (hasOutput()) {
        iovec chunks[kChunksPerWrite];
        msghdr message{};
        message.msg_iov = chunks;
        message.msg_iovlen = size_t(outputChunks(chunks, kChunksPerWrite));
        ssize_t n = ::sendmsg(m_fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (!m_wantWrite) {
                    m_wantWrite = true;
                    m_server.watchWrites(*this, true);
                }
                return;
            }
            end();
            return;
        }
        written(n);
    }
    if (m_state == State::Gone)
        return;
    dropOutput(); // freed: an idle connection holds no output buffer
    if (m_wantWrite) {
        m_wantWrite = false;
        m_server.watchWrites(*this, false);
    }
    if (m_state == State::Ending)
        end();
}

void RawWebSocket::dropOutput()
{
    m_out = QList<QByteArray>();
    m_outHead = 0;
    m_outSent = 0;
    m_outBytes = 0;
}

void RawWebSocket::sendText(const realtime::WireFrame &frame)
{
    if (m_state == State::Open)
        queue(frame.bytes());
}

void RawWebSocket::ping()
{
    if (m_state == State::Open)
        queue(serverFrame(0x9, {}));
}

void RawWebSocket::startClose(int code, QByteArrayView reason, State next)
{
    queue(closeFrame(code, reason));
    m_state = next;
    m_server.endBy(*this, kCloseTimeoutMs);
}

void RawWebSocket::close(int code, const QString &reason)
{
    if (m_state == State::Open)
        startClose(code, reason.toUtf8(), State::Closing);
}

void RawWebSocket::closeNow(int code, const QString &reason)
{
    if (m_state == State::Open)
        startClose(code, reason.toUtf8(), State::Ending);
    else if (m_state == State::Closing) {
        m_state = State::Ending;
        m_server.scheduleFlush(*this);
    }
}

void RawWebSocket::abort()
{
    end();
}

void RawWebSocket::closeAndForget(int code, const QString &reason)
{
    m_orphan = true;
    m_events = nullptr;
    close(code, reason);
}

void RawWebSocket::deadlinePassed()
{
    if (m_state == State::Closing || m_state == State::Ending)
        end();
}

void RawWebSocket::end()
{
    if (m_state == State::Gone)
        return;
    m_state = State::Gone;
    m_server.forget(*this);
    ::close(m_fd);
    dropOutput();
    if (m_events)
        m_events->disconnected();
    else if (m_orphan)
        m_server.disposeLater(this);
}

} // namespace parley::websocket
