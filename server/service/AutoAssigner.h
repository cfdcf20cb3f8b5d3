#pragma once

#include "events/EventBus.h"
#include "service/DeskService.h"

#include <QSet>
#include <QString>
#include <QTimer>

#include <functional>

namespace parley::service {

// Runs DeskService::autoAssign when something may let a waiting room be assigned: a room entered
// the queue, staff came online or became available, a conversation was closed, left, unassigned
// or transferred (capacity freed), or an admin changed the settings. Events of every node count;
// passes are coalesced (one per event-loop turn). Each node runs its own: the claims in the
// database decide which node assigns a room.
class AutoAssigner
{
public:
    using OnlineStaff = std::function<QSet<QString>()>;
    AutoAssigner(DeskService &desk, events::EventBus &bus, OnlineStaff onlineStaff);

private:
    void run();

    DeskService &m_desk;
    OnlineStaff m_onlineStaff;
    QTimer m_timer;
};

} // namespace parley::service
