#pragma once

#include "protocol/Result.h"
#include "protocol/User.h"
#include "protocol/WsFrames.h"
#include "realtime/RateLimiter.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>

class QWebSocket;

namespace parley::realtime {

class Hub;

// One authenticated `/ws` socket: decodes client frames, asks the hub to act on them, and sends
// frames with a bound on what may pile up unsent.
class Connection : public QObject
{
public:
    Connection(Hub &hub, std::unique_ptr<QWebSocket> socket, User user, QString sessionId);
    ~Connection() override;

    const User &user() const { return m_user; }
    const QString &sessionId() const { return m_sessionId; }
    qint64 lastActivityMs() const { return m_lastActivityMs; }

    void sendText(const QString &frame);
    void send(const QJsonObject &frame);
    void sendError(const Error &error, const QString &ref = {});
    void ping();
    void close(int code, const QString &reason);
    // Rate-limited frames are counted per heartbeat period; too many closes the socket.
    void resetStrikes() { m_strikes = 0; }

private:
    void onText(const QString &text);

    Hub &m_hub;
    std::unique_ptr<QWebSocket> m_socket;
    User m_user;
    QString m_sessionId;
    RateLimiter m_limiter;
    qint64 m_lastActivityMs = 0;
    int m_strikes = 0;
    bool m_closing = false;
};

} // namespace parley::realtime
