#include "service/AutoAssigner.h"

#include "logging/Logging.h"

namespace parley::service {

using events::Event;

namespace {

bool mayFreeOrNeedStaff(const Event &event)
{
    switch (event.kind) {
    case Event::Kind::QueueChanged:
        return event.payload.value(QStringLiteral("waiting")).toBool();
    case Event::Kind::Presence: {
        // Staff coming online; customers connecting change nothing here.
        const auto role = roleFromName(event.payload.value(QStringLiteral("user"))
                                           .toObject()
                                           .value(QStringLiteral("role"))
                                           .toString());
        return event.payload.value(QStringLiteral("online")).toBool() && role && isStaff(*role);
    }
    case Event::Kind::AvailabilityChanged:
    case Event::Kind::DeskSettingsChanged:
    case Event::Kind::RoomUpdated: // closed
    case Event::Kind::MemberLeft:
    case Event::Kind::RoomAssigned:
        return true;
    default:
        return false;
    }
}

} // namespace

AutoAssigner::AutoAssigner(DeskService &desk, events::EventBus &bus, OnlineStaff onlineStaff)
    : m_desk(desk)
    , m_onlineStaff(std::move(onlineStaff))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { run(); });
    bus.subscribe([this](const Event &event) {
        if (mayFreeOrNeedStaff(event) && !m_timer.isActive())
            m_timer.start();
    });
    m_timer.start(); // a backlog left from before a restart
}

void AutoAssigner::run()
{
    auto assigned = m_desk.autoAssign(m_onlineStaff());
    if (!assigned)
        qCWarning(lcChat) << "Auto-assignment failed:" << assigned.error().message;
}

} // namespace parley::service
