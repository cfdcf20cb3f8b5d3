// Staff availability (available / away) and the desk settings admins change at runtime
// (docs/API.md, "Assignment and availability").
#include "service/DeskService.h"

namespace parley::service {

using events::Event;
using storage::StaffDeskState;

namespace {

const QString kAutoAssign = QStringLiteral("auto_assign");
const QString kCapacity = QStringLiteral("assign_capacity");
constexpr int kMaxCapacity = 1000;

} // namespace

Result<QList<StaffDeskState>> DeskService::staff(const User &actor)
{
    if (!isStaff(actor.role))
        return Error::forbidden(QStringLiteral("Only staff can do this"));
    return m_storage.assignments().staff();
}

Result<StaffDeskState> DeskService::setAway(const User &actor, const QString &userId, bool away)
{
    if (!isStaff(actor.role))
        return Error::forbidden(QStringLiteral("Only staff can do this"));
    if (userId != actor.id && actor.role != Role::Admin)
        return Error::forbidden(
            QStringLiteral("Only admins can change someone else's availability"));
    auto everyone = m_storage.assignments().staff();
    if (!everyone)
        return everyone.error();
    auto it = std::find_if(everyone->begin(), everyone->end(),
                           [&](const StaffDeskState &state) { return state.user.id == userId; });
    if (it == everyone->end())
        return Error::notFound(QStringLiteral("No such staff member"));
    if (it->away == away)
        return *it;
    if (auto s = m_storage.assignments().setAway(userId, away); !s)
        return s.error();
    it->away = away;
    m_bus.publish({Event::Kind::AvailabilityChanged,
                   {},
                   userId,
                   {{QStringLiteral("user"), it->user.toJson()},
                    {QStringLiteral("availability"),
                     away ? QStringLiteral("away") : QStringLiteral("available")}},
                   {}});
    return *it;
}

Result<DeskSettings> DeskService::settings()
{
    DeskSettings settings = m_defaults;
    auto &store = m_storage.assignments();
    auto autoAssign = store.setting(kAutoAssign);
    if (!autoAssign)
        return autoAssign.error();
    if (*autoAssign)
        settings.autoAssign = **autoAssign == u"1";
    auto capacity = store.setting(kCapacity);
    if (!capacity)
        return capacity.error();
    if (*capacity)
        settings.capacity = (*capacity)->toInt();
    return settings;
}

Result<DeskSettings> DeskService::changeSettings(const User &actor, std::optional<bool> autoAssign,
                                                 std::optional<int> capacity)
{
    if (actor.role != Role::Admin)
        return Error::forbidden(QStringLiteral("Admins only"));
    if (capacity && (*capacity < 1 || *capacity > kMaxCapacity))
        return Error::validation(QStringLiteral("capacity"),
                                 QStringLiteral("capacity must be 1-%1").arg(kMaxCapacity));
    Status status = m_storage.transaction([&]() -> Status {
        auto &store = m_storage.assignments();
        if (autoAssign) {
            if (auto s = store.setSetting(kAutoAssign,
                                          *autoAssign ? QStringLiteral("1") : QStringLiteral("0"));
                !s)
                return s;
        }
        if (capacity) {
            if (auto s = store.setSetting(kCapacity, QString::number(*capacity)); !s)
                return s;
        }
        return {};
    });
    if (!status)
        return status.error();
    auto now = settings();
    if (!now)
        return now.error();
    m_bus.publish({Event::Kind::DeskSettingsChanged,
                   {},
                   actor.id,
                   {{QStringLiteral("auto_assign"), now->autoAssign},
                    {QStringLiteral("capacity"), now->capacity}},
                   {}});
    return now;
}

} // namespace parley::service
