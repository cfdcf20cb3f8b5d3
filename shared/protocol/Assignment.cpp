#include "protocol/Assignment.h"

#include "protocol/JsonFields.h"

using namespace Qt::StringLiterals;

namespace parley {

QString availabilityName(Availability availability)
{
    return availability == Availability::Away ? u"away"_s : u"available"_s;
}

std::optional<Availability> availabilityFromName(const QString &name)
{
    if (name == u"available")
        return Availability::Available;
    if (name == u"away")
        return Availability::Away;
    return std::nullopt;
}

namespace {

Result<Availability> requireAvailability(const QJsonObject &obj)
{
    auto text = json::requireString(obj, u"availability"_s);
    if (!text)
        return text.error();
    const auto availability = availabilityFromName(*text);
    if (!availability)
        return Error::validation(u"availability"_s, u"availability must be available or away"_s);
    return *availability;
}

} // namespace

QJsonObject StaffState::toJson() const
{
    return {{u"user"_s, user.toJson()},
            {u"availability"_s, availabilityName(availability)},
            {u"open_assigned"_s, openAssigned}};
}

Result<StaffState> StaffState::fromJson(const QJsonObject &obj)
{
    StaffState state;
    auto userObject = json::requireObject(obj, u"user"_s);
    if (!userObject)
        return userObject.error();
    auto user = User::fromJson(*userObject);
    if (!user)
        return json::nested(user.error(), u"user"_s);
    state.user = *user;
    auto availability = requireAvailability(obj);
    if (!availability)
        return availability.error();
    state.availability = *availability;
    auto open = json::optionalInt(obj, u"open_assigned"_s, 0, json::kMaxSafeInteger);
    if (!open)
        return open.error();
    state.openAssigned = int(open->value_or(0));
    return state;
}

QJsonObject AssignRequest::toJson() const
{
    return {{u"assignee_id"_s, json::stringOrNull(assigneeId)}};
}

Result<AssignRequest> AssignRequest::fromJson(const QJsonObject &obj)
{
    if (!obj.contains(u"assignee_id"_s))
        return Error::validation(u"assignee_id"_s, u"assignee_id is required (null unassigns)"_s);
    auto id = json::optionalString(obj, u"assignee_id"_s);
    if (!id)
        return id.error();
    return AssignRequest{id->value_or(QString())};
}

QJsonObject AvailabilityRequest::toJson() const
{
    QJsonObject obj{{u"availability"_s, availabilityName(availability)}};
    if (!userId.isEmpty())
        obj.insert(u"user_id"_s, userId);
    return obj;
}

Result<AvailabilityRequest> AvailabilityRequest::fromJson(const QJsonObject &obj)
{
    AvailabilityRequest request;
    auto availability = requireAvailability(obj);
    if (!availability)
        return availability.error();
    request.availability = *availability;
    auto userId = json::optionalString(obj, u"user_id"_s);
    if (!userId)
        return userId.error();
    request.userId = userId->value_or(QString());
    return request;
}

QJsonObject DeskSettingsJson::toJson() const
{
    QJsonObject obj;
    if (autoAssign)
        obj.insert(u"auto_assign"_s, *autoAssign);
    if (capacity)
        obj.insert(u"capacity"_s, *capacity);
    return obj;
}

Result<DeskSettingsJson> DeskSettingsJson::fromJson(const QJsonObject &obj)
{
    DeskSettingsJson settings;
    auto autoAssign = json::optionalBool(obj, u"auto_assign"_s);
    if (!autoAssign)
        return autoAssign.error();
    settings.autoAssign = *autoAssign;
    auto capacity = json::optionalInt(obj, u"capacity"_s, 1, 1000);
    if (!capacity)
        return capacity.error();
    if (*capacity)
        settings.capacity = int(**capacity);
    return settings;
}

} // namespace parley
