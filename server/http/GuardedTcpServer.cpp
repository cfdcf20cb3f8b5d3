#include "http/GuardedTcpServer.h"

#include "http/EdgeConnection.h"
#include "logging/Logging.h"

#include <QTcpSocket>

#ifndef QT_NO_SSL
#include <QSslSocket>
#endif

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace parley::http {

GuardedTcpServer::GuardedTcpServer(std::shared_ptr<const EdgeLimits> limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(std::move(limits))
{}

GuardedTcpServer::~GuardedTcpServer() = default;

QTcpSocket *GuardedTcpServer::socketOf(const QHostAddress &peer, quint16 peerPort) const
{
    for (auto it = m_byPeerPort.constFind(peerPort);
         it != m_byPeerPort.cend() && it.key() == peerPort; ++it) {
        // Only a live connection: a closed socket not yet deleted may share the peer's port.
        if ((*it)->state() == QAbstractSocket::ConnectedState && (*it)->peerAddress() == peer)
            return *it;
    }
    return nullptr;
}

bool GuardedTcpServer::usesTls() const
{
#ifndef QT_NO_SSL
    return m_tls.has_value();
#else
    return false;
#endif
}

QTcpSocket *GuardedTcpServer::adopt(qintptr handle)
{
    QTcpSocket *socket = nullptr;
#ifndef QT_NO_SSL
    if (m_tls) {
        auto *ssl = new QSslSocket(this);
        ssl->setSslConfiguration(*m_tls);
        socket = ssl;
    }
#endif
    if (!socket)
        socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        qCWarning(lcEdge) << "cannot adopt a new connection:" << socket->errorString();
        delete socket;
#ifdef Q_OS_UNIX
        ::close(static_cast<int>(handle));
#endif
        return nullptr;
    }
    return socket;
}

void GuardedTcpServer::track(QTcpSocket *socket, const QHostAddress &address)
{
    ++m_perIp[address];
    // Qt deletes sockets it owns when they disconnect (and a WebSocket deletes its socket), so
    // destruction is the one place every connection ends.
    connect(socket, &QObject::destroyed, this, [this, address] {
        const auto it = m_perIp.find(address);
        if (it != m_perIp.end() && --it.value() <= 0)
            m_perIp.erase(it);
    });
}

void GuardedTcpServer::incomingConnection(qintptr handle)
{
    QTcpSocket *socket = adopt(handle);
    if (!socket)
        return;
    const QHostAddress peer = socket->peerAddress();
    const bool tooMany =
        m_limits->maxConnectionsPerIp > 0 && m_perIp.value(peer) >= m_limits->maxConnectionsPerIp;
    track(socket, peer);
    // Answers and chat frames are small and latency matters: no Nagle delay (with the peer's
    // delayed ACK it holds a frame back for up to 40 ms).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // The guard connects to readyRead now; QtHttpServer connects when it takes the pending
    // connection, so the guard always sees new bytes first.
    auto *guard = new EdgeConnection(socket, m_limits);
    const quint16 peerPort = socket->peerPort();
    m_byPeerPort.insert(peerPort, socket);
    connect(socket, &QObject::destroyed, this,
            [this, peerPort, socket] { m_byPeerPort.remove(peerPort, socket); });

    // Until Qt owns the socket, it is ours to delete.
    const auto orphanCleanup =
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    if (tooMany) {
        qCInfo(lcEdge).noquote() << peer.toString() << "has" << m_perIp.value(peer) - 1
                                 << "connections open; refusing one more";
        guard->refuse(429, Error{ErrorCode::RateLimited,
                                 QStringLiteral("Too many connections from your address"),
                                 {},
                                 5});
    }
#ifndef QT_NO_SSL
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        connect(ssl, &QSslSocket::sslErrors, ssl, [ssl](const QList<QSslError> &errors) {
            qCInfo(lcEdge).noquote() << ssl->peerAddress().toString()
                                     << "TLS handshake failed:" << errors.value(0).errorString();
            ssl->abort();
        });
        connect(ssl, &QAbstractSocket::errorOccurred, ssl, [ssl](QAbstractSocket::SocketError) {
            if (!ssl->isEncrypted()) {
                qCDebug(lcEdge).noquote() << ssl->peerAddress().toString()
                                          << "TLS handshake failed:" << ssl->errorString();
                ssl->abort();
            }
        });
        connect(ssl, &QSslSocket::encrypted, this, [this, ssl, orphanCleanup, tooMany] {
            if (tooMany)
                return; // the refusal is written now that the channel is up; Qt never sees it
            disconnect(orphanCleanup);
            addPendingConnection(ssl);
        });
        ssl->startServerEncryption();
        return;
    }
#endif
    if (tooMany)
        return;
    disconnect(orphanCleanup);
    addPendingConnection(socket);
}

} // namespace parley::http
