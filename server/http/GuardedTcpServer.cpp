#include "http/GuardedTcpServer.h"

#include "http/EdgeConnection.h"
#include "logging/Logging.h"

#include <QTcpSocket>

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

void GuardedTcpServer::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        qCWarning(lcEdge) << "cannot adopt a new connection:" << socket->errorString();
        delete socket;
#ifdef Q_OS_UNIX
        ::close(static_cast<int>(handle));
#endif
        return;
    }
    // Answers and chat frames are small and latency matters: no Nagle delay (with the peer's
    // delayed ACK it holds a frame back for up to 40 ms).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // The guard connects to readyRead now; QtHttpServer connects when it takes the pending
    // connection, so the guard always sees new bytes first.
    new EdgeConnection(socket, m_limits);
    const quint16 peerPort = socket->peerPort();
    m_byPeerPort.insert(peerPort, socket);
    connect(socket, &QObject::destroyed, this,
            [this, peerPort, socket] { m_byPeerPort.remove(peerPort, socket); });
    addPendingConnection(socket);
}

} // namespace parley::http
