#pragma once

#include "protocol/User.h"
#include "storage/Stores.h"

#include <QHash>
#include <QList>

namespace parley::realtime {

// Who is online on this node: live connections per user, and last_seen when the last one goes.
class Presence
{
public:
    explicit Presence(storage::UserStore &users)
        : m_users(users)
    {}

    // True when this is the user's first connection (they came online).
    bool connected(const User &user);
    // True when this was the user's last connection (they went offline); records last_seen.
    bool disconnected(const QString &userId, qint64 nowMs);

    bool isOnline(const QString &userId) const { return m_online.contains(userId); }
    // A connected user's role or name changed.
    void update(const User &user);
    QList<User> onlineStaff() const;
    // The user with `online` and `last_seen` filled in.
    User withPresence(User user) const;

private:
    struct Entry
    {
        User user;
        int connections = 0;
    };
    storage::UserStore &m_users;
    QHash<QString, Entry> m_online;
};

} // namespace parley::realtime
