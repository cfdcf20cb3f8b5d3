#include "models/StaffQueueModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "models/Presentation.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"
#include "state/AppState.h"

using namespace Qt::StringLiterals;

namespace parley::client {

StaffQueueModel::StaffQueueModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_state(AppState::instance()) // the one it was made for, also when more exist (tests)
{
    AppState *s = state();
    if (!s)
        return;
    RealtimeClient *rt = s->realtime();
    connect(rt, &RealtimeClient::queueUpdated, this, &StaffQueueModel::onQueueUpdated);
    connect(rt, &RealtimeClient::roomAdded, this, &StaffQueueModel::onRoomChanged);
    connect(rt, &RealtimeClient::roomUpdated, this, &StaffQueueModel::onRoomChanged);
    connect(rt, &RealtimeClient::roomRemoved, this, [this](const QString &roomId) {
        if (m_scope == Active)
            removeRoom(roomId);
    });
    connect(rt, &RealtimeClient::messageReceived, this, [this](const Message &m) {
        for (int i = 0; i < m_rooms.size(); ++i) {
            if (m_rooms.at(i).id != m.roomId)
                continue;
            Room &r = m_rooms[i];
            if (m.seq > r.lastSeq) {
                r.lastSeq = m.seq;
                r.lastMessage = m;
                r.lastMessageAt = m.createdAt;
                Q_EMIT dataChanged(index(i), index(i));
            }
            return;
        }
    });
    connect(rt, &RealtimeClient::stateChanged, this, [this](RealtimeClient::State st) {
        if (st == RealtimeClient::Online)
            refresh();
    });
    connect(s->session(), &Session::loggedOut, this, [this] { reset({}); });
    // Support desk (ui-assign): who handles a listed room changes live (queue filters, labels).
    connect(rt, &RealtimeClient::roomAssigned, this,
            [this](const QString &roomId, const User &assignee) { setAssignee(roomId, assignee); });
}

void StaffQueueModel::setAssignee(const QString &roomId, const User &assignee)
{
    for (int i = 0; i < m_rooms.size(); ++i) {
        if (m_rooms.at(i).id != roomId)
            continue;
        m_rooms[i].assignee =
            assignee.id.isEmpty() ? std::optional<User>() : std::optional<User>(assignee);
        Q_EMIT dataChanged(index(i), index(i));
        return;
    }
}

AppState *StaffQueueModel::state() const
{
    return m_state;
}

int StaffQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rooms.size());
}

QHash<int, QByteArray> StaffQueueModel::roleNames() const
{
    return {
        {RoomIdRole, "roomId"},
        {KindRole, "kind"},
        {TitleRole, "title"},
        {SubjectRole, "subject"},
        {OrderRefRole, "orderRef"},
        {CustomerNameRole, "customerName"},
        {WaitingSinceRole, "waitingSince"},
        {IsWaitingRole, "isWaiting"},
        {IsMineRole, "isMine"},
        {PreviewRole, "preview"},
        {LastActivityRole, "lastActivity"},
        {UnreadCountRole, "unreadCount"},
        {StatusRole, "status"},
        {SectionRole, "section"},
        {AssigneeNameRole, "assigneeName"},
        {IsAssignedToMeRole, "isAssignedToMe"},
    };
}

bool StaffQueueModel::isMine(const Room &room) const
{
    const QString self = state() ? state()->selfId() : QString();
    return std::any_of(room.members.cbegin(), room.members.cend(),
                       [&](const Member &m) { return m.user.id == self; });
}

QVariant StaffQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Room &r = m_rooms.at(index.row());
    switch (role) {
    case RoomIdRole:
        return r.id;
    case KindRole:
        return roomKindName(r.kind);
    case Qt::DisplayRole:
    case TitleRole:
        return present::roomTitle(r, state() ? state()->selfId() : QString());
    case SubjectRole:
        return r.subject;
    case OrderRefRole:
        return r.orderRef;
    case CustomerNameRole:
        return present::customerName(r);
    case WaitingSinceRole:
        return r.waitingSince;
    case IsWaitingRole:
        return r.waitingSince.isValid();
    case IsMineRole:
        return isMine(r);
    case PreviewRole:
        return r.lastMessage ? present::messagePreview(*r.lastMessage) : QString();
    case LastActivityRole:
        return present::lastActivity(r);
    case UnreadCountRole:
        return isMine(r) ? r.unreadCount : 0;
    case StatusRole:
        return roomStatusName(r.status);
    case SectionRole:
        if (r.waitingSince.isValid())
            return u"Waiting"_s;
        return isMine(r) ? u"Mine"_s : u"Open"_s;
    case AssigneeNameRole:
        return r.assignee ? r.assignee->displayName : QString();
    case IsAssignedToMeRole:
        return r.assignee && state() && r.assignee->id == state()->selfId();
    default:
        return {};
    }
}

QVariantMap StaffQueueModel::get(int row) const
{
    return present::rowMap(this, row);
}

int StaffQueueModel::waitingCount() const
{
    return int(std::count_if(m_rooms.cbegin(), m_rooms.cend(),
                             [](const Room &r) { return r.waitingSince.isValid(); }));
}

void StaffQueueModel::setScope(Scope scope)
{
    if (m_scope == scope)
        return;
    m_scope = scope;
    Q_EMIT scopeChanged();
    refresh();
}

void StaffQueueModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged();
}

void StaffQueueModel::reset(const QList<Room> &rooms)
{
    beginResetModel();
    m_rooms.clear();
    for (const auto &room : rooms) {
        if (belongs(room))
            m_rooms.insert(sortedRow(room), room);
    }
    endResetModel();
    Q_EMIT countChanged();
}

void StaffQueueModel::refresh()
{
    AppState *s = state();
    if (!s || !s->session()->isStaff())
        return;
    const int generation = ++m_generation;
    setLoading(true);
    auto done = [this, generation](Result<QList<Room>> rooms) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (rooms)
            reset(*rooms);
    };
    if (m_scope == Active) {
        s->api()->activeRooms(guarded<Result<QList<Room>>>(this, done));
    } else {
        RoomQuery query;
        query.scopeAll = true;
        query.status = u"open"_s;
        s->api()->listRooms(query, guarded<Result<Page<Room>>>(this, [done](Result<Page<Room>> p) {
                                if (!p)
                                    return done(p.error());
                                done(p->results);
                            }));
    }
}

void StaffQueueModel::join(const QString &roomId)
{
    if (state())
        state()->joinRoom(roomId);
}

bool StaffQueueModel::belongs(const Room &room) const
{
    if (room.status != RoomStatus::Open)
        return false;
    if (m_scope == AllOpen)
        return true;
    return room.kind == RoomKind::Support && (room.waitingSince.isValid() || isMine(room));
}

int StaffQueueModel::sortedRow(const Room &room) const
{
    // Active: the queue, oldest waiting first, then mine by activity. AllOpen: by activity.
    auto before = [this](const Room &a, const Room &b) {
        if (m_scope == Active) {
            const bool wa = a.waitingSince.isValid();
            const bool wb = b.waitingSince.isValid();
            if (wa != wb)
                return wa;
            if (wa)
                return a.waitingSince < b.waitingSince;
        }
        return present::lastActivity(a) > present::lastActivity(b);
    };
    int row = 0;
    while (row < m_rooms.size() && !before(room, m_rooms.at(row)))
        ++row;
    return row;
}

void StaffQueueModel::removeRoom(const QString &roomId)
{
    for (int i = 0; i < m_rooms.size(); ++i) {
        if (m_rooms.at(i).id == roomId) {
            beginRemoveRows({}, i, i);
            m_rooms.removeAt(i);
            endRemoveRows();
            Q_EMIT countChanged();
            return;
        }
    }
}

void StaffQueueModel::place(const Room &room)
{
    removeRoom(room.id);
    if (!belongs(room))
        return;
    const int row = sortedRow(room);
    beginInsertRows({}, row, row);
    m_rooms.insert(row, room);
    endInsertRows();
    Q_EMIT countChanged();
}

void StaffQueueModel::onQueueUpdated(const Room &room)
{
    if (!state() || !state()->session()->isStaff())
        return;
    place(room);
}

void StaffQueueModel::onRoomChanged(const Room &room)
{
    if (!state() || !state()->session()->isStaff())
        return;
    const bool known = std::any_of(m_rooms.cbegin(), m_rooms.cend(),
                                   [&](const Room &r) { return r.id == room.id; });
    if (known || belongs(room))
        place(room);
}

} // namespace parley::client
