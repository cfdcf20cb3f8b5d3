#pragma once

#include "http/EdgeLimits.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QMultiHash>
#include <QTcpServer>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#ifndef QT_NO_SSL
#include <QSslConfiguration>
#endif

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace parley::http {
class EdgeConnection;
}

namespace parley::http {

class HeadReader;

// The TCP layer under ApiServer: every accepted socket gets a capped read buffer and an
// EdgeConnection guard before QtHttpServer connects to it, so the guard's slots run first and
// QtHttpServer never buffers more than one bounded request. Bind it with
// QAbstractHttpServer::bind() after listen().
//
// With a TLS configuration every socket is a QSslSocket in server mode: the guard is attached
// at once (its idle timer bounds the handshake, so a client that never finishes it is closed like
// an idle one) and reads the decrypted stream; the socket becomes a pending connection for Qt
// only once it is encrypted. Connections that fail the handshake never reach Qt.
//
// A plain-TCP connection is first held on its bare descriptor by a HeadReader until its first
// request head is complete (or framing fails, or its deadline passes): a connection that sends
// nothing, or its head a byte at a time, costs ~1 KiB instead of a QTcpSocket, its buffers and
// the guard. One timer serves every reader's deadline.
//
// At most EdgeLimits::maxConnectionsPerIp sockets per peer address are open at once; one more is
// answered 429 rate_limited with "Connection: close" and closed (it never reaches Qt).
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit GuardedTcpServer(std::shared_ptr<const EdgeLimits> limits, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    const EdgeLimits &limits() const { return *m_limits; }
    // The accepted socket connected to this peer, or null. QWebSocket does not expose the socket
    // it was upgraded from; the hub writes frames built once straight to it.
    QTcpSocket *socketOf(const QHostAddress &peer, quint16 peerPort) const;
#ifndef QT_NO_SSL
    // Serve TLS from now on (before listen()).
    void setTlsConfiguration(const QSslConfiguration &configuration)
    {
        m_tls = configuration;
    }
#endif
    bool usesTls() const;
    // Offered every plain-TCP connection whose first head is complete, with the bytes read so
    // far: true when it took the descriptor (a WebSocket carried without a Qt socket). The
    // connection stays counted for its address until connectionEnded().
    using UpgradeTaker =
        std::function<bool(qintptr descriptor, const QByteArray &bytes, const QHostAddress &peer)>;
    void setUpgradeTaker(UpgradeTaker taker)
    {
        m_upgradeTaker = std::move(taker);
    }
    void connectionEnded(const QHostAddress &peer)
    {
        uncount(peer);
    }
    // Open connections from this address (for tests and metrics).
    int connectionsFrom(const QHostAddress &address) const
    {
        return m_perIp.value(address);
    }
    // Connections still waiting for their first request head (for tests and metrics).
    int connectionsBeforeFirstHead() const
    {
        return int(m_readers.size());
    }

protected:
    void incomingConnection(qintptr handle) override;

private:
    QTcpSocket *adopt(qintptr handle);
    // Sets up an adopted socket (guard, accounting) and gives it to Qt. `counted`: the peer's
    // connection was already counted (while a HeadReader held it).
    EdgeConnection *serve(QTcpSocket *socket, const QHostAddress &peer, bool counted);
    void uncount(const QHostAddress &address);
    void holdForHead(qintptr handle, const QHostAddress &peer);
    void readHead(qintptr descriptor);
    std::unique_ptr<HeadReader> takeReader(qintptr descriptor);
    void handOver(std::unique_ptr<HeadReader> reader);
    void rescheduleReader(qintptr descriptor);
    void retire(std::unique_ptr<HeadReader> reader);
    void onDeadline();
    void scheduleDeadline();

    std::shared_ptr<const EdgeLimits> m_limits;
    QMultiHash<quint16, QTcpSocket *> m_byPeerPort; // while each socket lives
    QHash<QHostAddress, int> m_perIp;
    struct Waiting
    {
        std::unique_ptr<HeadReader> reader;
        std::multimap<qint64, qintptr>::iterator deadline;
    };
    std::unordered_map<qintptr, Waiting> m_readers;     // by descriptor
    std::multimap<qint64, qintptr> m_deadlines;         // descriptors by deadline
    std::vector<std::unique_ptr<HeadReader>> m_retired; // deleted once their notifier returned
    UpgradeTaker m_upgradeTaker;
    QByteArray m_timeoutAnswer; // 408, written by readers whose head did not arrive in time
    QElapsedTimer m_clock;
    QTimer m_deadlineTimer;
#ifndef QT_NO_SSL
    std::optional<QSslConfiguration> m_tls;
#endif
};

} // namespace parley::http
