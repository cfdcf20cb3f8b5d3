#include "realtime/Connection.h"

#include "protocol/JsonFields.h"
#include "protocol/WsFrames.h"
#include "realtime/Hub.h"

namespace parley::realtime {

Connection::Connection(Hub &hub, std::unique_ptr<WsTransport> transport, User user,
                       QString sessionId)
    : PeerSocket(hub.settings(), std::move(transport), std::move(user))
    , m_hub(hub)
    , m_sessionId(std::move(sessionId))
{}

void Connection::binaryReceived()
{
    if (admit())
        sendError(Error::badRequest(QStringLiteral("Frames are JSON text")));
}

void Connection::disconnected()
{
    m_hub.connectionClosed(this);
}

bool Connection::sendFrame(const WireFrame &frame)
{
    if (!PeerSocket::sendFrame(frame))
        return false;
    m_hub.countFrame();
    return true;
}

void Connection::send(const QJsonObject &frame)
{
    sendFrame(WireFrame(json::compact(frame)));
}

void Connection::sendError(const Error &error, const QString &ref)
{
    send(ws::errorFrame(error, ref));
}

void Connection::textReceived(const QByteArray &bytes)
{
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
