#pragma once

#include "protocol/Result.h"
#include "protocol/User.h"
#include "realtime/PeerSocket.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace parley::realtime {

class Hub;

// One `/ws` socket: decodes client frames and hands them to the hub.
class Connection : public PeerSocket
{
public:
    Connection(Hub &hub, std::unique_ptr<WsTransport> transport, User user, QString sessionId);

    const QString &sessionId() const { return m_sessionId; }

    // Counts the frame in the hub's delivery figures. False: not written (closing or too slow).
    bool sendFrame(const WireFrame &frame);
    void send(const QJsonObject &frame);
    void sendError(const Error &error, const QString &ref = {});

private:
    void textReceived(const QByteArray &bytes) override;
    void binaryReceived() override;
    void disconnected() override;

    Hub &m_hub;
    QString m_sessionId;
};

} // namespace parley::realtime
