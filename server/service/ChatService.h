#pragma once

#include "events/EventBus.h"
#include "protocol/Requests.h"
#include "protocol/Result.h"
#include "protocol/Room.h"
#include "storage/Storage.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace parley::service {

struct RoomListQuery
{
    storage::RoomFilter filter;
    bool scopeAll = false; // staff only; ignored for customers
    int limit = 50;
    QString cursor; // from a previous RoomList
};

struct RoomList
{
    QList<Room> rooms;
    QString nextCursor; // empty: no more
};

struct ReadState
{
    qint64 readSeq = 0;
    qint64 unreadCount = 0;
};

struct UnreadSummary
{
    qint64 total = 0; // muted rooms left out
    QHash<QString, qint64> rooms;
};

struct CreatedRoom
{
    Room room;
    bool created = true; // false: an existing order/direct room
};

// The chat rules, shared by every transport: validates, authorizes, stores, then publishes events.
// The actor is the authenticated user as read from the database for this request.
class ChatService
{
public:
    ChatService(storage::Storage &storage, events::EventBus &bus);

    Result<CreatedRoom> createRoom(const User &actor, const CreateRoomRequest &request);
    Result<RoomList> listRooms(const User &actor, const RoomListQuery &query);
    Result<Room> room(const User &actor, const QString &roomId);
    Result<QList<Room>> activeRooms(const User &actor);

    Result<Room> join(const User &actor, const QString &roomId);
    Status leave(const User &actor, const QString &roomId);
    Result<Room> close(const User &actor, const QString &roomId);
    Result<Room> reopen(const User &actor, const QString &roomId);
    Result<Room> setMuted(const User &actor, const QString &roomId, bool muted);
    Result<Room> setArchived(const User &actor, const QString &roomId, bool archived);

    Result<storage::MessagePage> history(const User &actor, const QString &roomId,
                                         std::optional<qint64> before, std::optional<qint64> after,
                                         int limit);
    Result<storage::AppendResult> send(const User &actor, const QString &roomId,
                                       const SendMessageRequest &request);
    // Several users' sends at once (the WebSocket hub's group commit): as send() for each in
    // turn, each answered on its own, the messages written together (MessageStore::appendMany).
    // `origin`: the session each came from (see OriginScope).
    struct SendOf
    {
        const User *actor;
        const QString *roomId;
        const SendMessageRequest *request;
        QString origin;
    };
    QList<Result<storage::AppendResult>> sendAll(const QList<SendOf> &sends);
    Result<ReadState> markRead(const User &actor, const QString &roomId,
                               std::optional<qint64> upToSeq);
    Result<ReadState> markDelivered(const User &actor, const QString &roomId, qint64 upToSeq);
    Result<UnreadSummary> unreadCount(const User &actor);

    Result<Message> editMessage(const User &actor, const QString &messageId,
                                const QString &content);
    Result<Message> deleteMessage(const User &actor, const QString &messageId);
    Result<storage::ReportRecord> report(const User &actor, const QString &messageId,
                                         const QString &reason);

    // Runs several operations in one transaction (group commit): each still succeeds or fails on
    // its own (savepoints), their events are published once the whole batch committed.
    Status batch(const std::function<Status()> &work);

    // The room as `viewerId` sees it (members, last message, their unread count and flags).
    Result<Room> view(const storage::RoomRecord &record, const QString &viewerId);

    // Marks the events published while it lives as caused by one WebSocket session, so the
    // sender's own connection gets an ack instead of a copy.
    class OriginScope
    {
    public:
        OriginScope(ChatService &chat, const QString &origin)
            : m_chat(chat)
        {
            m_chat.m_origin = origin;
        }
        ~OriginScope() { m_chat.m_origin.clear(); }
        OriginScope(const OriginScope &) = delete;
        OriginScope &operator=(const OriginScope &) = delete;

    private:
        ChatService &m_chat;
    };

private:
    struct Access
    {
        storage::RoomRecord room;
        std::optional<storage::MemberRecord> membership;
    };
    // The room if the actor may see it (a member, or staff); NotFound otherwise.
    Result<Access> access(const User &actor, const QString &roomId);
    Result<Access> memberAccess(const User &actor, const QString &roomId);
    Status requireMember(const User &actor, const QString &roomId);
    Status checkAttachment(const User &actor, const SendMessageRequest &request);
    Result<Access> messageAccess(const User &actor, const QString &messageId, Message *message);
    // Writes a system message for a room event and moves the actor's watermark past it.
    Status systemMessage(const User &actor, const QString &roomId, const QString &event,
                         const QString &sentence);
    Status updateQueue(const QString &roomId);
    // Close or reopen, with its system message and the queue kept right.
    Result<Room> changeStatus(const User &actor, const QString &roomId, RoomStatus status);
    Result<Room> viewOf(const User &actor, const QString &roomId);
    // Events are queued while a transaction runs and published only once it committed.
    void publish(events::Event::Kind kind, const QString &roomId, const QString &userId,
                 QJsonObject payload = {});
    void publishMessage(events::Event::Kind kind, const Message &message, const QString &userId);
    Status commit(const std::function<Status()> &work);
    // The message a send would store, once the sender may send it (membership, reply_to, upload).
    Result<storage::NewMessage> newMessage(const User &actor, const QString &roomId,
                                           const SendMessageRequest &request);

    storage::Storage &m_storage;
    events::EventBus &m_bus;
    QList<events::Event> m_pending; // published after the transaction commits
    QList<events::Event> m_batched; // committed inside a batch, published after it
    int m_batchDepth = 0;
    QString m_origin;
};

} // namespace parley::service
