#include "desk/StaffDirectory.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "models/Presentation.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"
#include "state/AppState.h"

using namespace Qt::StringLiterals;

namespace parley::client {

StaffDirectory::StaffDirectory(QObject *parent)
    : StaffDirectory(AppState::instance(), parent)
{}

AppState *StaffDirectory::state() const
{
    return m_state;
}

StaffDirectory::StaffDirectory(AppState *state, QObject *parent)
    : QObject(parent)
    , m_state(state)
{
    AppState *s = state;
    if (!s)
        return;
    RealtimeClient *rt = s->realtime();
    connect(rt, &RealtimeClient::presence, this, [this](const User &user, bool online) {
        if (update(user.id, u"online"_s, online))
            Q_EMIT staffChanged();
    });
    connect(rt, &RealtimeClient::availabilityChanged, this, [this](const User &user, bool away) {
        if (update(user.id, u"away"_s, away))
            Q_EMIT staffChanged();
    });
    connect(rt, &RealtimeClient::roomAssigned, this, [this] {
        if (m_active)
            refresh(); // loads changed; the answer says by how much
    });
    connect(s->session(), &Session::loggedOut, this, [this] {
        ++m_generation;
        m_staff.clear();
        m_capacity = 0;
        setLoading(false);
        Q_EMIT staffChanged();
    });
}

void StaffDirectory::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    if (active)
        refresh();
}

void StaffDirectory::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged();
}

void StaffDirectory::refresh()
{
    AppState *s = state();
    if (!s || !s->session()->isStaff())
        return;
    const int generation = ++m_generation;
    setLoading(true);
    s->api()->deskStaff(
        guarded<Result<DeskStaff>>(this, [this, generation](Result<DeskStaff> desk) {
            if (generation != m_generation)
                return;
            setLoading(false);
            if (!desk)
                return Q_EMIT errorOccurred(reply::describe(desk.error()));
            const QString self = state() ? state()->selfId() : QString();
            m_staff.clear();
            for (const StaffState &entry : std::as_const(desk->staff)) {
                QVariantMap person = present::userMap(entry.user);
                person.insert(u"away"_s, entry.availability == Availability::Away);
                person.insert(u"openAssigned"_s, entry.openAssigned);
                person.insert(u"isSelf"_s, entry.user.id == self);
                m_staff.append(person);
            }
            m_capacity = desk->capacity;
            Q_EMIT staffChanged();
        }));
}

bool StaffDirectory::update(const QString &userId, const QString &key, const QVariant &value)
{
    for (QVariant &item : m_staff) {
        QVariantMap map = item.toMap();
        if (map.value(u"userId"_s).toString() != userId)
            continue;
        map.insert(key, value);
        item = map;
        return true;
    }
    return false;
}

QVariantMap StaffDirectory::entry(const QString &userId) const
{
    for (const QVariant &item : m_staff) {
        const QVariantMap map = item.toMap();
        if (map.value(u"userId"_s).toString() == userId)
            return map;
    }
    return {};
}

} // namespace parley::client
