#pragma once

#include "websocket/BatchSender.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QSocketNotifier>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace parley::realtime {
class WsTransport;
struct UpgradeRequest;
} // namespace parley::realtime

namespace parley::websocket {

class RawWebSocket;

// Plain-TCP WebSockets without a Qt socket per connection. GuardedTcpServer offers it every
// connection whose first request head is complete (take()); a valid opening handshake for one of
// the WebSocket paths is answered 101 here and the descriptor becomes a RawWebSocket handed to
// `accept` (the hub), with the path, Origin and token of the request. Anything else is left to
// the HTTP server. One epoll set watches every descriptor (one QSocketNotifier, on the epoll
// descriptor); output is written once per pass, right after the pass's reading (or in a posted
// call when it came from elsewhere); one timer ends close handshakes that take too long. `ended` is
// called with the peer's address when a connection taken here ends.
class RawWsServer : public QObject
{
public:
    using Accept = std::function<void(const realtime::UpgradeRequest &,
                                      std::unique_ptr<realtime::WsTransport>)>;
    RawWsServer(qint64 maxMessageBytes, std::function<bool(const QString &path)> isWebSocketPath,
                Accept accept, std::function<void(const QHostAddress &)> ended);
    ~RawWsServer() override;

    // True when `bytes` (all that was read of a new connection) is a WebSocket upgrade this
    // server took: the descriptor is its own from then on.
    bool take(qintptr descriptor, const QByteArray &bytes, const QHostAddress &peer);
    // Connections open (also those closing).
    qsizetype connectionCount() const { return qsizetype(m_sockets.size()); }
    bool isReady() const { return m_epoll >= 0; }
    // Called once every socket that was readable has been read, before that pass's output is
    // written (the hub stores the sends of the pass there: see Hub::flushSends).
    void setAfterReading(std::function<void()> afterReading)
    {
        m_afterReading = std::move(afterReading);
    }

    // For RawWebSocket.
    QByteArray &scratch() { return m_scratch; }
    void scheduleFlush(RawWebSocket &socket);
    void watchWrites(RawWebSocket &socket, bool on);
    void endBy(RawWebSocket &socket, int ms);
    // The socket's descriptor is about to be closed.
    void forget(RawWebSocket &socket);
    void disposeLater(RawWebSocket *socket);

private:
    void poll();
    void flushPass();
    // The output of those of `descriptors` that have some, one sendmsg() each in one system call
    // (when they are kBatchAtLeast or more); what is left is each socket's flush()'s.
    void writeTogether(const std::vector<int> &descriptors);
    void onDeadline();
    RawWebSocket *find(int descriptor) const;
    // Answers an invalid handshake 400 (426 for another version) and closes.
    void refuse(int descriptor, bool wrongVersion);

    qint64 m_maxMessageBytes;
    std::function<bool(const QString &)> m_isWebSocketPath;
    Accept m_accept;
    std::function<void(const QHostAddress &)> m_ended;
    std::function<void()> m_afterReading;
    int m_epoll = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::unordered_map<int, RawWebSocket *> m_sockets; // by descriptor
    std::vector<int> m_dirty;                          // descriptors with output to write
    BatchSender m_batch;
    std::vector<int> m_batchDescriptors; // writeTogether()'s buffers, kept between passes
    std::vector<msghdr> m_batchMessages;
    std::vector<iovec> m_batchChunks;
    std::vector<ssize_t> m_batchResults;
    bool m_flushQueued = false;
    std::multimap<qint64, std::pair<int, quint32>> m_deadlines; // descriptor and serial
    QTimer m_deadlineTimer;
    QElapsedTimer m_clock;
    std::vector<RawWebSocket *> m_disposed;
    QByteArray m_scratch;
    quint32 m_nextSerial = 1;
};

} // namespace parley::websocket
