#include "websocket/RawWsServer.h"

#include "http/HttpReply.h"
#include "http/Redact.h"
#include "http/ResponseHead.h"
#include "logging/Logging.h"
#include "realtime/UpgradeRequest.h"
#include "websocket/Handshake.h"
#include "websocket/RawWebSocket.h"

#include <QUrl>

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace parley::websocket {
namespace {

// Bytes read per recv(): a whole 64 KiB message plus its header in one read.
constexpr qsizetype kScratchBytes = 64 * 1024 + 16;
constexpr int kEventsPerWait = 256;
// A write pass for this many sockets or more goes to the kernel in one call (BatchSender), each
// socket with up to this many chunks (a pass usually has a frame or two per socket; more is
// written by its own flush()).
constexpr size_t kBatchAtLeast = 4;
constexpr int kBatchChunks = 8;

} // namespace

RawWsServer::RawWsServer(qint64 maxMessageBytes,
                         std::function<bool(const QString &path)> isWebSocketPath, Accept accept,
                         std::function<void(const QHostAddress &)> ended)
    : m_maxMessageBytes(maxMessageBytes)
    , m_isWebSocketPath(std::move(isWebSocketPath))
    , m_accept(std::move(accept))
    , m_ended(std::move(ended))
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_scratch(kScratchBytes, Qt::Uninitialized)
{
    m_clock.start();
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &RawWsServer::onDeadline);
    if (m_epoll < 0) {
        qCWarning(lcRealtime) << "epoll_create1 failed; WebSockets use QWebSocket";
        return;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_epoll, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &RawWsServer::poll);
}

RawWsServer::~RawWsServer()
{
    // Connections still owned by the hub are gone by now (the hub is destroyed first); what is
    // left are refused ones finishing their close handshake.
    std::vector<RawWebSocket *> left;
    for (const auto &entry : m_sockets)
        left.push_back(entry.second);
    for (RawWebSocket *socket : left) {
        if (socket->orphaned())
            delete socket;
        else
            socket->abort();
    }
    for (RawWebSocket *socket : m_disposed)
        delete socket;
    m_notifier.reset();
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool RawWsServer::take(qintptr descriptor, const QByteArray &bytes, const QHostAddress &peer)
{
    if (m_epoll < 0)
        return false;
    const UpgradeParse parse = parseUpgradeHead(bytes);
    if (parse.outcome == UpgradeParse::Outcome::NotUpgrade)
        return false;
    const UpgradeHead *head = &parse.head;
    const QUrl url = QUrl::fromEncoded(head->target);
    if (!url.isValid() || !m_isWebSocketPath(url.path()))
        return false; // the HTTP server answers 404
    const int fd = static_cast<int>(descriptor);
    if (parse.outcome != UpgradeParse::Outcome::Valid) {
        refuse(fd, parse.outcome == UpgradeParse::Outcome::WrongVersion);
        qCInfo(lcRealtime).noquote()
            << peer.toString() << "refused upgrade" << http::redactedTarget(url);
        if (m_ended)
            m_ended(peer);
        return true;
    }
    // As on the Qt sockets (GuardedTcpServer): without TCP_NODELAY, Nagle and the peer's delayed
    // ACK hold a small frame back up to 40 ms (open loop at 100 msg/s: p99 33 ms against 6 ms).
    const int noDelay = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
        qCWarning(lcRealtime) << "epoll_ctl failed:" << errno;
        return false;
    }
    auto *socket = new RawWebSocket(*this, fd, peer, m_maxMessageBytes, m_nextSerial++);
    m_sockets.emplace(fd, socket);
    qCDebug(lcRealtime).noquote() << peer.toString() << "upgrade" << http::redactedTarget(url);
    socket->queue(switchingProtocolsAnswer(head->key));
    const realtime::UpgradeRequest request{
        url.path(), QString::fromUtf8(head->origin),
        realtime::UpgradeRequest::tokenOf(head->authorization, url)};
    const quint32 serial = socket->serial();
    m_accept(request, std::unique_ptr<realtime::WsTransport>(socket));
    // Frames a client sent without waiting for the 101 (the socket may be refused and gone).
    if (head->headBytes < bytes.size()) {
        RawWebSocket *still = find(fd);
        if (still && still->serial() == serial)
            still->consume(QByteArrayView(bytes).sliced(head->headBytes));
    }
    return true;
}

void RawWsServer::refuse(int fd, bool wrongVersion)
{
    http::HttpReply reply = http::HttpReply::error(
        Error::badRequest(wrongVersion ? QStringLiteral("Unsupported WebSocket version: use 13")
                                       : QStringLiteral("Invalid WebSocket handshake")));
    if (wrongVersion) {
        reply.status = 426;
        reply.headers.append({QByteArrayLiteral("Sec-WebSocket-Version"), QByteArrayLiteral("13")});
    }
    http::ResponseOptions options;
    options.closeConnection = true;
    const QByteArray answer = http::encodeResponse(reply, options);
    // A fresh connection's send buffer takes a small answer whole. The client sent only its head.
    (void)::send(fd, answer.constData(), size_t(answer.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
}

RawWebSocket *RawWsServer::find(int descriptor) const
{
    const auto it = m_sockets.find(descriptor);
    return it == m_sockets.end() ? nullptr : it->second;
}

void RawWsServer::poll()
{
    epoll_event events[kEventsPerWait];
    for (;;) {
        const int n = ::epoll_wait(m_epoll, events, kEventsPerWait, 0);
        if (n < 0 && errno == EINTR)
            continue;
        for (int i = 0; i < n; ++i) {
            const int fd = events[i].data.fd;
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                if (RawWebSocket *socket = find(fd))
                    socket->readable();
            }
            if (events[i].events & EPOLLOUT) {
                if (RawWebSocket *socket = find(fd))
                    socket->flush();
            }
        }
        if (n < kEventsPerWait)
            break;
    }
    // What this pass read is answered now rather than in another pass of the event loop (one
    // wake-up less on the way from a send to its ack and fan-out).
    if (m_afterReading)
        m_afterReading();
    if (m_flushQueued)
        flushPass();
}

void RawWsServer::scheduleFlush(RawWebSocket &socket)
{
    if (socket.dirty)
        return;
    socket.dirty = true;
    m_dirty.push_back(socket.descriptor());
    if (!m_flushQueued) {
        m_flushQueued = true;
        QMetaObject::invokeMethod(this, &RawWsServer::flushPass, Qt::QueuedConnection);
    }
}

void RawWsServer::flushPass()
{
    m_flushQueued = false;
    std::vector<int> dirty;
    dirty.swap(m_dirty);
    if (dirty.size() >= kBatchAtLeast && m_batch.isReady())
        writeTogether(dirty);
    for (const int fd : dirty) {
        if (RawWebSocket *socket = find(fd)) {
            socket->dirty = false;
            socket->flush(); // what writeTogether() left, and the tidying up
        }
    }
}

void RawWsServer::writeTogether(const std::vector<int> &descriptors)
{
    std::vector<RawWebSocket *> sockets;
    sockets.reserve(descriptors.size());
    for (const int fd : descriptors) {
        if (RawWebSocket *socket = find(fd); socket && socket->hasOutput())
            sockets.push_back(socket);
    }
    const size_t count = sockets.size();
    if (count < kBatchAtLeast)
        return;
    m_batchDescriptors.resize(count);
    m_batchMessages.assign(count, msghdr{});
    m_batchChunks.resize(count * kBatchChunks); // not resized below: the messages point into it
    m_batchResults.resize(count);
    for (size_t i = 0; i < count; ++i) {
        iovec *chunks = m_batchChunks.data() + i * kBatchChunks;
        m_batchDescriptors[i] = sockets[i]->descriptor();
        m_batchMessages[i].msg_iov = chunks;
        m_batchMessages[i].msg_iovlen = size_t(sockets[i]->outputChunks(chunks, kBatchChunks));
    }
    m_batch.sendAll(m_batchDescriptors.data(), m_batchMessages.data(), m_batchResults.data(),
                    count);
    for (size_t i = 0; i < count; ++i) {
        if (m_batchResults[i] > 0)
            sockets[i]->written(m_batchResults[i]);
    }
}

void RawWsServer::watchWrites(RawWebSocket &socket, bool on)
{
    epoll_event event{};
    event.events = on ? EPOLLIN | EPOLLOUT : EPOLLIN;
    event.data.fd = socket.descriptor();
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, socket.descriptor(), &event);
}

void RawWsServer::endBy(RawWebSocket &socket, int ms)
{
    const qint64 at = m_clock.elapsed() + ms;
    m_deadlines.emplace(at, std::make_pair(socket.descriptor(), socket.serial()));
    if (!m_deadlineTimer.isActive() || m_deadlines.begin()->first == at)
        m_deadlineTimer.start(int(qMax<qint64>(0, m_deadlines.begin()->first - m_clock.elapsed())));
}

void RawWsServer::onDeadline()
{
    const qint64 now = m_clock.elapsed();
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        const auto [fd, serial] = m_deadlines.begin()->second;
        m_deadlines.erase(m_deadlines.begin());
        RawWebSocket *socket = find(fd);
        if (socket && socket->serial() == serial)
            socket->deadlinePassed();
    }
    if (!m_deadlines.empty())
        m_deadlineTimer.start(int(qMax<qint64>(0, m_deadlines.begin()->first - now)));
}

void RawWsServer::forget(RawWebSocket &socket)
{
    const int fd = socket.descriptor();
    const auto it = m_sockets.find(fd);
    if (it == m_sockets.end() || it->second != &socket)
        return;
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    m_sockets.erase(it);
    if (m_ended)
        m_ended(socket.peer());
}

void RawWsServer::disposeLater(RawWebSocket *socket)
{
    m_disposed.push_back(socket);
    if (m_disposed.size() == 1)
        QMetaObject::invokeMethod(
            this,
            [this] {
                std::vector<RawWebSocket *> disposed;
                disposed.swap(m_disposed);
                for (RawWebSocket *s : disposed)
                    delete s;
            },
            Qt::QueuedConnection);
}

} // namespace parley::websocket
