#pragma once

#include "protocol/Result.h"
#include "protocol/User.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace parley {

// Support desk assignment and availability (docs/API.md, "Assignment and availability").

enum class Availability { Available, Away };
QString availabilityName(Availability availability);
std::optional<Availability> availabilityFromName(const QString &name);

// A staff member as the console shows them: {user, availability, open_assigned}.
struct StaffState
{
    User user; // with online and last_seen
    Availability availability = Availability::Available;
    int openAssigned = 0;

    QJsonObject toJson() const;
    static Result<StaffState> fromJson(const QJsonObject &obj);
};

// POST /api/chat/rooms/{id}/assign/: {assignee_id: "<user id>" | null} (null unassigns).
struct AssignRequest
{
    QString assigneeId; // empty: unassign

    QJsonObject toJson() const;
    static Result<AssignRequest> fromJson(const QJsonObject &obj);
};

// POST /api/desk/availability/: {availability, user_id?} (user_id: admins, someone else's).
struct AvailabilityRequest
{
    Availability availability = Availability::Available;
    QString userId; // empty: the caller

    QJsonObject toJson() const;
    static Result<AvailabilityRequest> fromJson(const QJsonObject &obj);
};

// GET/PATCH /api/admin/desk/: {auto_assign, capacity} (PATCH: either may be left out).
struct DeskSettingsJson
{
    std::optional<bool> autoAssign;
    std::optional<int> capacity;

    QJsonObject toJson() const;
    static Result<DeskSettingsJson> fromJson(const QJsonObject &obj);
};

} // namespace parley
