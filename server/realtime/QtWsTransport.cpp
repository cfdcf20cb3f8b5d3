#include "realtime/QtWsTransport.h"

#include "realtime/UpgradeRequest.h"

#include <QTcpSocket>
#include <QWebSocket>

namespace parley::realtime {

QtWsTransport::QtWsTransport(std::unique_ptr<QWebSocket> socket, QTcpSocket *tcp,
                             qint64 maxMessageBytes)
    : m_socket(std::move(socket))
    , m_tcp(tcp)
{
    m_socket->setMaxAllowedIncomingMessageSize(quint64(maxMessageBytes));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(maxMessageBytes));
}

QtWsTransport::~QtWsTransport()
{
    if (!m_socket)
        return; // closeAndForget() let it go
    m_socket->disconnect(this);
    m_socket->abort();
}

UpgradeRequest QtWsTransport::request() const
{
    return {
        m_socket->requestUrl().path(), m_socket->origin(),
        UpgradeRequest::tokenOf(m_socket->request().rawHeader(QByteArrayLiteral("Authorization")),
                                m_socket->requestUrl())};
}

void QtWsTransport::setEvents(Events *events)
{
    m_socket->disconnect(this);
    m_events = events;
    if (!events)
        return;
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { m_events->textReceived(text.toUtf8()); });
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this,
            [this] { m_events->binaryReceived(); });
    connect(m_socket.get(), &QWebSocket::pong, this, [this] { m_events->pongReceived(); });
    connect(m_socket.get(), &QWebSocket::disconnected, this, [this] { m_events->disconnected(); });
}

bool QtWsTransport::isOpen() const
{
    if (!m_tcp)
        return m_socket->state() == QAbstractSocket::ConnectedState;
    return m_tcp->state() == QAbstractSocket::ConnectedState;
}

bool QtWsTransport::isGone() const
{
    return m_socket->state() == QAbstractSocket::UnconnectedState;
}

qint64 QtWsTransport::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void QtWsTransport::sendText(const WireFrame &frame)
{
    if (!m_tcp) {
        m_socket->sendTextMessage(QString::fromUtf8(frame.payload()));
        return;
    }
    if (m_tcp->state() != QAbstractSocket::ConnectedState)
        return;
    // Whole frames, on the thread that owns the socket, so they never interleave with the frames
    // QWebSocket writes itself (pings, close). Written as bytes, not as the shared QByteArray:
    // QIODevice would keep a large one as its own buffer chunk and send it with a system call of
    // its own; copied, the frames queued for a socket in one event-loop pass go out together.
    m_tcp->write(frame.bytes().constData(), frame.bytes().size());
}

void QtWsTransport::ping()
{
    m_socket->ping();
}

void QtWsTransport::close(int code, const QString &reason)
{
    // QWebSocket::close() stops reading while it flushes and then closes the descriptor; a peer
    // that is still sending (a flooder) then gets a TCP reset that can swallow the close frame.
    // So: write the close frame ourselves and keep reading; when the peer's close frame comes,
    // QWebSocket answers it and closes, by then the peer has stopped sending.
    QTcpSocket *tcp = m_tcp.data();
    if (!tcp || tcp->state() != QAbstractSocket::ConnectedState || tcp->socketDescriptor() < 0) {
        closeNow(code, reason);
        return;
    }
    const QByteArray why = reason.toUtf8().left(123);
    QByteArray frame;
    frame.append(char(0x88)); // FIN + close opcode, unmasked (server to client)
    frame.append(char(2 + why.size()));
    frame.append(char((code >> 8) & 0xff));
    frame.append(char(code & 0xff));
    frame.append(why);
    tcp->write(frame);
}

void QtWsTransport::closeNow(int code, const QString &reason)
{
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
}

void QtWsTransport::abort()
{
    m_socket->abort();
}

void QtWsTransport::closeAndForget(int code, const QString &reason)
{
    m_socket->disconnect(this);
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
    m_socket.release()->deleteLater();
    delete this;
}

} // namespace parley::realtime
