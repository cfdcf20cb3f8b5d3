#include "models/OnlineStaffModel.h"

#include "api/ApiClient.h"
#include "models/Presentation.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"
#include "state/AppState.h"

namespace parley::client {

OnlineStaffModel::OnlineStaffModel(QObject *parent)
    : QAbstractListModel(parent)
{
    AppState *s = state();
    if (!s)
        return;
    connect(s->realtime(), &RealtimeClient::presence, this, &OnlineStaffModel::onPresence);
    connect(s->realtime(), &RealtimeClient::stateChanged, this, [this](RealtimeClient::State st) {
        if (st == RealtimeClient::Online)
            refresh();
    });
    connect(s->session(), &Session::loggedOut, this, [this] { reset({}); });
}

AppState *OnlineStaffModel::state() const
{
    return AppState::instance();
}

int OnlineStaffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

QHash<int, QByteArray> OnlineStaffModel::roleNames() const
{
    return {{UserIdRole, "userId"},
            {UsernameRole, "username"},
            {DisplayNameRole, "displayName"},
            {RoleNameRole, "role"},
            {IsSelfRole, "isSelf"}};
}

QVariant OnlineStaffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const User &u = m_users.at(index.row());
    switch (role) {
    case UserIdRole:
        return u.id;
    case UsernameRole:
        return u.username;
    case Qt::DisplayRole:
    case DisplayNameRole:
        return u.displayName;
    case RoleNameRole:
        return roleName(u.role);
    case IsSelfRole:
        return state() && u.id == state()->selfId();
    default:
        return {};
    }
}

QVariantMap OnlineStaffModel::get(int row) const
{
    return present::rowMap(this, row);
}

void OnlineStaffModel::refresh()
{
    AppState *s = state();
    if (!s || !s->session()->isLoggedIn())
        return;
    const int generation = ++m_generation;
    s->api()->onlineStaff(guarded<Result<QList<User>>>(this, [this, generation](auto users) {
        if (generation == m_generation && users)
            reset(*users);
    }));
}

int OnlineStaffModel::sortedRow(const User &user) const
{
    int row = 0;
    while (row < m_users.size() &&
           QString::localeAwareCompare(m_users.at(row).displayName, user.displayName) <= 0)
        ++row;
    return row;
}

void OnlineStaffModel::reset(const QList<User> &users)
{
    beginResetModel();
    m_users.clear();
    for (const auto &u : users)
        m_users.insert(sortedRow(u), u);
    endResetModel();
    Q_EMIT countChanged();
}

void OnlineStaffModel::onPresence(const User &user, bool online)
{
    if (!isStaff(user.role))
        return;
    for (int i = 0; i < m_users.size(); ++i) {
        if (m_users.at(i).id != user.id)
            continue;
        if (online)
            return;
        beginRemoveRows({}, i, i);
        m_users.removeAt(i);
        endRemoveRows();
        Q_EMIT countChanged();
        return;
    }
    if (!online)
        return;
    const int row = sortedRow(user);
    beginInsertRows({}, row, row);
    m_users.insert(row, user);
    endInsertRows();
    Q_EMIT countChanged();
}

} // namespace parley::client
