#include "realtime/Presence.h"

#include "logging/Logging.h"
#include "protocol/Time.h"

#include <algorithm>

namespace parley::realtime {

bool Presence::connected(const User &user)
{
    Entry &entry = m_local[user.id];
    entry.user = user;
    return ++entry.connections == 1;
}

bool Presence::disconnected(const QString &userId, qint64 nowMs)
{
    auto it = m_local.find(userId);
    if (it == m_local.end())
        return false;
    if (--it->connections > 0)
        return false;
    m_local.erase(it);
    if (auto s = m_users.touchLastSeen(userId, nowMs); !s)
        qCWarning(lcRealtime) << "Could not record last_seen:" << s.error().message;
    return true;
}

bool Presence::apply(const QString &node, const User &user, bool online)
{
    if (online) {
        m_onlineUsers.insert(user.id, user);
        QSet<QString> &nodes = m_nodesOf[user.id];
        const bool wasOnline = !nodes.isEmpty();
        nodes.insert(node);
        return !wasOnline;
    }
    auto it = m_nodesOf.find(user.id);
    if (it == m_nodesOf.end() || !it->remove(node))
        return false;
    if (!it->isEmpty())
        return false;
    m_nodesOf.erase(it);
    m_onlineUsers.remove(user.id);
    return true;
}

QList<std::pair<User, bool>> Presence::replaceRemote(const QHash<QString, QList<User>> &nodes,
                                                     bool complete)
{
    QList<std::pair<User, bool>> changes;
    // Drop every remote entry of the nodes concerned, then apply the snapshot.
    const QStringList userIds = m_nodesOf.keys();
    for (const QString &userId : userIds) {
        const QSet<QString> on = m_nodesOf.value(userId);
        for (const QString &node : on) {
            if (node != m_self && (complete || nodes.contains(node))) {
                const User user = m_onlineUsers.value(userId);
                if (apply(node, user, false))
                    changes.append({user, false});
            }
        }
    }
    for (auto it = nodes.cbegin(); it != nodes.cend(); ++it) {
        if (it.key() == m_self)
            continue;
        for (const User &user : it.value()) {
            if (apply(it.key(), user, true))
                changes.append({user, true});
        }
    }
    // A user dropped and added back is no change at all.
    QHash<QString, int> net;
    for (const auto &[user, online] : std::as_const(changes))
        net[user.id] += online ? 1 : -1;
    QList<std::pair<User, bool>> result;
    for (const auto &[user, online] : std::as_const(changes)) {
        const int n = net.value(user.id);
        if (n != 0 && (n > 0) == online) {
            result.append({user, online});
            net[user.id] = 0;
        }
    }
    return result;
}

void Presence::update(const User &user)
{
    auto it = m_local.find(user.id);
    if (it != m_local.end())
        it->user = user;
    if (m_onlineUsers.contains(user.id))
        m_onlineUsers.insert(user.id, user);
}

QList<User> Presence::onlineStaff() const
{
    QList<User> staff;
    for (const User &online : m_onlineUsers) {
        if (isStaff(online.role)) {
            User user = online;
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
