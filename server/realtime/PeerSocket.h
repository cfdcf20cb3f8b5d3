#pragma once

#include "protocol/User.h"
#include "realtime/HubSettings.h"
#include "realtime/RateLimiter.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QTcpSocket;
class QWebSocket;

namespace parley::realtime {

// What every authenticated WebSocket of the hub shares: the socket, its user, a token bucket, the
// time it last showed life, and sending with a bound on what may pile up unsent.
class PeerSocket : public QObject
{
public:
    PeerSocket(const HubSettings &settings, std::unique_ptr<QWebSocket> socket, User user);
    ~PeerSocket() override;

    // Records the TCP connection under `socket` (see close()). Call before handing it to the hub.
    static void setTransport(QWebSocket &socket, QTcpSocket *transport);

    const User &user() const { return m_user; }
    // The user's role or name changed while connected.
    void setUser(const User &user) { m_user = user; }
    qint64 lastActivityMs() const { return m_lastActivityMs; }

    // False when the frame was not sent (closing, or the reader fell too far behind and was
    // closed with 1013: it reconnects and resumes).
    bool sendText(const QString &frame);
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
    // Runs once the socket is gone.
    void onDisconnected(std::function<void()> handler);

    QWebSocket &socket() { return *m_socket; }

private:
    const HubSettings &m_settings;
    std::unique_ptr<QWebSocket> m_socket;
    User m_user;
    RateLimiter m_limiter;
    qint64 m_lastActivityMs = 0;
    int m_strikes = 0;
    bool m_closing = false;
};

} // namespace parley::realtime
