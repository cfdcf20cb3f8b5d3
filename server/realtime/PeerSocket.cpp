#include "realtime/PeerSocket.h"

#include "logging/Logging.h"
#include "protocol/Time.h"

#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

namespace parley::realtime {
namespace {

constexpr char kTransport[] = "parley_transport";

} // namespace

void PeerSocket::setTransport(QWebSocket &socket, QTcpSocket *transport)
{
    socket.setProperty(kTransport, QVariant::fromValue<QObject *>(transport));
}

PeerSocket::PeerSocket(const HubSettings &settings, std::unique_ptr<QWebSocket> socket, User user)
    : m_settings(settings)
    , m_socket(std::move(socket))
    , m_user(std::move(user))
    , m_limiter(settings.ratePerS, settings.rateBurst)
    , m_lastActivityMs(nowMs())
{
    connect(m_socket.get(), &QWebSocket::pong, this, [this] { m_lastActivityMs = nowMs(); });
}

PeerSocket::~PeerSocket()
{
    m_socket->disconnect(this);
    m_socket->abort();
}

void PeerSocket::onDisconnected(std::function<void()> handler)
{
    connect(m_socket.get(), &QWebSocket::disconnected, this, std::move(handler));
}

bool PeerSocket::sendText(const QString &frame)
{
    if (m_closing)
        return false;
    if (m_socket->bytesToWrite() > m_settings.maxBufferedBytes) {
        qCInfo(lcRealtime) << "Closing slow reader" << m_user.username << m_socket->bytesToWrite()
                           << "bytes unsent";
        close(1013, QStringLiteral("Too slow: reconnect and resume"));
        return false;
    }
    m_socket->sendTextMessage(frame);
    return true;
}

void PeerSocket::ping()
{
    if (!m_closing)
        m_socket->ping();
}

void PeerSocket::close(int code, const QString &reason, bool peerIsSilent)
{
    if (m_closing)
        return;
    m_closing = true;
    // QWebSocket::close() stops reading while it flushes and then closes the descriptor; a peer
    // that is still sending (a flooder) then gets a TCP reset that can swallow the close frame.
    // So: write the close frame ourselves and keep reading; when the peer's close frame comes,
    // QWebSocket answers it and closes, by then the peer has stopped sending. A peer that never
    // answers is cut off by the timer below.
    auto *tcp = qobject_cast<QTcpSocket *>(m_socket->property(kTransport).value<QObject *>());
    if (!peerIsSilent && tcp && tcp->state() == QAbstractSocket::ConnectedState &&
        tcp->socketDescriptor() >= 0) {
        const QByteArray why = reason.toUtf8().left(123);
        QByteArray frame;
        frame.append(char(0x88)); // FIN + close opcode, unmasked (server to client)
        frame.append(char(2 + why.size()));
        frame.append(char((code >> 8) & 0xff));
        frame.append(char(code & 0xff));
        frame.append(why);
        tcp->write(frame);
    } else {
        m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
    }
    // A peer that never answers the close handshake must not keep the connection alive.
    QTimer::singleShot(5000, this, [this] {
        if (m_socket->state() != QAbstractSocket::UnconnectedState)
            m_socket->abort();
    });
}

bool PeerSocket::admit()
{
    m_lastActivityMs = nowMs();
    if (m_closing)
        return false;
    if (m_limiter.allow(m_lastActivityMs))
        return true;
    if (++m_strikes > m_settings.floodStrikes)
        close(1008, QStringLiteral("Flooding"));
    return false;
}

} // namespace parley::realtime
