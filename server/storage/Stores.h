#pragma once

#include "protocol/Canned.h"
#include "protocol/Integration.h"
#include "protocol/Rating.h"
#include "protocol/Result.h"
#include "storage/DeskRecords.h"
#include "storage/Records.h"
#include "storage/WebhookRecords.h"

#include <QList>
#include <QString>

#include <optional>

// The storage interfaces. Everything the server keeps goes through these; the SQL implementation
// (SQLite, PostgreSQL) lives in storage/sql and no SQL exists outside storage/. Lookups of a
// missing row answer ErrorCode::NotFound; unique clashes answer ErrorCode::Conflict; anything the
// database itself got wrong is ErrorCode::Internal (and logged).
namespace parley::storage {

class UserStore
{
public:
    virtual ~UserStore() = default;
    virtual Result<UserRecord> create(const NewUser &user) = 0;
    virtual Result<UserRecord> byId(const QString &id) = 0;
    virtual Result<UserRecord> byUsername(const QString &username) = 0;
    // Username or display name containing `query` (case-insensitive), by username, after `after`.
    virtual Result<QList<UserRecord>> list(const QString &query, const QString &after,
                                           int limit) = 0;
    virtual Result<UserRecord> update(const QString &id, const UserPatch &patch) = 0;
    virtual Result<qint64> count() = 0;
    virtual Status touchLastSeen(const QString &id, qint64 nowMs) = 0;
};

class TokenStore
{
public:
    virtual ~TokenStore() = default;
    virtual Status insert(const RefreshTokenRecord &token) = 0;
    virtual Result<RefreshTokenRecord> find(const QByteArray &digest) = 0;
    // Marks the token used if it was unused; true when this call did it (single use, atomic).
    virtual Result<bool> markUsed(const QByteArray &digest, qint64 nowMs) = 0;
    virtual Status revokeFamily(const QString &family) = 0;
    virtual Status revokeUser(const QString &userId) = 0;
    virtual Status remove(const QByteArray &digest) = 0;
};

class RoomStore
{
public:
    virtual ~RoomStore() = default;
    virtual Result<RoomRecord> create(const NewRoom &room) = 0;
    virtual Result<RoomRecord> byId(const QString &id) = 0;
    virtual Result<RoomRecord> byOrderRef(const QString &orderRef) = 0;
    virtual Result<RoomRecord> byDirectKey(const QString &directKey) = 0;

    virtual Result<std::optional<MemberRecord>> membership(const QString &roomId,
                                                           const QString &userId) = 0;
    virtual Result<QList<Member>> members(const QString &roomId) = 0;
    virtual Result<QStringList> memberIds(const QString &roomId) = 0;
    virtual Result<int> staffMemberCount(const QString &roomId) = 0;

    // Rooms of a member, newest activity first, after the cursor.
    virtual Result<QList<RoomRecord>> listForMember(const QString &userId, const RoomFilter &filter,
                                                    const std::optional<RoomCursor> &after,
                                                    int limit) = 0;
    virtual Result<QList<RoomRecord>>
    listAll(const RoomFilter &filter, const std::optional<RoomCursor> &after, int limit) = 0;
    // Open support rooms without staff, oldest waiting first.
    virtual Result<QList<RoomRecord>> queue() = 0;
    // Open support rooms the user is a member of, newest activity first.
    virtual Result<QList<RoomRecord>> openSupportRoomsOf(const QString &userId) = 0;

    virtual Status addMember(const QString &roomId, const QString &userId, qint64 nowMs,
                             qint64 readSeq) = 0;
    virtual Status removeMember(const QString &roomId, const QString &userId) = 0;
    virtual Status setStatus(const QString &roomId, RoomStatus status) = 0;
    virtual Status setWaitingSince(const QString &roomId, qint64 waitingSinceMs) = 0; // 0 clears
    virtual Status setMemberFlags(const QString &roomId, const QString &userId,
                                  std::optional<bool> muted, std::optional<bool> archived) = 0;
    // Watermarks move forward only and never past the room's last seq; answers the new value.
    virtual Result<qint64> advanceRead(const QString &roomId, const QString &userId,
                                       qint64 upToSeq) = 0;
    virtual Result<qint64> advanceDelivered(const QString &roomId, const QString &userId,
                                            qint64 upToSeq) = 0;
    virtual Result<QList<UnreadEntry>> unread(const QString &userId) = 0;

    virtual Result<qint64> countOpen() = 0;
    virtual Result<qint64> countWaiting() = 0;
};

class MessageStore
{
public:
    virtual ~MessageStore() = default;
    // Assigns the next seq of the room in the same transaction as the insert, moves the room's
    // activity and the sender's watermarks. Idempotent on (sender, client_id). A closed room
    // refuses non-system messages with RoomClosed.
    virtual Result<AppendResult> append(const NewMessage &message) = 0;
    // As append() for each message in turn, one answer per message, each failure its own (the
    // others are stored). For a group commit of sends: SQLite writes them together.
    virtual QList<Result<AppendResult>> appendMany(const QList<NewMessage> &messages) = 0;
    virtual Result<Message> byId(const QString &id) = 0;
    virtual Result<Message> bySeq(const QString &roomId, qint64 seq) = 0;
    // before/after: exclusive seq bounds (at most one is set). Neither: the newest `limit`.
    virtual Result<MessagePage> page(const QString &roomId, std::optional<qint64> before,
                                     std::optional<qint64> after, int limit) = 0;
    virtual Result<Message> edit(const QString &id, const QString &content, qint64 nowMs) = 0;
    virtual Result<Message> softDelete(const QString &id) = 0;
    virtual Result<qint64> count() = 0;
};

class AttachmentStore
{
public:
    virtual ~AttachmentStore() = default;
    virtual Status insert(const AttachmentRecord &attachment) = 0;
    virtual Result<AttachmentRecord> byId(const QString &id) = 0;
    // The uploader, and whoever may see a (not deleted) message carrying it: members of its room,
    // and staff (allRooms) for any room.
    virtual Result<bool> visibleTo(const QString &attachmentId, const QString &userId,
                                   bool allRooms) = 0;
};

// Message search. The SQLite version uses FTS5 (trigram); another database brings its own.
class SearchStore
{
public:
    virtual ~SearchStore() = default;
    virtual Result<QList<SearchHit>> search(const SearchQuery &query) = 0;
};

class ReportStore
{
public:
    virtual ~ReportStore() = default;
    virtual Result<ReportRecord> create(const QString &messageId, const QString &reporterId,
                                        const QString &reason, qint64 nowMs) = 0;
    // Newest first, before the cursor (created_at ms, id).
    virtual Result<QList<ReportRecord>> list(const std::optional<RoomCursor> &before,
                                             int limit) = 0;
};

// Private staff notes of a conversation. Kept apart from messages on purpose: a note takes no
// seq, so nothing that reads messages (history, resume, unread, last_message) can ever see one.
class NoteStore
{
public:
    virtual ~NoteStore() = default;
    virtual Result<Note> create(const QString &roomId, const User &author, const QString &content,
                                qint64 nowMs) = 0;
    // Oldest first.
    virtual Result<QList<Note>> list(const QString &roomId) = 0;
};

// Canned responses shared by staff (migration 6). The shortcut is unique: Conflict on a clash.
class CannedStore
{
public:
    virtual ~CannedStore() = default;
    virtual Result<CannedResponse> create(const QString &title, const QString &shortcut,
                                          const QString &body, const QString &createdBy,
                                          qint64 nowMs) = 0;
    virtual Result<CannedResponse> byId(const QString &id) = 0;
    // Only the fields the request carries change.
    virtual Result<CannedResponse> update(const QString &id, const CannedRequest &patch,
                                          qint64 nowMs) = 0;
    // The response as it was before it was removed.
    virtual Result<CannedResponse> remove(const QString &id) = 0;
    // Shortcut (with or without its "/") or title starting with `prefix` (case-insensitive), all
    // when empty; by shortcut.
    virtual Result<QList<CannedResponse>> list(const QString &prefix, int limit) = 0;
};

// Customer ratings of closed conversations (migration 6): one per (room, customer, closure).
class RatingStore
{
public:
    virtual ~RatingStore() = default;
    // The seq of the system message that last closed the room; nullopt if it never was.
    virtual Result<std::optional<qint64>> closingSeq(const QString &roomId) = 0;
    // Inserts, or replaces score and comment of, the customer's rating of that closure.
    virtual Result<Rating> upsert(const QString &roomId, const QString &customerId,
                                  qint64 closedSeq, int score, const QString &comment,
                                  qint64 nowMs) = 0;
    // Newest closure first.
    virtual Result<QList<Rating>> forRoom(const QString &roomId) = 0;
    // Per staff member of the rated rooms, overall, and the `latest` newest ratings.
    virtual Result<RatingReport> report(int latest) = 0;
};

// Previous versions of edited and deleted messages (migration 6).
class MessageHistoryStore
{
public:
    virtual ~MessageHistoryStore() = default;
    // Copies the message as it is now into its history; call in the transaction of the change,
    // before it.
    virtual Status record(const QString &messageId, MessageChange::Action action,
                          const QString &actorId, qint64 nowMs) = 0;
    // Every change of the room's messages, by message then version.
    virtual Result<QList<MessageChange>> forRoom(const QString &roomId) = 0;
};

// Support desk assignment (migration 5): who handles a support room, staff availability, and
// the desk settings. Claims are conditional UPDATEs, so two nodes never both assign one room.
struct StaffDeskState
{
    User user;
    bool away = false;
    qint64 lastAssignedMs = 0; // 0: never
    int openAssigned = 0;      // open rooms assigned to them
};

class AssignmentStore
{
public:
    virtual ~AssignmentStore() = default;
    // Sets (or, with an empty id, clears) the assignee of an open room. `expectedAssignee`: only
    // when the room is assigned to exactly that user now ("" unassigned). False when nothing
    // matched (closed, or changed meanwhile).
    virtual Result<bool> setAssignee(const QString &roomId, const QString &assigneeId,
                                     const std::optional<QString> &expectedAssignee) = 0;
    // Auto-assignment's claim: only while the room is open, waiting and unassigned; it leaves
    // the queue in the same statement. False when another node (or person) got there first.
    virtual Result<bool> claimWaiting(const QString &roomId, const QString &assigneeId) = 0;
    virtual Status recordAssigned(const QString &userId, qint64 nowMs) = 0;
    virtual Status setAway(const QString &userId, bool away) = 0;
    virtual Result<bool> isAway(const QString &userId) = 0;
    // Every active (not blocked) staff member and admin, by username.
    virtual Result<QList<StaffDeskState>> staff() = 0;
    virtual Result<std::optional<QString>> setting(const QString &name) = 0;
    virtual Status setSetting(const QString &name, const QString &value) = 0;
};

// Webhook endpoints, their coalescing windows and the durable delivery queue (docs/API.md,
// "Webhooks"). Claims are leases: a delivery is sent by whoever holds an unexpired lease on it.
class WebhookStore
{
public:
    virtual ~WebhookStore() = default;
    virtual Status createEndpoint(const WebhookEndpointRecord &endpoint) = 0;
    virtual Status updateEndpoint(const WebhookEndpointRecord &endpoint) = 0;
    virtual Result<WebhookEndpointRecord> endpoint(const QString &id) = 0;
    // Oldest first.
    virtual Result<QList<WebhookEndpointRecord>> endpoints() = 0;

    // Opens the coalescing window of (endpoint, room, recipient) until `untilMs` unless one is
    // open at `nowMs`; true when this call opened it (atomic: one opener per window).
    virtual Result<bool> openWindow(const QString &endpointId, const QString &roomId,
                                    const QString &recipientId, qint64 nowMs, qint64 untilMs) = 0;
    virtual Status enqueue(const WebhookDeliveryRecord &delivery) = 0;
    // Leases up to `limit` pending deliveries due at `nowMs` and not leased by anyone (or whose
    // lease expired) to `owner` until `leaseUntilMs`, oldest due first.
    virtual Result<QList<WebhookDeliveryRecord>> claim(const QString &owner, qint64 nowMs,
                                                       qint64 leaseUntilMs, int limit) = 0;
    // Records an attempt and releases the lease; false when `owner` no longer held it.
    virtual Result<bool> finish(const QString &id, const QString &owner,
                                const DeliveryOutcome &outcome) = 0;
    virtual Result<WebhookDeliveryRecord> delivery(const QString &id) = 0;
    // Newest first, before the cursor (created_at ms, id); an empty endpointId lists every
    // endpoint's.
    virtual Result<QList<WebhookDelivery>>
    deliveries(const QString &endpointId, const std::optional<RoomCursor> &before, int limit) = 0;
};

// Integration API keys (stored by the SHA-256 digest of their secret only) and the order events
// already posted (idempotency by the caller's event id, per order).
class IntegrationStore
{
public:
    virtual ~IntegrationStore() = default;
    virtual Status createKey(const ApiKey &key, const QByteArray &digest) = 0;
    // Newest first, revoked ones included.
    virtual Result<QList<ApiKey>> listKeys() = 0;
    // NotFound for an unknown digest.
    virtual Result<ApiKey> keyByDigest(const QByteArray &digest) = 0;
    // Sets revoked_at once (a revoked key keeps its first time); NotFound for an unknown id.
    virtual Result<ApiKey> revokeKey(const QString &id, qint64 nowMs) = 0;
    virtual Status touchKey(const QString &id, qint64 nowMs) = 0;
    // The message an earlier event with this id produced in this order's room, if any.
    virtual Result<std::optional<QString>> eventMessage(const QString &orderRef,
                                                        const QString &eventId) = 0;
    virtual Status recordEvent(const QString &orderRef, const QString &eventId,
                               const QString &messageId, const QString &keyId, qint64 nowMs) = 0;
};

} // namespace parley::storage
