// Assignment of support rooms (docs/API.md, "Assignment and availability"): by hand (assign,
// transfer, unassign) and by the auto-assignment pass. Every change is one conditional UPDATE,
// so concurrent changes (two staff, two nodes) cannot both win; the rest follows in the same
// transaction and the events go out once it committed.
#include "service/DeskService.h"

#include "logging/Logging.h"
#include "protocol/Time.h"

#include <algorithm>

namespace parley::service {

using events::Event;
using storage::RoomRecord;
using storage::StaffDeskState;

namespace {

QJsonValue userOrNull(const std::optional<User> &user)
{
    return user ? QJsonValue(user->toJson()) : QJsonValue(QJsonValue::Null);
}

} // namespace

void DeskService::publishAll(const QList<Event> &events)
{
    for (const Event &event : events)
        m_bus.publish(event);
}

Status DeskService::afterAssigned(const RoomRecord &room, const std::optional<User> &assignee,
                                  const std::optional<User> &previous,
                                  const std::optional<User> &by, QList<Event> &events)
{
    auto &rooms = m_storage.rooms();
    const qint64 now = nowMs();
    const QString byId = by ? by->id : QString();
    if (assignee) {
        auto membership = rooms.membership(room.id, assignee->id);
        if (!membership)
            return membership.error();
        if (!*membership) {
            if (auto s = rooms.addMember(room.id, assignee->id, now, room.lastSeq); !s)
                return s;
            events.append({Event::Kind::MemberJoined,
                           room.id,
                           assignee->id,
                           {{QStringLiteral("user"), assignee->toJson()}},
                           {}});
        }
        if (auto s = m_storage.assignments().recordAssigned(assignee->id, now); !s)
            return s;
    }

    // What the customer sees: who handles the conversation now.
    storage::NewMessage message;
    message.roomId = room.id;
    message.type = MessageType::System;
    message.content = assignee ? QStringLiteral("%1 was assigned").arg(assignee->displayName)
                               : QStringLiteral("%1 is no longer assigned")
                                     .arg(previous ? previous->displayName : QString());
    message.metadata = {{QStringLiteral("event"),
                         assignee ? QStringLiteral("assigned") : QStringLiteral("unassigned")},
                        {QStringLiteral("user_id"), assignee ? assignee->id : previous->id},
                        {QStringLiteral("by"), byId}};
    message.nowMs = now;
    auto stored = m_storage.messages().append(message);
    if (!stored)
        return stored.error();
    events.append(Event::aboutMessage(Event::Kind::MessageCreated, stored->message, byId));

    // A room in the queue leaves it once someone is assigned (a claim cleared it already).
    if (assignee && room.waitingSinceMs != 0) {
        if (auto s = rooms.setWaitingSince(room.id, 0); !s)
            return s;
        events.append(
            {Event::Kind::QueueChanged, room.id, byId, {{QStringLiteral("waiting"), false}}, {}});
    }
    events.append({Event::Kind::RoomAssigned,
                   room.id,
                   byId,
                   {{QStringLiteral("assignee"), userOrNull(assignee)},
                    {QStringLiteral("previous"), userOrNull(previous)},
                    {QStringLiteral("by"), userOrNull(by)}},
                   {}});
    return {};
}

Status DeskService::assign(const User &actor, const QString &roomId, const QString &assigneeId)
{
    if (auto allowed = requireStaffRoom(actor, roomId); !allowed)
        return allowed;
    auto room = m_storage.rooms().byId(roomId);
    if (!room)
        return room.error();
    if (room->kind != RoomKind::Support)
        return Error::conflict(QStringLiteral("Only support conversations are assigned"));
    if (room->status == RoomStatus::Closed)
        return Error{
            ErrorCode::RoomClosed, QStringLiteral("A closed conversation cannot be assigned"), {}};
    const QString current = room->assigneeId;
    if (!current.isEmpty() && current != actor.id && actor.role != Role::Admin)
        return Error::forbidden(
            QStringLiteral("Assigned to someone else: only they or an admin can change it"));
    if (assigneeId == current)
        return {};

    auto userOf = [this](const QString &id) -> Result<storage::UserRecord> {
        auto user = m_storage.users().byId(id);
        if (!user && user.error().code == ErrorCode::NotFound)
            return Error::validation(QStringLiteral("assignee_id"), QStringLiteral("No such user"));
        return user;
    };
    std::optional<User> target;
    if (!assigneeId.isEmpty()) {
        auto user = userOf(assigneeId);
        if (!user)
            return user.error();
        if (!isStaff(user->user.role) || user->blocked)
            return Error::validation(QStringLiteral("assignee_id"),
                                     QStringLiteral("Only an active staff member can be assigned"));
        target = user->user;
    }
    std::optional<User> previous;
    if (!current.isEmpty()) {
        auto user = m_storage.users().byId(current);
        if (!user)
            return user.error();
        previous = user->user;
    }

    QList<Event> events;
    Status status = m_storage.transaction([&]() -> Status {
        auto changed = m_storage.assignments().setAssignee(roomId, assigneeId, current);
        if (!changed)
            return changed.error();
        if (!*changed)
            return Error::conflict(
                QStringLiteral("The conversation changed meanwhile: reload it and try again"));
        return afterAssigned(*room, target, previous, actor, events);
    });
    if (!status)
        return status;
    publishAll(events);
    qCInfo(lcChat) << "Room" << roomId << "assigned to" << (target ? target->username : QString())
                   << "by" << actor.username;
    return {};
}

Result<int> DeskService::autoAssign(const QSet<QString> &online)
{
    auto config = settings();
    if (!config)
        return config.error();
    if (!config->autoAssign)
        return 0;
    auto queue = m_storage.rooms().queue();
    if (!queue)
        return queue.error();
    if (queue->isEmpty())
        return 0;
    auto everyone = m_storage.assignments().staff();
    if (!everyone)
        return everyone.error();
    QList<StaffDeskState> candidates;
    for (const StaffDeskState &state : std::as_const(*everyone)) {
        if (!state.away && online.contains(state.user.id))
            candidates.append(state);
    }

    int assigned = 0;
    for (const RoomRecord &room : std::as_const(*queue)) {
        if (!room.assigneeId.isEmpty())
            continue;
        // The least loaded below capacity; ties: the one whose last assignment is oldest.
        auto best = candidates.end();
        for (auto it = candidates.begin(); it != candidates.end(); ++it) {
            if (it->openAssigned >= config->capacity)
                continue;
            if (best == candidates.end() || it->openAssigned < best->openAssigned ||
                (it->openAssigned == best->openAssigned &&
                 it->lastAssignedMs < best->lastAssignedMs))
                best = it;
        }
        if (best == candidates.end())
            break; // everyone is full
        QList<Event> events;
        bool claimed = false;
        Status status = m_storage.transaction([&]() -> Status {
            auto claim = m_storage.assignments().claimWaiting(room.id, best->user.id);
            if (!claim)
                return claim.error();
            claimed = *claim;
            if (!claimed)
                return {}; // another node or a person got there first
            return afterAssigned(room, best->user, std::nullopt, std::nullopt, events);
        });
        if (!status)
            return status.error();
        if (!claimed)
            continue;
        publishAll(events);
        ++best->openAssigned;
        best->lastAssignedMs = nowMs();
        ++assigned;
        qCInfo(lcChat) << "Room" << room.id << "auto-assigned to" << best->user.username;
    }
    return assigned;
}

} // namespace parley::service
