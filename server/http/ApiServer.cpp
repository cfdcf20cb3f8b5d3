#include "http/ApiServer.h"

#include "http/EdgeConnection.h"
#include "http/GuardedTcpServer.h"
#include "http/Redact.h"
#include "http/ResponseHead.h"
#include "logging/Logging.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <QThread>
#include <QWebSocket>

namespace parley::http {
namespace {

bool looksLikeWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value(QByteArrayLiteral("connection")).toLower().contains("upgrade") &&
           request.value(QByteArrayLiteral("upgrade"))
                   .compare(QByteArrayLiteral("websocket"), Qt::CaseInsensitive) == 0;
}

void writeReply(QHttpServerResponder &responder, const HttpReply &reply,
                const ResponseOptions &options)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
    for (const auto &header : responseHeaders(reply, options))
        responder.writeHeader(header.first, header.second);
    const bool withBody = statusHasBody(reply.status) && !options.headRequest;
    if (withBody && reply.stream) {
        // Only when no guard is there to stream it (not on GuardedTcpServer sockets).
        responder.writeBody(reply.stream->read(reply.streamLength));
        return;
    }
    responder.writeBody(withBody ? reply.body : QByteArray());
}

} // namespace

// Everything an answer needs once the handler is done, possibly after the request is gone.
struct ApiServer::Pending
{
    QHttpServerResponder responder;
    QPointer<QTcpSocket> socket;
    QPointer<EdgeConnection> connection;
    bool guarded = false;
    quint64 seq = 0;
    ResponseOptions options;
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QString path;
    QElapsedTimer elapsed;
};

ApiServer::ApiServer(const Router &router, EdgeLimits limits, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_router(router)
    , m_limits(std::move(limits))
{}

ApiServer::~ApiServer() = default;

bool ApiServer::listenOn(const QHostAddress &address, quint16 port)
{
    if (m_tcp) {
        m_error = QStringLiteral("already listening");
        return false;
    }
    auto *tcp = new GuardedTcpServer(std::make_shared<const EdgeLimits>(m_limits), this);
#ifndef QT_NO_SSL
    if (m_tls)
        tcp->setTlsConfiguration(*m_tls);
#endif
    tcp->setUpgradeTaker(m_upgradeTaker);
    // Qt's default accept queue is 50: a burst of connects (clients reconnecting after a restart)
    // would have SYNs dropped and retried seconds later. The kernel caps it at somaxconn.
    tcp->setListenBacklogSize(1024);
    if (!tcp->listen(address, port)) {
        m_error = tcp->errorString();
        delete tcp;
        return false;
    }
    m_tcp = tcp;
    bind(tcp);
    qCInfo(lcHttp).noquote() << "listening on" << address.toString() << tcp->serverPort()
                             << (tcp->usesTls() ? "(TLS)" : "");
    return true;
}

bool ApiServer::usesTls() const
{
#ifndef QT_NO_SSL
    return m_tls.has_value();
#else
    return false;
#endif
}

void ApiServer::stopListening()
{
    if (m_tcp && m_tcp->isListening()) {
        m_tcp->close();
        qCInfo(lcHttp) << "stopped listening";
    }
}

QTcpSocket *ApiServer::socketOf(const QHostAddress &peer, quint16 peerPort) const
{
    return m_tcp ? m_tcp->socketOf(peer, peerPort) : nullptr;
}

void ApiServer::connectionEnded(const QHostAddress &peer)
{
    if (m_tcp)
        m_tcp->connectionEnded(peer);
}

quint16 ApiServer::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

QString ApiServer::errorString() const
{
    return m_error;
}

void ApiServer::setWebSocketPaths(const QStringList &paths)
{
    m_wsPaths = paths;
}

bool ApiServer::isWebSocketPath(const QString &path) const
{
    for (const QString &wsPath : m_wsPaths) {
        if (wsPath.endsWith(u'/')) {
            if (path.size() > wsPath.size() && path.startsWith(wsPath))
                return true;
        } else if (path == wsPath || (path.size() == wsPath.size() + 1 && path.endsWith(u'/') &&
                                      path.startsWith(wsPath))) {
            return true;
        }
    }
    return false;
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    EdgeConnection *connection = EdgeConnection::of(socket);
    const EdgeConnection::Ticket ticket =
        connection ? connection->takeDispatched() : EdgeConnection::Ticket{};

    // Qt 6.4 calls us for an upgrade with its read transaction still open (it rolls back and
    // hands the socket to its QWebSocketServer when we return true and newWebSocketConnection
    // is connected), and for plain requests after committing it.
    const bool upgradeBranch = socket->isTransactionStarted() && looksLikeWebSocketUpgrade(request);
    if (upgradeBranch) {
        if (!isWebSocketPath(request.url().path())) {
            qCDebug(lcHttp).noquote() << "upgrade refused for" << redactedTarget(request.url());
            return false; // Qt answers through missingHandler, then closes
        }
        if (connection)
            connection->detachForWebSocket();
        return true; // nothing may be written: the WebSocket handshake answers
    }
    if (connection && ticket.awaitingUpgrade)
        connection->resumeFraming();

    auto pending = std::make_shared<Pending>(
        Pending{makeResponder(request, socket), socket, connection, connection != nullptr,
                ticket.seq, ResponseOptions{}, request.method(), QString(), QElapsedTimer()});
    pending->options.closeConnection = ticket.closeAfter;
    pending->options.keepAliveHeader = ticket.keepAliveHeader;
    pending->options.headRequest = request.method() == QHttpServerRequest::Method::Head;
    pending->options.tls = usesTls();
    if (lcHttp().isDebugEnabled())
        pending->path = redactedTarget(request.url());
    pending->elapsed.start();

    m_router.dispatch(request, [this, pending](HttpReply reply) {
        if (QThread::currentThread() != thread()) {
            QMetaObject::invokeMethod(
                this,
                [this, pending, reply = std::move(reply)]() mutable {
                    deliver(pending, std::move(reply));
                },
                Qt::QueuedConnection);
            return;
        }
        deliver(pending, std::move(reply));
    });
    return true;
}

void ApiServer::deliver(const std::shared_ptr<Pending> &pending, HttpReply reply)
{
    qCDebug(lcHttp).noquote() << pending->method << pending->path << reply.status;
    if (m_observer)
        m_observer(reply.status, double(pending->elapsed.nsecsElapsed()) / 1e9);
    if (!pending->socket) {
        qCDebug(lcHttp) << "client left before its answer";
        return;
    }
    if (pending->guarded && reply.stream) {
        // The guard writes the head, then the body piece by piece as the client reads it.
        if (pending->connection) {
            const bool withBody = statusHasBody(reply.status) && !pending->options.headRequest;
            pending->connection->completeStreamed(
                pending->seq, encodeResponse(reply, pending->options),
                withBody ? reply.stream : nullptr, withBody ? reply.streamLength : 0);
        }
        return;
    }
    auto write = [pending, reply = std::move(reply)](QTcpSocket *) {
        writeReply(pending->responder, reply, pending->options);
    };
    if (pending->guarded) {
        if (pending->connection)
            pending->connection->complete(pending->seq, std::move(write));
    } else if (pending->socket->state() == QAbstractSocket::ConnectedState) {
        write(pending->socket);
    }
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Only reached for an upgrade we refused (or one nobody listens for); Qt closes afterwards.
    if (socket->state() != QAbstractSocket::ConnectedState)
        return;
    QHttpServerResponder responder = makeResponder(request, socket);
    ResponseOptions options;
    options.closeConnection = true;
    options.tls = usesTls();
    writeReply(responder, HttpReply::error(Error::notFound(QStringLiteral("No such endpoint"))),
               options);
}

} // namespace parley::http
