#pragma once

#include "protocol/User.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Staff with a live connection (GET /online-staff/), kept live by `presence` events; sorted by
// display name.
//
// QML: Parley.onlineStaff
class OnlineStaffModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        UserIdRole = Qt::UserRole + 1, // "userId"
        UsernameRole,                  // "username"
        DisplayNameRole,               // "displayName"
        RoleNameRole,                  // "role": "staff" | "admin"
        IsSelfRole,                    // "isSelf": it is me
    };
    Q_ENUM(Role)

    explicit OnlineStaffModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_users.size()); }

    Q_INVOKABLE void refresh();
    Q_INVOKABLE QVariantMap get(int row) const;
    QList<User> users() const { return m_users; }

Q_SIGNALS:
    void countChanged();

private:
    AppState *state() const;
    void reset(const QList<User> &users);
    void onPresence(const User &user, bool online);
    int sortedRow(const User &user) const;

    QList<User> m_users;
    int m_generation = 0;
};

} // namespace parley::client
