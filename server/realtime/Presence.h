#pragma once

#include "protocol/User.h"
#include "storage/Stores.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <utility>

namespace parley::realtime {

// Who is online. Two views: this node's live connections per user (when the first opens or the
// last closes, the hub publishes a presence event tagged with this node), and the cluster's,
// built from those events of every node: a user is online while at least one node has them.
class Presence
{
public:
    Presence(storage::UserStore &users, QString selfNode)
        : m_users(users)
        , m_self(std::move(selfNode))
    {}

    // True when this is the user's first connection on this node.
    bool connected(const User &user);
    // True when this was the user's last connection on this node; records last_seen.
    bool disconnected(const QString &userId, qint64 nowMs);

    // A presence event: `user` is (or no longer is) connected to `node`. True when that changes
    // whether the user is online anywhere.
    bool apply(const QString &node, const User &user, bool online);
    // Replaces what is known of other nodes (a snapshot from the broker); `complete`: nodes not
    // in `nodes` are gone. The users whose cluster-wide state changed, with their new state.
    QList<std::pair<User, bool>> replaceRemote(const QHash<QString, QList<User>> &nodes,
                                               bool complete);

    bool isOnline(const QString &userId) const { return m_nodesOf.contains(userId); }
    bool isLocal(const QString &userId) const { return m_local.contains(userId); }
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
    QString m_self;
    QHash<QString, Entry> m_local;           // this node: user id -> connections
    QHash<QString, QSet<QString>> m_nodesOf; // cluster: user id -> nodes they are on
    QHash<QString, User> m_onlineUsers;      // cluster: user id -> as last announced
};

} // namespace parley::realtime
