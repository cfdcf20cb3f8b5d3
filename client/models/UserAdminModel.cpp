#include "models/UserAdminModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "models/Presentation.h"
#include "state/AppState.h"

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
constexpr int kPageSize = 50;
constexpr int kQuietMs = 250;
} // namespace

UserAdminModel::UserAdminModel(QObject *parent)
    : PagedListModel(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kQuietMs);
    connect(&m_debounce, &QTimer::timeout, this, &UserAdminModel::refresh);
}

AppState *UserAdminModel::state() const
{
    return AppState::instance();
}

int UserAdminModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

QHash<int, QByteArray> UserAdminModel::roleNames() const
{
    return {{UserIdRole, "userId"}, {UsernameRole, "username"}, {DisplayNameRole, "displayName"},
            {RoleNameRole, "role"}, {BlockedRole, "blocked"},   {CreatedAtRole, "createdAt"},
            {IsSelfRole, "isSelf"}};
}

QVariant UserAdminModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AdminUser &a = m_users.at(index.row());
    switch (role) {
    case UserIdRole:
        return a.user.id;
    case Qt::DisplayRole:
    case UsernameRole:
        return a.user.username;
    case DisplayNameRole:
        return a.user.displayName;
    case RoleNameRole:
        return roleName(a.user.role);
    case BlockedRole:
        return a.blocked;
    case CreatedAtRole:
        return a.createdAt;
    case IsSelfRole:
        return state() && a.user.id == state()->selfId();
    default:
        return {};
    }
}

void UserAdminModel::setQuery(const QString &query)
{
    if (m_query == query)
        return;
    m_query = query;
    Q_EMIT queryChanged();
    m_debounce.start();
}

void UserAdminModel::fetch(bool append)
{
    m_debounce.stop();
    if (!state())
        return;
    const int generation = beginFetch();
    state()->api()->adminUsers(m_query.trimmed(), append ? nextCursor() : QString(), kPageSize,
                               guarded<Result<Page<AdminUser>>>(
                                   this, [this, generation, append](Result<Page<AdminUser>> page) {
                                       applyPage(generation, m_users, page, append);
                                   }));
}

void UserAdminModel::replaceUser(const AdminUser &user)
{
    for (int i = 0; i < m_users.size(); ++i) {
        if (m_users.at(i).user.id == user.user.id) {
            m_users[i] = user;
            Q_EMIT dataChanged(index(i), index(i));
            return;
        }
    }
}

void UserAdminModel::createUser(const QString &username, const QString &password,
                                const QString &displayName, const QString &role)
{
    AdminCreateUserRequest req;
    req.username = username.trimmed();
    req.password = password;
    req.displayName = displayName.trimmed();
    req.role = roleFromName(role).value_or(parley::Role::Staff);
    auto checked = AdminCreateUserRequest::fromJson(req.toJson());
    if (!checked)
        return Q_EMIT errorOccurred(checked.error().message);
    state()->api()->adminCreateUser(*checked, guarded<Result<User>>(this, [this](Result<User> u) {
        if (!u)
            return Q_EMIT errorOccurred(reply::describe(u.error()));
        Q_EMIT userCreated(u->username);
        refresh();
    }));
}

void UserAdminModel::setRole(const QString &userId, const QString &role)
{
    const auto parsed = roleFromName(role);
    if (!parsed)
        return Q_EMIT errorOccurred(u"Unknown role \"%1\""_s.arg(role));
    AdminUpdateUserRequest req;
    req.role = *parsed;
    updateUser(userId, req);
}

void UserAdminModel::setBlocked(const QString &userId, bool blocked)
{
    AdminUpdateUserRequest req;
    req.blocked = blocked;
    updateUser(userId, req);
}

void UserAdminModel::updateUser(const QString &userId, const AdminUpdateUserRequest &req)
{
    state()->api()->adminUpdateUser(userId, req,
                                    guarded<Result<AdminUser>>(this, [this](Result<AdminUser> u) {
                                        if (!u)
                                            return Q_EMIT errorOccurred(reply::describe(u.error()));
                                        replaceUser(*u);
                                        Q_EMIT userUpdated(u->user.id);
                                    }));
}

} // namespace parley::client
