#pragma once

#include "models/PagedListModel.h"

#include "protocol/Admin.h"
#include "protocol/Requests.h"

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
class UserAdminModel : public PagedListModel
{
    Q_OBJECT
    QML_ELEMENT
    // Setting it searches again (after 250 ms of quiet).
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    // count, loading, hasMore, refresh(), loadMore(), get(row), errorOccurred: PagedListModel

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
    // role: "staff" (default in the UI), "admin" or "customer". userCreated or errorOccurred.
    Q_INVOKABLE void createUser(const QString &username, const QString &password,
                                const QString &displayName, const QString &role);
    Q_INVOKABLE void setRole(const QString &userId, const QString &role);
    Q_INVOKABLE void setBlocked(const QString &userId, bool blocked);

    QList<AdminUser> users() const { return m_users; }

Q_SIGNALS:
    void queryChanged();
    void userCreated(const QString &username);
    void userUpdated(const QString &userId);

private:
    AppState *state() const;
    void fetch(bool append) override;
    void replaceUser(const AdminUser &user);
    // PATCHes the user: the answer replaces its row (userUpdated), or errorOccurred.
    void updateUser(const QString &userId, const AdminUpdateUserRequest &req);

    QList<AdminUser> m_users;
    QString m_query;
    QTimer m_debounce;
};

} // namespace parley::client
