#pragma once

#include "protocol/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace parley::json {
class Writer;
}

namespace parley {

enum class Role { Customer, Staff, Admin };

QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);
inline bool isStaff(Role role)
{
    return role == Role::Staff || role == Role::Admin;
}

// User: {id, username, display_name, role} (+ online, last_seen where presence is shown).
struct User
{
    QString id;
    QString username;
    QString displayName;
    Role role = Role::Customer;
    std::optional<bool> online;        // written only when set
    std::optional<QDateTime> lastSeen; // written only when `online` is set (null if never seen)

    QJsonObject toJson() const;
    void writeJson(json::Writer &out) const; // the same JSON, written straight to bytes
    static Result<User> fromJson(const QJsonObject &obj);
    bool operator==(const User &) const = default;
};

} // namespace parley
