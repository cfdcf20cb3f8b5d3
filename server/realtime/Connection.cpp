#include "realtime/Connection.h"

#include "protocol/JsonFields.h"
#include "protocol/WsFrames.h"
#include "realtime/Hub.h"

#include <QWebSocket>

namespace parley::realtime {

Connection::Connection(Hub &hub, std::unique_ptr<QWebSocket> socket, User user, QString sessionId)
    : PeerSocket(hub.settings(), std::move(socket), std::move(user))
    , m_hub(hub)
    , m_sessionId(std::move(sessionId))
{
    connect(&this->socket(), &QWebSocket::textMessageReceived, this, &Connection::onText);
    connect(&this->socket(), &QWebSocket::binaryMessageReceived, this, [this] {
        if (admit())
            sendError(Error::badRequest(QStringLiteral("Frames are JSON text")));
    });
    onDisconnected([this] { m_hub.connectionClosed(this); });
}

bool Connection::sendText(const QString &frame)
{
    if (!PeerSocket::sendText(frame))
        return false;
    m_hub.countFrame();
    return true;
}

void Connection::send(const QJsonObject &frame)
{
    sendText(QString::fromUtf8(json::compact(frame)));
}

void Connection::sendError(const Error &error, const QString &ref)
{
    send(ws::errorFrame(error, ref));
}

void Connection::onText(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    QString ref;
    if (!admit()) {
        (void)ws::decodeClientFrame(bytes, &ref);
        sendError({ErrorCode::RateLimited,
                   QStringLiteral("Too many frames, slow down"),
                   {},
                   retryAfterS()},
                  ref);
        return;
    }
    auto decoded = ws::decodeClientFrame(bytes, &ref);
    if (!decoded) {
        sendError(decoded.error(), ref);
        return;
    }
    m_hub.handleFrame(*this, decoded->ref, decoded->frame);
}

} // namespace parley::realtime
