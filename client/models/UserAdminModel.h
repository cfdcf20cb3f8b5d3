#pragma once

#include "protocol/Admin.h"

#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Admin: users matching `query` (username or display name, ordered by username), paged; create
// staff accounts, change roles, block and unblock. Rows change in place after each action.
//
// QML: UserAdminModel { query: searchField.text }
class UserAdminModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    // Setting it searches again (after 250 ms of quiet).
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool hasMore READ hasMore NOTIFY hasMoreChanged)

public:
    enum Role {
        UserIdRole = Qt::UserRole + 1, // "userId"
        UsernameRole,                  // "username"
        DisplayNameRole,               // "displayName"
        RoleNameRole,                  // "role": "customer" | "staff" | "admin"
        BlockedRole,                   // "blocked": bool
        CreatedAtRole,                 // "createdAt": date
        IsSelfRole, // "isSelf": the logged-in admin (cannot block or demote themselves)
    };
    Q_ENUM(Role)

    explicit UserAdminModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString query() const { return m_query; }
    void setQuery(const QString &query);
    int count() const { return int(m_users.size()); }
    bool isLoading() const { return m_loading; }
    bool hasMore() const { return !m_nextCursor.isEmpty(); }

    Q_INVOKABLE void refresh();
    Q_INVOKABLE void loadMore();
    // role: "staff" (default in the UI), "admin" or "customer". userCreated or errorOccurred.
    Q_INVOKABLE void createUser(const QString &username, const QString &password,
                                const QString &displayName, const QString &role);
    Q_INVOKABLE void setRole(const QString &userId, const QString &role);
    Q_INVOKABLE void setBlocked(const QString &userId, bool blocked);
    Q_INVOKABLE QVariantMap get(int row) const;

    QList<AdminUser> users() const { return m_users; }

Q_SIGNALS:
    void queryChanged();
    void countChanged();
    void loadingChanged();
    void hasMoreChanged();
    void userCreated(const QString &username);
    void userUpdated(const QString &userId);
    void errorOccurred(const QString &message);

private:
    AppState *state() const;
    void fetch(bool append);
    void replaceUser(const AdminUser &user);
    void setLoading(bool loading);

    QList<AdminUser> m_users;
    QString m_query;
    QString m_nextCursor;
    QTimer m_debounce;
    bool m_loading = false;
    int m_generation = 0;
};

} // namespace parley::client
