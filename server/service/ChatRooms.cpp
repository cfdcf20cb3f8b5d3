#include "service/ChatService.h"
#include "service/RoomAccess.h"

#include "logging/Logging.h"
#include "protocol/Time.h"
#include "protocol/Validation.h"
#include "service/Cursor.h"
#include "service/RoomIds.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace parley::service {

using events::Event;
using storage::RoomRecord;

namespace {

constexpr int kMaxListLimit = 200;

qint64 activityOf(const RoomRecord &room)
{
    return room.lastMessageAtMs ? room.lastMessageAtMs : room.createdAtMs;
}

QJsonObject userPayload(const User &user)
{
    return {{QStringLiteral("user"), user.toJson()}};
}

} // namespace

ChatService::ChatService(storage::Storage &storage, events::EventBus &bus)
    : m_storage(storage)
    , m_bus(bus)
{}

void ChatService::publish(Event::Kind kind, const QString &roomId, const QString &userId,
                          QJsonObject payload)
{
    m_pending.append(Event{kind, roomId, userId, std::move(payload), m_origin});
}

void ChatService::publishMessage(Event::Kind kind, const Message &message, const QString &userId)
{
    m_pending.append(Event::aboutMessage(kind, message, userId, m_origin));
}

Status ChatService::commit(const std::function<Status()> &work)
{
    QList<Event> outer;
    outer.swap(m_pending);
    Status status = m_storage.transaction(work);
    QList<Event> events;
    events.swap(m_pending);
    m_pending = std::move(outer);
    if (!status)
        return status;
    if (m_batchDepth > 0) {
        m_batched += events;
        return status;
    }
    for (const Event &event : std::as_const(events))
        m_bus.publish(event);
    return status;
}

Status ChatService::batch(const std::function<Status()> &work)
{
    ++m_batchDepth;
    Status status = m_storage.appendOnlyTransaction(work);
    if (--m_batchDepth > 0)
        return status; // the outermost batch publishes
    QList<Event> events;
    events.swap(m_batched);
    if (status) {
        for (const Event &event : std::as_const(events))
            m_bus.publish(event);
    }
    return status;
}

Result<ChatService::Access> ChatService::access(const User &actor, const QString &roomId)
{
    auto found = roomAccess(m_storage, actor, roomId);
    if (!found)
        return found.error();
    return Access{found->room, found->membership};
}

Result<ChatService::Access> ChatService::memberAccess(const User &actor, const QString &roomId)
{
    auto found = access(actor, roomId);
    if (found && !found->membership)
        return Error::forbidden(QStringLiteral("Only members of the room can do this; join first"));
    return found;
}

Status ChatService::requireMember(const User &actor, const QString &roomId)
{
    // The hot path (a member sending to their room) costs one lookup, the membership row; the
    // rest only decides which error a non-member gets.
    if (validation::isRoomId(roomId)) {
        auto membership = m_storage.rooms().membership(roomId, actor.id);
        if (!membership)
            return membership.error();
        if (*membership)
            return {};
    }
    auto found = memberAccess(actor, roomId);
    return found ? Status() : Status(found.error());
}

Result<Room> ChatService::view(const RoomRecord &record, const QString &viewerId)
{
    Room room;
    room.id = record.id;
    room.kind = record.kind;
    room.subject = record.subject;
    room.orderRef = record.orderRef;
    room.status = record.status;
    room.createdBy = record.createdBy;
    room.createdAt = fromEpochMs(record.createdAtMs);
    if (record.lastMessageAtMs)
        room.lastMessageAt = fromEpochMs(record.lastMessageAtMs);
    room.lastSeq = record.lastSeq;
    if (record.waitingSinceMs)
        room.waitingSince = fromEpochMs(record.waitingSinceMs);

    auto members = m_storage.rooms().members(record.id);
    if (!members)
        return members.error();
    room.members = *members;
    bool viewerIsMember = false;
    for (const Member &member : std::as_const(room.members)) {
        if (member.user.id == record.assigneeId)
            room.assignee = member.user;
        if (member.user.id == viewerId) {
            viewerIsMember = true;
            room.unreadCount = std::max<qint64>(0, record.lastSeq - member.readSeq);
        }
    }
    // Muted and archived are the viewer's own flags: only a member has them.
    if (viewerIsMember) {
        auto membership = m_storage.rooms().membership(record.id, viewerId);
        if (!membership)
            return membership.error();
        if (*membership) {
            room.muted = (*membership)->muted;
            room.archived = (*membership)->archived;
        }
    }
    if (record.lastSeq > 0) {
        auto last = m_storage.messages().bySeq(record.id, record.lastSeq);
        if (last)
            room.lastMessage = *last;
    }
    return room;
}

Result<Room> ChatService::viewOf(const User &actor, const QString &roomId)
{
    auto record = m_storage.rooms().byId(roomId);
    if (!record)
        return record.error();
    return view(*record, actor.id);
}

Result<CreatedRoom> ChatService::createRoom(const User &actor, const CreateRoomRequest &request)
{
    auto &rooms = m_storage.rooms();
    storage::NewRoom room;
    room.kind = request.kind;
    room.subject = request.subject;
    room.createdBy = actor.id;
    room.nowMs = nowMs();
    room.memberIds = {actor.id};

    // Named members must exist; the caller is never listed twice.
    auto addMembers = [&]() -> Status {
        for (const QString &id : request.members) {
            if (id == actor.id || room.memberIds.contains(id))
                continue;
            auto user = m_storage.users().byId(id);
            if (!user) {
                if (user.error().code == ErrorCode::NotFound)
                    return Error::validation(QStringLiteral("members"),
                                             QStringLiteral("Unknown user %1").arg(id));
                return user.error();
            }
            room.memberIds.append(id);
        }
        return {};
    };

    // Order and direct rooms exist once: asking again answers the existing room (200).
    auto reuse = [&](const RoomRecord &existing) -> Result<CreatedRoom> {
        auto viewed = view(existing, actor.id);
        if (!viewed)
            return viewed.error();
        return CreatedRoom{*viewed, false};
    };

    switch (request.kind) {
    case RoomKind::Support:
        room.waiting = !isStaff(actor.role);
        break;
    case RoomKind::Order: {
        auto existing = rooms.byOrderRef(request.orderRef);
        if (existing) {
            auto membership = rooms.membership(existing->id, actor.id);
            if (!membership)
                return membership.error();
            if (!*membership && !isStaff(actor.role))
                return Error::conflict(
                    QStringLiteral("This order already has a conversation with other people"));
            return reuse(*existing);
        }
        if (existing.error().code != ErrorCode::NotFound)
            return existing.error();
        room.orderRef = request.orderRef;
        if (auto s = addMembers(); !s)
            return s.error();
        break;
    }
    case RoomKind::Direct: {
        const QString other = request.members.value(0);
        if (request.members.size() != 1 || other == actor.id)
            return Error::validation(QStringLiteral("members"),
                                     QStringLiteral("A direct room needs exactly one other user"));
        if (auto s = addMembers(); !s)
            return s.error();
        room.directKey = std::min(actor.id, other) + u':' + std::max(actor.id, other);
        auto existing = rooms.byDirectKey(room.directKey);
        if (existing)
            return reuse(*existing);
        if (existing.error().code != ErrorCode::NotFound)
            return existing.error();
        break;
    }
    case RoomKind::Group:
        if (auto s = addMembers(); !s)
            return s.error();
        break;
    }

    std::optional<RoomRecord> created;
    Status status = commit([&]() -> Status {
        // A fresh id clashes with an existing one about once in 10^12 rooms: try again.
        for (int attempt = 0; attempt < 3 && !created; ++attempt) {
            room.id = newRoomId();
            auto inserted = rooms.create(room);
            if (inserted) {
                created = *inserted;
            } else if (inserted.error().code != ErrorCode::Conflict || !room.orderRef.isEmpty() ||
                       !room.directKey.isEmpty()) {
                return inserted.error();
            }
        }
        if (!created)
            return Error::internal(QStringLiteral("Could not allocate a room id"));
        publish(Event::Kind::RoomCreated, created->id, actor.id,
                {{QStringLiteral("member_ids"), QJsonArray::fromStringList(room.memberIds)}});
        if (room.waiting)
            publish(Event::Kind::QueueChanged, created->id, actor.id,
                    {{QStringLiteral("waiting"), true}});
        return {};
    });
    if (!status)
        return status.error();
    auto viewed = view(*created, actor.id);
    if (!viewed)
        return viewed.error();
    qCInfo(lcChat) << "Room" << created->id << roomKindName(room.kind) << "created by"
                   << actor.username;
    return CreatedRoom{*viewed, true};
}

Result<RoomList> ChatService::listRooms(const User &actor, const RoomListQuery &query)
{
    std::optional<storage::RoomCursor> after;
    if (!query.cursor.isEmpty()) {
        after = decodeCursor(query.cursor);
        if (!after)
            return Error::validation(QStringLiteral("cursor"), QStringLiteral("Invalid cursor"));
    }
    const int limit = std::clamp(query.limit, 1, kMaxListLimit);
    auto records = (query.scopeAll && isStaff(actor.role))
                       ? m_storage.rooms().listAll(query.filter, after, limit + 1)
                       : m_storage.rooms().listForMember(actor.id, query.filter, after, limit + 1);
    if (!records)
        return records.error();
    RoomList list;
    const bool more = records->size() > limit;
    if (more)
        records->removeLast();
    for (const RoomRecord &record : std::as_const(*records)) {
        auto viewed = view(record, actor.id);
        if (!viewed)
            return viewed.error();
        list.rooms.append(*viewed);
    }
    if (more)
        list.nextCursor = encodeCursor({activityOf(records->last()), records->last().id});
    return list;
}

Result<Room> ChatService::room(const User &actor, const QString &roomId)
{
    auto found = access(actor, roomId);
    if (!found)
        return found.error();
    return view(found->room, actor.id);
}

Result<QList<Room>> ChatService::activeRooms(const User &actor)
{
    if (!isStaff(actor.role))
        return Error::forbidden(QStringLiteral("Staff only"));
    auto waiting = m_storage.rooms().queue();
    if (!waiting)
        return waiting.error();
    auto own = m_storage.rooms().openSupportRoomsOf(actor.id);
    if (!own)
        return own.error();
    QList<Room> result;
    QSet<QString> seen;
    for (const auto *records : {&*waiting, &*own}) {
        for (const RoomRecord &record : *records) {
            if (seen.contains(record.id))
                continue;
            seen.insert(record.id);
            auto viewed = view(record, actor.id);
            if (!viewed)
                return viewed.error();
            result.append(*viewed);
        }
    }
    return result;
}

Status ChatService::systemMessage(const User &actor, const QString &roomId, const QString &event,
                                  const QString &sentence)
{
    storage::NewMessage message;
    message.roomId = roomId;
    message.type = MessageType::System;
    message.content = sentence.arg(actor.displayName);
    message.metadata = {{QStringLiteral("event"), event}, {QStringLiteral("user_id"), actor.id}};
    message.nowMs = nowMs();
    auto stored = m_storage.messages().append(message);
    if (!stored)
        return stored.error();
    auto membership = m_storage.rooms().membership(roomId, actor.id);
    if (!membership)
        return membership.error();
    if (*membership) {
        if (auto read = m_storage.rooms().advanceRead(roomId, actor.id, stored->message.seq); !read)
            return read.error();
    }
    publishMessage(Event::Kind::MessageCreated, stored->message, actor.id);
    return {};
}

// An open support room waits in the queue exactly while it has no staff member.
Status ChatService::updateQueue(const QString &roomId)
{
    auto room = m_storage.rooms().byId(roomId);
    if (!room)
        return room.error();
    if (room->kind != RoomKind::Support)
        return {};
    auto staff = m_storage.rooms().staffMemberCount(room->id);
    if (!staff)
        return staff.error();
    const bool shouldWait = room->status == RoomStatus::Open && *staff == 0;
    const bool waits = room->waitingSinceMs != 0;
    if (shouldWait == waits)
        return {};
    if (auto s = m_storage.rooms().setWaitingSince(room->id, shouldWait ? nowMs() : 0); !s)
        return s;
    publish(Event::Kind::QueueChanged, room->id, {}, {{QStringLiteral("waiting"), shouldWait}});
    return {};
}

Result<Room> ChatService::join(const User &actor, const QString &roomId)
{
    auto found = access(actor, roomId);
    if (!found)
        return found.error();
    if (!isStaff(actor.role))
        return Error::forbidden(QStringLiteral("Only staff can join conversations"));
    if (found->membership)
        return view(found->room, actor.id);
    Status status = commit([&]() -> Status {
        if (auto s = m_storage.rooms().addMember(roomId, actor.id, nowMs(), found->room.lastSeq);
            !s)
            return s;
        publish(Event::Kind::MemberJoined, roomId, actor.id, userPayload(actor));
        if (auto s = systemMessage(actor, roomId, QStringLiteral("joined"),
                                   QStringLiteral("%1 joined the conversation"));
            !s)
            return s;
        return updateQueue(roomId);
    });
    if (!status)
        return status.error();
    return viewOf(actor, roomId);
}

Status ChatService::leave(const User &actor, const QString &roomId)
{
    auto found = access(actor, roomId);
    if (!found)
        return found.error();
    if (!found->membership)
        return Error::conflict(QStringLiteral("You are not a member of this room"));
    return commit([&]() -> Status {
        if (auto s = m_storage.rooms().removeMember(roomId, actor.id); !s)
            return s;
        publish(Event::Kind::MemberLeft, roomId, actor.id, userPayload(actor));
        // An assignee who leaves is no longer assigned (docs/API.md, Support desk).
        auto unassigned = m_storage.assignments().setAssignee(roomId, {}, actor.id);
        if (!unassigned)
            return unassigned.error();
        if (*unassigned)
            publish(Event::Kind::RoomAssigned, roomId, actor.id,
                    {{QStringLiteral("assignee"), QJsonValue(QJsonValue::Null)},
                     {QStringLiteral("previous"), actor.toJson()},
                     {QStringLiteral("by"), actor.toJson()}});
        if (auto s = systemMessage(actor, roomId, QStringLiteral("left"),
                                   QStringLiteral("%1 left the conversation"));
            !s)
            return s;
        return updateQueue(roomId);
    });
}

Result<Room> ChatService::changeStatus(const User &actor, const QString &roomId, RoomStatus status)
{
    auto found = access(actor, roomId);
    if (!found)
        return found.error();
    if (found->room.status == status)
        return view(found->room, actor.id);
    const bool closing = status == RoomStatus::Closed;
    Status changed = commit([&]() -> Status {
        if (auto s = m_storage.rooms().setStatus(roomId, status); !s)
            return s;
        if (auto s = systemMessage(actor, roomId,
                                   closing ? QStringLiteral("closed") : QStringLiteral("reopened"),
                                   closing ? QStringLiteral("%1 closed the conversation")
                                           : QStringLiteral("%1 reopened the conversation"));
            !s)
            return s;
        publish(Event::Kind::RoomUpdated, roomId, actor.id);
        return updateQueue(roomId);
    });
    if (!changed)
        return changed.error();
    return viewOf(actor, roomId);
}

Result<Room> ChatService::close(const User &actor, const QString &roomId)
{
    return changeStatus(actor, roomId, RoomStatus::Closed);
}

Result<Room> ChatService::reopen(const User &actor, const QString &roomId)
{
    return changeStatus(actor, roomId, RoomStatus::Open);
}

Result<Room> ChatService::setMuted(const User &actor, const QString &roomId, bool muted)
{
    auto found = memberAccess(actor, roomId);
    if (!found)
        return found.error();
    if (auto s = m_storage.rooms().setMemberFlags(roomId, actor.id, muted, std::nullopt); !s)
        return s.error();
    return view(found->room, actor.id);
}

Result<Room> ChatService::setArchived(const User &actor, const QString &roomId, bool archived)
{
    auto found = memberAccess(actor, roomId);
    if (!found)
        return found.error();
    if (auto s = m_storage.rooms().setMemberFlags(roomId, actor.id, std::nullopt, archived); !s)
        return s.error();
    return view(found->room, actor.id);
}

} // namespace parley::service
