#pragma once

#include <QStringList>

namespace parley::realtime {

struct HubSettings
{
    int heartbeatS = 30;               // announced in hello; silent 3x this -> closed
    qint64 maxFrameBytes = 64 * 1024;  // larger frames close the socket with 1009
    double ratePerS = 50;              // frames per second a connection may send (0: no limit)
    double rateBurst = 100;            // bucket size
    int floodStrikes = 50;             // rate-limited frames within one heartbeat -> close 1008
    qint64 maxBufferedBytes = 4 << 20; // unsent bytes above this -> the slow reader is closed
    int typingExpiryMs = 10 * 1000;    // a `typing: true` ends by itself after this
    int resumeLimit = 500;             // messages per room in one resume
    QStringList allowedOrigins;        // empty: any Origin (native clients send none)
    bool groupCommit = true;           // sends of one event-loop pass share one transaction
    // A user who goes offline is shown offline only after this long, unless they are back by
    // then. Clusters use it: events of different nodes can cross in Redis (a user moving from
    // one node to another would otherwise flicker offline). 0: at once (a single node).
    int offlineGraceMs = 0;
};

} // namespace parley::realtime
