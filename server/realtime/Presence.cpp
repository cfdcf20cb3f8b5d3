#include "realtime/Presence.h"

#include "logging/Logging.h"
#include "protocol/Time.h"

#include <algorithm>

namespace parley::realtime {

bool Presence::connected(const User &user)
{
    Entry &entry = m_online[user.id];
    entry.user = user;
    return ++entry.connections == 1;
}

bool Presence::disconnected(const QString &userId, qint64 nowMs)
{
    auto it = m_online.find(userId);
    if (it == m_online.end())
        return false;
    if (--it->connections > 0)
        return false;
    m_online.erase(it);
    if (auto s = m_users.touchLastSeen(userId, nowMs); !s)
        qCWarning(lcRealtime) << "Could not record last_seen:" << s.error().message;
    return true;
}

void Presence::update(const User &user)
{
    auto it = m_online.find(user.id);
    if (it != m_online.end())
        it->user = user;
}

QList<User> Presence::onlineStaff() const
{
    QList<User> staff;
    for (const Entry &entry : m_online) {
        if (isStaff(entry.user.role)) {
            User user = entry.user;
            user.online = true;
            user.lastSeen = QDateTime::currentDateTimeUtc();
            staff.append(user);
        }
    }
    std::sort(staff.begin(), staff.end(),
              [](const User &a, const User &b) { return a.username < b.username; });
    return staff;
}

User Presence::withPresence(User user) const
{
    user.online = isOnline(user.id);
    if (*user.online) {
        user.lastSeen = QDateTime::currentDateTimeUtc();
    } else if (auto record = m_users.byId(user.id); record && record->lastSeenMs) {
        user.lastSeen = fromEpochMs(record->lastSeenMs);
    } else {
        user.lastSeen = QDateTime();
    }
    return user;
}

} // namespace parley::realtime
