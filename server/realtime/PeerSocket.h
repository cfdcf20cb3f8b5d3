#pragma once

#include "protocol/User.h"
#include "realtime/HubSettings.h"
#include "realtime/RateLimiter.h"
#include "realtime/WireFrame.h"
#include "realtime/WsTransport.h"

#include <QObject>
#include <QString>

#include <memory>

namespace parley::realtime {

// What every authenticated WebSocket of the hub shares: the transport, its user, a token bucket,
// the time it last showed life, and sending with a bound on what may pile up unsent.
class PeerSocket : public QObject, protected WsTransport::Events
{
public:
    PeerSocket(const HubSettings &settings, std::unique_ptr<WsTransport> transport, User user);
    ~PeerSocket() override;

    const User &user() const { return m_user; }
    // The user's role or name changed while connected.
    void setUser(const User &user) { m_user = user; }
    qint64 lastActivityMs() const { return m_lastActivityMs; }

    // False when the frame was not sent (closing, or the reader fell too far behind and was
    // closed with 1013: it reconnects and resumes).
    bool sendFrame(const WireFrame &frame);
    void ping();
    // Sends a close frame. A live peer gets its answer awaited (up to 5 s) so that frames it is
    // still sending do not reset the connection before it read the close frame; a silent peer
    // (`peerIsSilent`, e.g. missed heartbeats) is disconnected right after the frame is written.
    void close(int code, const QString &reason, bool peerIsSilent = false);
    // Rate-limited frames are counted per heartbeat period; too many closes the socket.
    void resetStrikes() { m_strikes = 0; }
    // A new rate limit (SIGHUP), starting with a full bucket.
    void setRate(double ratePerS, double burst) { m_limiter = RateLimiter(ratePerS, burst); }

protected:
    // Call for each incoming text frame: marks activity and applies the rate limit. False: the
    // frame must be dropped (answered with rate_limited, or the socket is closing for flooding).
    bool admit();
    int retryAfterS() const { return m_limiter.retryAfterS(); }

    void pongReceived() override;
    // Binary frames are not part of the protocol: ignored unless a subclass answers them.
    void binaryReceived() override {}

private:
    const HubSettings &m_settings;
    std::unique_ptr<WsTransport> m_transport;
    User m_user;
    RateLimiter m_limiter;
    qint64 m_lastActivityMs = 0;
    int m_strikes = 0;
    bool m_closing = false;
};

} // namespace parley::realtime
