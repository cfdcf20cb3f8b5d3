#pragma once

#include "events/EventBus.h"
#include "protocol/Result.h"
#include "protocol/User.h"
#include "protocol/WsFrames.h"
#include "realtime/HubSettings.h"
#include "realtime/Presence.h"
#include "realtime/WireFrame.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace parley::service {
class AuthService;
class ChatService;
} // namespace parley::service
namespace parley::storage {
class Storage;
}

namespace parley::realtime {

class Connection;
class CompatConnection;
class PeerSocket;
class WsTransport;
struct UpgradeRequest;

// The real-time side: accepts WebSockets, authenticates them, acts on client frames through the
// service layer, and turns the events the services publish into frames for every connection
// concerned. One event is serialized once, however many sockets it goes to.
class Hub : public QObject
{
public:
    Hub(HubSettings settings, storage::Storage &storage, service::ChatService &chat,
        service::AuthService &auth, events::EventBus &bus);
    ~Hub() override;

    // A freshly upgraded socket (any WebSocket path) and what its upgrade request asked for.
    void accept(const UpgradeRequest &request, std::unique_ptr<WsTransport> transport);

    qint64 connectionCount() const;
    // Frames written to sockets since start (every copy counts).
    quint64 framesSent() const { return m_framesSent; }
    void countFrame() { ++m_framesSent; }
    void setSendObserver(std::function<void(double seconds)> observer)
    {
        m_sendObserver = std::move(observer);
    }
    Presence &presence() { return m_presence; }
    const HubSettings &settings() const { return m_settings; }

    // Lifecycle (HubLifecycle.cpp).
    // Graceful stop: commits and acks the sends already received, then closes every socket with
    // 1001 (clients reconnect elsewhere and resume) and refuses new ones. Frames arriving after
    // this are dropped unacked.
    void shutdown();
    bool isShuttingDown() const { return m_shuttingDown; }
    // Settings that may change while running (SIGHUP): rate limit (every socket, its bucket
    // refilled) and allowed origins (new sockets).
    void updateSettings(double ratePerS, double rateBurst, const QStringList &allowedOrigins);
    // Sends received and waiting for the next group commit.
    qsizetype pendingSends() const { return m_sends.size(); }
    // Observes each group commit: its duration and how many sends it stored.
    void setCommitObserver(std::function<void(double seconds, qsizetype sends)> observer)
    {
        m_commitObserver = std::move(observer);
    }
    // Message frames written to sockets (one per receiving socket).
    quint64 messagesDelivered() const { return m_messagesDelivered; }

    // Called by connections.
    void handleFrame(Connection &connection, const QString &ref, const ws::ClientFrame &frame);
    void connectionClosed(Connection *connection);
    void compatClosed(CompatConnection *connection, const QString &roomId);
    void compatTyping(const User &user, const QString &roomId, bool typing);
    service::ChatService &chat() { return m_chat; }
    storage::Storage &storage() { return m_storage; }
    // Group commit: stores the sends received since the last call in one transaction, then
    // acks each and delivers the messages. The first send of an event-loop pass queues a call;
    // the raw WebSocket server calls it as soon as it has read all that was readable.
    void flushSends();

private:
    void onEvent(const events::Event &event);
    void onHeartbeat();
    void acceptChat(std::unique_ptr<WsTransport> transport, const User &user);
    void acceptCompat(std::unique_ptr<WsTransport> transport, const User &user,
                      const QString &roomId);

    void handleSend(Connection &c, const QString &ref, const ws::SendFrame &frame);
    void handleTyping(Connection &c, const QString &ref, const ws::TypingFrame &frame);
    void handleReceipt(Connection &c, const QString &ref, const ws::ReceiptFrame &frame);
    void handleResume(Connection &c, const QString &ref, const ws::ResumeFrame &frame);
    void setTyping(const User &user, const QString &roomId, bool typing);

    // Delivery helpers. `except` is the connection that gets nothing (an event's origin, found
    // once with sessionOf: one pointer compare per recipient instead of a session id compare).
    // The open /ws connections of a room's members, in member order (cached; see m_fanout).
    const std::vector<Connection *> &fanout(const QString &roomId);
    // Membership of the room changed, or (no room) of any room.
    void forgetMembers(const QString &roomId);
    void forgetAllMembers();
    const QStringList &members(const QString &roomId);
    const Connection *sessionOf(const QString &userId, const QString &sessionId) const;
    // Both answer how many sockets the frame was written to.
    qsizetype toUser(const QString &userId, const WireFrame &frame,
                     const Connection *except = nullptr);
    qsizetype toMembers(const QString &roomId, const WireFrame &frame,
                        const QString &exceptUser = {},
                        const Connection *exceptConnection = nullptr);
    void toStaff(const WireFrame &frame);
    // Staff members of the room only: the one path for staff-only frames (private notes).
    void toStaffMembers(const QString &roomId, const WireFrame &frame);
    void roomViewTo(const QString &userId, const QString &roomId, const QString &type);
    void presenceChanged(const User &user, bool online);
    // A cluster-wide presence change: frames now, or for going offline after the grace period.
    void presenceChange(const QJsonObject &user, bool online);
    // Presence frames to everyone concerned on this node.
    void presenceFrames(const QJsonObject &user, bool online);

    // Several nodes (HubCluster.cpp). Per room, the highest seq this node has delivered: a message
    // event beyond the next one means notifications were lost (a broker outage, or events of
    // several nodes crossing), and the gap is delivered from the database first; one at or below
    // it was delivered already.
    void watchRooms(const QString &userId);
    void watchRoom(const QString &roomId, qint64 lastSeq);
    // `messageJson` is `message` serialized (Message::toJsonBytes).
    void deliverMessage(const Message &message, const QByteArray &messageJson,
                        const Connection *except);
    // Delivers messages after `fromSeq` and before `toSeq` (exclusive) from the database.
    void fillGap(const QString &roomId, qint64 fromSeq, qint64 toSeq);
    void catchUp();
    void nodeDown(const QString &node, const QList<QJsonObject> &users);
    void presenceSnapshot(const events::ClusterObserver::NodeUsers &nodes, bool complete);
    bool hasLocalAudience(const QString &roomId);
    // The user as stored now: connections and presence follow role and name changes.
    void refreshUser(const User &user);
    // Every authenticated socket, /ws and compat.
    QList<PeerSocket *> peers() const;

    HubSettings m_settings;
    storage::Storage &m_storage;
    service::ChatService &m_chat;
    service::AuthService &m_auth;
    events::EventBus &m_bus;
    Presence m_presence;
    QHash<QString, QList<Connection *>> m_byUser;
    QHash<QString, QStringList> m_memberCache;
    // m_memberCache resolved through m_byUser: a message's fan-out walks one vector instead of
    // hashing every member's id (7% of the server's CPU in the closed-loop bench). Dropped
    // whenever a /ws connection opens or closes or a room's membership changes.
    QHash<QString, std::vector<Connection *>> m_fanout;
    QHash<QString, qint64> m_deliveredSeq; // room -> highest seq delivered (see watchRooms)
    QHash<QString, QList<CompatConnection *>> m_compatByRoom;
    QHash<QString, QTimer *> m_typingTimers; // "room/user" -> expiry
    QHash<QString, QTimer *> m_offlineGrace; // user -> pending offline (HubSettings)
    QTimer m_heartbeat;
    struct PendingSend
    {
        QPointer<Connection> connection;
        QString ref;
        ws::SendFrame frame;
        qint64 startNs = 0;
    };
    QList<PendingSend> m_sends; // waiting for the next group commit
    // While a group commit publishes: the serialized JSON of each message it stored, by message
    // id, so the sender's ack carries the bytes the members' copies carry.
    QHash<QString, QByteArray> m_storedJson;
    // The messages a group commit stored, delivered to the members once the senders' acks are
    // queued: sockets are written in the order frames were queued, and a sender waiting for its
    // ack behind 49 copies waited ~0.4 ms longer than the copies' readers (BENCHMARKS.md).
    struct CommittedMessage
    {
        std::shared_ptr<const Message> message;
        QByteArray messageJson; // `message` serialized
        QString senderId;
        QString origin; // the sending session, which gets the ack instead
    };
    QList<CommittedMessage> m_committed;
    bool m_flushing = false;
    QElapsedTimer m_clock;
    quint64 m_framesSent = 0;
    quint64 m_messagesDelivered = 0;
    std::function<void(double)> m_sendObserver;
    std::function<void(double, qsizetype)> m_commitObserver;
    bool m_shuttingDown = false;
};

} // namespace parley::realtime
