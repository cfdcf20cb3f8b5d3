#include "protocol/User.h"

#include "protocol/JsonFields.h"
#include "protocol/JsonWriter.h"
#include "protocol/Time.h"

namespace parley {

using namespace Qt::StringLiterals;

QString roleName(Role role)
{
    switch (role) {
    case Role::Customer:
        return u"customer"_s;
    case Role::Staff:
        return u"staff"_s;
    case Role::Admin:
        return u"admin"_s;
    }
    return u"customer"_s;
}

std::optional<Role> roleFromName(const QString &name)
{
    for (const Role role : {Role::Customer, Role::Staff, Role::Admin}) {
        if (name == roleName(role))
            return role;
    }
    return std::nullopt;
}

QJsonObject User::toJson() const
{
    QJsonObject obj{{u"id"_s, id},
                    {u"username"_s, username},
                    {u"display_name"_s, displayName},
                    {u"role"_s, roleName(role)}};
    if (online) {
        obj.insert(u"online"_s, *online);
        obj.insert(u"last_seen"_s, wireTimeOrNull(lastSeen.value_or(QDateTime())));
    }
    return obj;
}

void User::writeJson(json::Writer &out) const
{
    // The keys in QJsonObject's (sorted) order, as toJson() serializes.
    out.beginObject();
    out.key("display_name"_L1).string(displayName);
    out.key("id"_L1).string(id);
    if (online) {
        out.key("last_seen"_L1).time(lastSeen.value_or(QDateTime()));
        out.key("online"_L1).boolean(*online);
    }
    out.key("role"_L1).string(roleName(role));
    out.key("username"_L1).string(username);
    out.endObject();
}

Result<User> User::fromJson(const QJsonObject &obj)
{
    User user;
    auto id = json::requireString(obj, u"id"_s);
    if (!id)
        return id.error();
    user.id = *id;
    auto username = json::requireString(obj, u"username"_s);
    if (!username)
        return username.error();
    user.username = *username;
    auto displayName = json::requireString(obj, u"display_name"_s);
    if (!displayName)
        return displayName.error();
    user.displayName = *displayName;
    auto roleText = json::requireString(obj, u"role"_s);
    if (!roleText)
        return roleText.error();
    const auto role = roleFromName(*roleText);
    if (!role)
        return Error::validation(u"role"_s, u"role must be customer, staff or admin"_s);
    user.role = *role;

    auto online = json::optionalBool(obj, u"online"_s);
    if (!online)
        return online.error();
    user.online = *online;
    auto lastSeen = json::optionalTime(obj, u"last_seen"_s);
    if (!lastSeen)
        return lastSeen.error();
    if (lastSeen->isValid())
        user.lastSeen = *lastSeen;
    return user;
}

} // namespace parley
