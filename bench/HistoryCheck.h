#pragma once

#include "HttpChannel.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QString>
#include <QStringList>

namespace parley::bench {

// What the bench sent, keyed by client_id.
struct SentMessage
{
    QString roomId;
    QString senderId;
    QString content;
};

struct HistoryReport
{
    qint64 messages = 0; // all messages read back, system ones included
    qint64 systemMessages = 0;
    qint64 matched = 0;             // sent client_ids found (each exactly once)
    QHash<QString, qint64> lastSeq; // per room
    QStringList problems;           // empty: verified

    bool ok() const { return problems.isEmpty(); }
};

// Pages every room's whole history (after=0, limit 200, until has_more is false) and checks:
// seq runs 1..last_seq without a gap or a repeat and matches the room's last_seq; every sent
// client_id appears exactly once, in its room, from its sender, with its content; nothing else is
// there but system messages. Sequential requests on one channel, outside any measured phase.
HistoryReport checkHistory(HttpChannel *channel, const QByteArray &bearer, const QStringList &rooms,
                           const QHash<QString, SentMessage> &sent, QDeadlineTimer deadline);

} // namespace parley::bench
