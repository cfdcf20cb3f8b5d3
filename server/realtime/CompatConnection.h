#pragma once

#include "protocol/Message.h"
#include "protocol/User.h"
#include "realtime/PeerSocket.h"

#include <QJsonObject>

#include <memory>

namespace parley::realtime {

class Hub;

// One socket of the compatibility endpoint `/ws/chat/{room_id}/`: a single room, spoken in the
// event names of the Django Channels chat these servers replace (PROTOCOL.md). Its messages are
// ordinary messages; every socket on the room, the sender's included, receives each chat_message.
class CompatConnection : public PeerSocket
{
public:
    CompatConnection(Hub &hub, std::unique_ptr<WsTransport> transport, User user, QString roomId);

    const QString &roomId() const { return m_roomId; }

    bool deliverMessage(const Message &message); // false: not written
    void deliverTyping(const QJsonObject &user, bool typing);
    void deliverMembership(const QJsonObject &user, bool joined);
    void deliverReadReceipt(const QString &userId, qint64 upToSeq);

private:
    void textReceived(const QByteArray &bytes) override;
    void disconnected() override;
    bool send(const QJsonObject &frame);
    void sendError(const QString &message);
    void receipt(const QJsonObject &frame, bool read);

    Hub &m_hub;
    QString m_roomId;
};

} // namespace parley::realtime
