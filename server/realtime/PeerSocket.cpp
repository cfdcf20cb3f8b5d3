#include "realtime/PeerSocket.h"

#include "logging/Logging.h"
#include "protocol/Time.h"

#include <QTimer>

namespace parley::realtime {
PeerSocket::PeerSocket(const HubSettings &settings, std::unique_ptr<WsTransport> transport,
                       User user)
    : m_settings(settings)
    , m_transport(std::move(transport))
    , m_user(std::move(user))
    , m_limiter(settings.ratePerS, settings.rateBurst)
    , m_lastActivityMs(nowMs())
{
    m_transport->setEvents(this);
}

PeerSocket::~PeerSocket()
{
    m_transport->setEvents(nullptr);
    m_transport->abort();
}

void PeerSocket::pongReceived()
{
    m_lastActivityMs = nowMs();
}

bool PeerSocket::sendFrame(const WireFrame &frame)
{
    if (m_closing)
        return false;
    if (m_transport->bytesToWrite() > m_settings.maxBufferedBytes) {
        qCInfo(lcRealtime) << "Closing slow reader" << m_user.username
                           << m_transport->bytesToWrite() << "bytes unsent";
        close(1013, QStringLiteral("Too slow: reconnect and resume"));
        return false;
    }
    if (!m_transport->isOpen())
        return false;
    m_transport->sendText(frame);
    return true;
}

void PeerSocket::ping()
{
    if (!m_closing)
        m_transport->ping();
}

void PeerSocket::close(int code, const QString &reason, bool peerIsSilent)
{
    if (m_closing)
        return;
    m_closing = true;
    if (peerIsSilent)
        m_transport->closeNow(code, reason);
    else
        m_transport->close(code, reason);
    // A peer that never answers the close handshake must not keep the connection alive.
    QTimer::singleShot(5000, this, [this] {
        if (!m_transport->isGone())
            m_transport->abort();
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
