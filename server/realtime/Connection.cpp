#include "realtime/Connection.h"

#include "logging/Logging.h"
#include "protocol/JsonFields.h"
#include "protocol/Time.h"
#include "realtime/Hub.h"

#include <QWebSocket>

namespace parley::realtime {

Connection::Connection(Hub &hub, std::unique_ptr<QWebSocket> socket, User user, QString sessionId)
    : m_hub(hub)
    , m_socket(std::move(socket))
    , m_user(std::move(user))
    , m_sessionId(std::move(sessionId))
    , m_limiter(hub.settings().ratePerS, hub.settings().rateBurst)
    , m_lastActivityMs(nowMs())
{
    m_socket->setParent(nullptr);
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &Connection::onText);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, [this] {
        m_lastActivityMs = nowMs();
        sendError(Error::badRequest(QStringLiteral("Frames are JSON text")));
    });
    connect(m_socket.get(), &QWebSocket::pong, this, [this] { m_lastActivityMs = nowMs(); });
    connect(m_socket.get(), &QWebSocket::disconnected, this,
            [this] { m_hub.connectionClosed(this); });
}

Connection::~Connection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void Connection::sendText(const QString &frame)
{
    if (m_closing)
        return;
    // A reader that does not keep up is dropped rather than buffered without bound; it resumes
    // from its cursors when it comes back.
    if (m_socket->bytesToWrite() > m_hub.settings().maxBufferedBytes) {
        qCInfo(lcRealtime) << "Closing slow reader" << m_user.username << m_socket->bytesToWrite()
                           << "bytes unsent";
        close(1013, QStringLiteral("Too slow: reconnect and resume"));
        return;
    }
    m_socket->sendTextMessage(frame);
    m_hub.countFrame();
}

void Connection::send(const QJsonObject &frame)
{
    sendText(QString::fromUtf8(json::compact(frame)));
}

void Connection::sendError(const Error &error, const QString &ref)
{
    send(ws::errorFrame(error, ref));
}

void Connection::ping()
{
    if (!m_closing)
        m_socket->ping();
}

void Connection::close(int code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
    // A peer that never answers the close handshake must not keep the connection alive.
    QTimer::singleShot(5000, this, [this] {
        if (m_socket->state() != QAbstractSocket::UnconnectedState)
            m_socket->abort();
    });
}

void Connection::onText(const QString &text)
{
    m_lastActivityMs = nowMs();
    if (!m_limiter.allow(m_lastActivityMs)) {
        if (++m_strikes > m_hub.settings().floodStrikes) {
            close(1008, QStringLiteral("Flooding"));
            return;
        }
        Error error{ErrorCode::RateLimited,
                    QStringLiteral("Too many frames, slow down"),
                    {},
                    m_limiter.retryAfterS()};
        QString ref;
        (void)ws::decodeClientFrame(text.toUtf8(), &ref);
        sendError(error, ref);
        return;
    }
    QString ref;
    auto decoded = ws::decodeClientFrame(text.toUtf8(), &ref);
    if (!decoded) {
        sendError(decoded.error(), ref);
        return;
    }
    m_hub.handleFrame(*this, decoded->ref, decoded->frame);
}

} // namespace parley::realtime
