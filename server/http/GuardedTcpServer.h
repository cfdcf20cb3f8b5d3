#pragma once

#include "http/EdgeLimits.h"

#include <QHash>
#include <QHostAddress>
#include <QMultiHash>
#include <QTcpServer>

#include <memory>
#include <optional>

#ifndef QT_NO_SSL
#include <QSslConfiguration>
#endif

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace parley::http {

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
    // Open connections from this address (for tests and metrics).
    int connectionsFrom(const QHostAddress &address) const
    {
        return m_perIp.value(address);
    }

protected:
    void incomingConnection(qintptr handle) override;

private:
    QTcpSocket *adopt(qintptr handle);
    void track(QTcpSocket *socket, const QHostAddress &address);
    void refuseTooMany(QTcpSocket *socket);

    std::shared_ptr<const EdgeLimits> m_limits;
    QMultiHash<quint16, QTcpSocket *> m_byPeerPort; // while each socket lives
    QHash<QHostAddress, int> m_perIp;
#ifndef QT_NO_SSL
    std::optional<QSslConfiguration> m_tls;
#endif
};

} // namespace parley::http
