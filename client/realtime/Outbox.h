#pragma once

#include "protocol/Message.h"
#include "protocol/Requests.h"
#include "protocol/Result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <optional>

namespace parley::client {

class LocalCache;
class RealtimeClient;

// A message the user wrote that the server has not acknowledged yet.
struct OutboxItem
{
    QString roomId;
    SendMessageRequest request; // request.clientId is the idempotency key
    QDateTime createdAt;
    std::optional<Error> error; // set when the server refused it: not retried automatically

    QString clientId() const { return request.clientId; }
    // The message as it will look once stored (no id, seq 0), for showing it while it waits.
    Message asMessage() const;
};

// Unsent messages. Each is stored in the LocalCache (so it survives a restart) with its client_id
// before anything goes on the wire, sent over the RealtimeClient as a `send` frame whenever it is
// Online, and removed only when the server's `ack` arrives. After a lost connection everything
// unacknowledged is sent again: the server is idempotent on client_id, so nothing is duplicated.
// A refusal (validation, room closed, forbidden...) marks the item failed; retry() or discard().
class Outbox : public QObject
{
    Q_OBJECT
public:
    explicit Outbox(RealtimeClient *realtime, QObject *parent = nullptr);

    // The cache of the logged-in user (nullptr: logged out, nothing queued). Loads its items.
    void setCache(LocalCache *cache);

    // Queues a message (a client_id is generated when the request has none): its client_id.
    QString enqueue(const QString &roomId, SendMessageRequest request);
    void retry(const QString &clientId);
    void discard(const QString &clientId);

    QList<OutboxItem> items(const QString &roomId = {}) const; // oldest first
    std::optional<OutboxItem> item(const QString &clientId) const;
    int pendingCount() const { return int(m_items.size()); }

Q_SIGNALS:
    void enqueued(const parley::client::OutboxItem &item);
    void sent(const QString &clientId, const parley::Message &message);
    void failed(const QString &clientId, const parley::Error &error);
    void discarded(const QString &clientId);
    void pendingCountChanged();

private:
    void flush();
    void transmit(const OutboxItem &item);
    void onAck(const QString &ref, const QJsonObject &fields);
    void onError(const QString &ref, const Error &error);

    LocalCache *m_cache;
    RealtimeClient *m_realtime;
    QList<OutboxItem> m_items;
    QSet<QString> m_inFlight; // sent on the current connection, not acknowledged yet
    QTimer m_retryTimer;      // after rate_limited
};

} // namespace parley::client
