#pragma once

#include "protocol/Result.h"

#include <QString>

namespace parley::events {

// Where the Redis event bus connects and how it keeps the cluster's view of its nodes.
struct RedisSettings
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6379;
    QString prefix = QStringLiteral("parley:"); // of every key and of the channel
    int heartbeatMs = 2000; // node liveness: a node silent for 3 beats is declared dead
    int connectTimeoutMs = 3000;
    int backoffBaseMs = 100; // reconnect delays double from here...
    int backoffCapMs = 5000; // ...up to this, each with +-50% jitter

    // "redis://host:port" (port defaults to 6379; "redis://host" works too).
    static Result<RedisSettings> fromUrl(const QString &url);
};

} // namespace parley::events
