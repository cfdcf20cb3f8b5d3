#pragma once

#include "http/EdgeLimits.h"

#include <QMultiHash>
#include <QTcpServer>

#include <memory>

namespace parley::http {

// The TCP layer under ApiServer: every accepted socket gets a capped read buffer and an
// EdgeConnection guard before QtHttpServer connects to it, so the guard's slots run first and
// QtHttpServer never buffers more than one bounded request. Bind it with
// QAbstractHttpServer::bind() after listen().
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

protected:
    void incomingConnection(qintptr handle) override;

private:
    std::shared_ptr<const EdgeLimits> m_limits;
    QMultiHash<quint16, QTcpSocket *> m_byPeerPort; // while each socket lives
};

} // namespace parley::http
