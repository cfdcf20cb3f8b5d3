#include "http/GuardedTcpServer.h"

#include "http/EdgeConnection.h"
#include "http/HeadReader.h"
#include "http/HttpReply.h"
#include "http/ResponseHead.h"
#include "logging/Logging.h"

#include <QTcpSocket>

#ifndef QT_NO_SSL
#include <QSslSocket>
#endif

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace parley::http {
namespace {

#ifdef Q_OS_UNIX
QHostAddress peerOf(qintptr handle)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(static_cast<int>(handle), reinterpret_cast<sockaddr *>(&address), &length) !=
        0)
        return {};
    return QHostAddress(reinterpret_cast<const sockaddr *>(&address));
}
#endif

} // namespace

GuardedTcpServer::GuardedTcpServer(std::shared_ptr<const EdgeLimits> limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(std::move(limits))
{
    m_clock.start();
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &GuardedTcpServer::onDeadline);
}

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

void GuardedTcpServer::uncount(const QHostAddress &address)
{
    const auto it = m_perIp.find(address);
    if (it != m_perIp.end() && --it.value() <= 0)
        m_perIp.erase(it);
}

void GuardedTcpServer::incomingConnection(qintptr handle)
{
#ifdef Q_OS_UNIX
    // TLS bytes cannot be framed before the handshake: those sockets are adopted at once.
    if (!usesTls()) {
        const QHostAddress peer = peerOf(handle);
        const bool tooMany = m_limits->maxConnectionsPerIp > 0 &&
                             m_perIp.value(peer) >= m_limits->maxConnectionsPerIp;
        if (!peer.isNull() && !tooMany) {
            holdForHead(handle, peer);
            return;
        }
    }
#endif
    QTcpSocket *socket = adopt(handle);
    if (!socket)
        return;
    serve(socket, socket->peerAddress(), false);
}

void GuardedTcpServer::holdForHead(qintptr handle, const QHostAddress &peer)
{
    ++m_perIp[peer];
    auto reader = std::make_unique<HeadReader>(handle, peer, *m_limits, m_clock.elapsed());
    connect(&reader->notifier(), &QSocketNotifier::activated, this,
            [this, handle] { readHead(handle); });
    const qint64 deadline = reader->deadlineMs();
    m_readers.emplace(handle, Waiting{std::move(reader), m_deadlines.emplace(deadline, handle)});
    scheduleDeadline();
}

void GuardedTcpServer::readHead(qintptr descriptor)
{
    const auto it = m_readers.find(descriptor);
    if (it == m_readers.end())
        return;
    HeadReader &reader = *it->second.reader;
    switch (reader.read(m_clock.elapsed())) {
    case HeadReader::State::Waiting:
        rescheduleReader(descriptor);
        return;
    case HeadReader::State::Gone: {
        std::unique_ptr<HeadReader> gone = takeReader(descriptor);
        uncount(gone->peer());
        retire(std::move(gone));
        return;
    }
    case HeadReader::State::Ready:
        handOver(takeReader(descriptor));
        return;
    }
}

void GuardedTcpServer::rescheduleReader(qintptr descriptor)
{
    Waiting &waiting = m_readers.at(descriptor);
    if (waiting.reader->deadlineMs() == waiting.deadline->first)
        return;
    m_deadlines.erase(waiting.deadline);
    waiting.deadline = m_deadlines.emplace(waiting.reader->deadlineMs(), descriptor);
    scheduleDeadline();
}

std::unique_ptr<HeadReader> GuardedTcpServer::takeReader(qintptr descriptor)
{
    const auto it = m_readers.find(descriptor);
    std::unique_ptr<HeadReader> reader = std::move(it->second.reader);
    m_deadlines.erase(it->second.deadline);
    m_readers.erase(it);
    return reader;
}

// The head is complete (or framing failed): a QTcpSocket and the guard take over, with the bytes
// read so far put back in front of the socket's input, where the guard frames them again.
void GuardedTcpServer::handOver(std::unique_ptr<HeadReader> reader)
{
    const QHostAddress peer = reader->peer();
    const QByteArray bytes = reader->takeBytes();
    if (m_upgradeTaker && !reader->closing() && m_upgradeTaker(reader->descriptor(), bytes, peer)) {
        reader->release();
        retire(std::move(reader));
        return;
    }
    // A request still in progress (its body follows) keeps the time its head took.
    const qint64 elapsedMs =
        reader->inRequest() ? m_clock.elapsed() - reader->requestStartedMs() : 0;
    const qintptr descriptor = reader->release();
    retire(std::move(reader));
    QTcpSocket *socket = adopt(descriptor);
    if (!socket) {
        uncount(peer);
        return;
    }
    for (qsizetype i = bytes.size(); i-- > 0;)
        socket->ungetChar(bytes.at(i));
    EdgeConnection *guard = serve(socket, peer, true);
    if (elapsedMs > 0)
        guard->creditFirstRequest(elapsedMs);
    if (!bytes.isEmpty())
        QMetaObject::invokeMethod(socket, &QIODevice::readyRead, Qt::QueuedConnection);
}

// A reader is deleted on a later pass of the event loop: it may be its notifier that called.
void GuardedTcpServer::retire(std::unique_ptr<HeadReader> reader)
{
    reader->notifier().setEnabled(false);
    m_retired.push_back(std::move(reader));
    if (m_retired.size() == 1)
        QMetaObject::invokeMethod(
            this, [this] { m_retired.clear(); }, Qt::QueuedConnection);
}

void GuardedTcpServer::onDeadline()
{
    const qint64 now = m_clock.elapsed();
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        const qintptr descriptor = m_deadlines.begin()->second;
        HeadReader &reader = *m_readers.at(descriptor).reader;
        if (reader.inRequest() && !reader.closing()) {
            // Answered here, as the guard would: a socket made only to say 408 would cost every
            // slowloris connection ~10 KiB at the moment they all time out together.
            if (m_timeoutAnswer.isEmpty()) {
                HttpReply reply =
                    HttpReply::error(Error::badRequest(QStringLiteral("Request timed out")));
                reply.status = 408;
                ResponseOptions options;
                options.closeConnection = true;
                m_timeoutAnswer = encodeResponse(reply, options);
            }
            qCInfo(lcEdge).noquote() << reader.peer().toString() << 408 << "Request timed out";
            reader.answerAndClose(m_timeoutAnswer, now, m_limits->closeLingerMs);
            rescheduleReader(descriptor);
            continue;
        }
        if (!reader.closing())
            qCDebug(lcEdge).noquote() << reader.peer().toString() << "idle; closing";
        std::unique_ptr<HeadReader> done = takeReader(descriptor);
        uncount(done->peer());
        retire(std::move(done)); // idle: closed without an answer, like an idle keep-alive
    }
    scheduleDeadline();
}

void GuardedTcpServer::scheduleDeadline()
{
    if (m_deadlines.empty()) {
        m_deadlineTimer.stop();
        return;
    }
    const qint64 wait = qMax<qint64>(0, m_deadlines.begin()->first - m_clock.elapsed());
    m_deadlineTimer.start(int(qMin<qint64>(wait, 24 * 3600 * 1000)));
}

EdgeConnection *GuardedTcpServer::serve(QTcpSocket *socket, const QHostAddress &peer, bool counted)
{
    const bool tooMany = !counted && m_limits->maxConnectionsPerIp > 0 &&
                         m_perIp.value(peer) >= m_limits->maxConnectionsPerIp;
    if (!counted)
        ++m_perIp[peer];
    // Qt deletes sockets it owns when they disconnect (and a WebSocket deletes its socket), so
    // destruction is the one place every connection ends.
    connect(socket, &QObject::destroyed, this, [this, peer] { uncount(peer); });
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
        return guard;
    }
#endif
    if (tooMany)
        return guard;
    disconnect(orphanCleanup);
    addPendingConnection(socket);
    return guard;
}

} // namespace parley::http
