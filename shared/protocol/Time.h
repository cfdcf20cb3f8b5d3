#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace parley {

// Timestamps on the wire: RFC 3339 UTC with milliseconds, "2026-11-21T10:00:00.123Z".
QString toWireTime(const QDateTime &time);
std::optional<QDateTime> fromWireTime(const QString &text);

// null for an invalid/absent time, else the wire string.
QJsonValue wireTimeOrNull(const QDateTime &time);

// Milliseconds since the epoch, UTC, the storage representation.
QDateTime fromEpochMs(qint64 ms);
qint64 nowMs();

} // namespace parley
