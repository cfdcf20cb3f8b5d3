#pragma once

#include "http/EdgeLimits.h"
#include "http/Router.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QStringList>

class QWebSocket;

#include <functional>
#include <memory>
#include <optional>

#ifndef QT_NO_SSL
#include <QSslConfiguration>
#endif

namespace parley::http {

class GuardedTcpServer;

// The HTTP server: QAbstractHttpServer with our Router, bound to a GuardedTcpServer so every
// connection is bounded (EdgeLimits). WebSocket upgrades on the registered paths are handed to
// QAbstractHttpServer's newWebSocketConnection signal; the guard's timers stop for them.
//
// Answers are written in request order per connection (pipelining), get the security headers
// of ResponseHead.h and, for JSON, Cache-Control: no-store. A handler may call `done` later and
// from another thread (the answer is posted back to this object's thread); the ApiServer must
// outlive such work. A client that disconnected first simply loses its answer.
class ApiServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    ApiServer(const Router &router, EdgeLimits limits, QObject *parent = nullptr);
    ~ApiServer() override;

    // Listens on address:port (0 = ephemeral). Returns false with errorString() on failure.
    bool listenOn(const QHostAddress &address, quint16 port);
    // Graceful shutdown: no new connections; the open ones are served on.
    void stopListening();
    quint16 port() const;
    QString errorString() const;
    // The TCP socket an upgraded WebSocket runs on (see GuardedTcpServer::socketOf), or null.
    QTcpSocket *socketOf(const QHostAddress &peer, quint16 peerPort) const;

#ifndef QT_NO_SSL
    // Serve https and wss with this configuration (call before listenOn()).
    void setTlsConfiguration(const QSslConfiguration &configuration)
    {
        m_tls = configuration;
    }
#endif
    bool usesTls() const;

    // Paths (exact, or prefix when ending with '/') that are WebSocket upgrade endpoints.
    void setWebSocketPaths(const QStringList &paths);
    bool isWebSocketPath(const QString &path) const;
    // Plain-TCP upgrades are offered to `taker` first (see GuardedTcpServer::setUpgradeTaker;
    // call before listenOn()); what it takes ends with connectionEnded(peer).
    void
    setUpgradeTaker(std::function<bool(qintptr, const QByteArray &, const QHostAddress &)> taker)
    {
        m_upgradeTaker = std::move(taker);
    }
    void connectionEnded(const QHostAddress &peer);
    // Called once per answered request with its status and the seconds it took (for metrics).
    void setObserver(std::function<void(int status, double seconds)> observer)
    {
        m_observer = std::move(observer);
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Pending;
    void deliver(const std::shared_ptr<Pending> &pending, HttpReply reply);

    const Router &m_router;
    EdgeLimits m_limits;
    GuardedTcpServer *m_tcp = nullptr;
    QStringList m_wsPaths;
    QString m_error;
    std::function<void(int, double)> m_observer;
    std::function<bool(qintptr, const QByteArray &, const QHostAddress &)> m_upgradeTaker;
#ifndef QT_NO_SSL
    std::optional<QSslConfiguration> m_tls;
#endif
};

} // namespace parley::http
