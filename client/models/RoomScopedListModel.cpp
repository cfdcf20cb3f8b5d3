#include "models/RoomScopedListModel.h"

#include "models/Presentation.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"
#include "state/AppState.h"

namespace parley::client {

RoomScopedListModel::RoomScopedListModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_state(AppState::instance())
{
    if (!m_state)
        return;
    connect(m_state->realtime(), &RealtimeClient::stateChanged, this,
            [this](RealtimeClient::State st) {
                if (st == RealtimeClient::Online)
                    reload();
            });
    connect(m_state->session(), &Session::loggedOut, this, [this] { clear(); });
}

void RoomScopedListModel::setRoomId(const QString &roomId)
{
    if (roomId == m_roomId)
        return;
    m_roomId = roomId;
    Q_EMIT roomIdChanged();
    clear();
    reload();
}

bool RoomScopedListModel::isSignedIn() const
{
    return m_state && m_state->session()->isLoggedIn();
}

void RoomScopedListModel::reload()
{
    const int generation = ++m_generation;
    if (m_roomId.isEmpty() || !canFetch())
        return;
    fetch(generation);
}

QVariantMap RoomScopedListModel::get(int row) const
{
    return present::rowMap(this, row);
}

void RoomScopedListModel::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

} // namespace parley::client
