#include "realtime/Outbox.h"

#include "cache/LocalCache.h"
#include "realtime/RealtimeClient.h"
#include "state/ClientLogging.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
const QString kRefPrefix = u"outbox:"_s;
} // namespace

Message OutboxItem::asMessage() const
{
    Message m;
    m.roomId = roomId;
    m.clientId = clientId();
    m.type = request.type;
    m.content = request.content;
    m.metadata = request.metadata;
    m.replyTo = request.replyTo;
    m.createdAt = createdAt;
    return m;
}

Outbox::Outbox(RealtimeClient *realtime, QObject *parent)
    : QObject(parent)
    , m_cache(nullptr)
    , m_realtime(realtime)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Outbox::flush);
    connect(m_realtime, &RealtimeClient::stateChanged, this, [this](RealtimeClient::State state) {
        // Whatever was in flight on a lost connection is sent again on the next one.
        m_inFlight.clear();
        if (state == RealtimeClient::Online)
            flush();
    });
    connect(m_realtime, &RealtimeClient::acked, this, &Outbox::onAck);
    connect(m_realtime, &RealtimeClient::frameError, this, &Outbox::onError);
}

void Outbox::setCache(LocalCache *cache)
{
    m_cache = cache;
    m_items = m_cache ? m_cache->outboxItems() : QList<OutboxItem>();
    m_inFlight.clear();
    Q_EMIT pendingCountChanged();
    flush();
}

QString Outbox::enqueue(const QString &roomId, SendMessageRequest request)
{
    if (request.clientId.isEmpty())
        request.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    OutboxItem item{roomId, request, QDateTime::currentDateTimeUtc(), std::nullopt};
    // Stored before it goes on the wire: a crash in between sends it on the next start.
    if (m_cache)
        m_cache->putOutboxItem(item);
    m_items.append(item);
    qCDebug(lcClientOutbox) << "queued" << item.clientId() << "for" << roomId;
    Q_EMIT enqueued(item);
    Q_EMIT pendingCountChanged();
    transmit(item);
    return item.clientId();
}

QList<OutboxItem> Outbox::items(const QString &roomId) const
{
    if (roomId.isEmpty())
        return m_items;
    QList<OutboxItem> out;
    for (const auto &item : m_items) {
        if (item.roomId == roomId)
            out.append(item);
    }
    return out;
}

std::optional<OutboxItem> Outbox::item(const QString &clientId) const
{
    for (const auto &item : m_items) {
        if (item.clientId() == clientId)
            return item;
    }
    return std::nullopt;
}

void Outbox::flush()
{
    for (const auto &item : std::as_const(m_items))
        transmit(item);
}

void Outbox::transmit(const OutboxItem &item)
{
    if (item.error || m_inFlight.contains(item.clientId()) || !m_realtime->isOnline())
        return;
    if (m_realtime->sendFrame(ws::SendFrame{item.roomId, item.request},
                              kRefPrefix + item.clientId()))
        m_inFlight.insert(item.clientId());
}

void Outbox::onAck(const QString &ref, const QJsonObject &fields)
{
    if (!ref.startsWith(kRefPrefix))
        return;
    const QString clientId = ref.mid(kRefPrefix.size());
    m_inFlight.remove(clientId);
    auto message = Message::fromJson(fields.value(u"message"_s).toObject());
    const auto before = m_items.size();
    m_items.removeIf([&](const OutboxItem &i) { return i.clientId() == clientId; });
    if (m_cache)
        m_cache->removeOutboxItem(clientId);
    if (m_items.size() == before)
        return; // a repeat ack (sent twice across a reconnect)
    if (!message) {
        qCWarning(lcClientOutbox) << "Ack without a readable message for" << clientId;
        Q_EMIT pendingCountChanged();
        return;
    }
    qCDebug(lcClientOutbox) << "acked" << clientId << "seq" << message->seq;
    Q_EMIT sent(clientId, *message);
    Q_EMIT pendingCountChanged();
}

void Outbox::onError(const QString &ref, const Error &error)
{
    if (!ref.startsWith(kRefPrefix))
        return;
    const QString clientId = ref.mid(kRefPrefix.size());
    m_inFlight.remove(clientId);
    if (error.code == ErrorCode::RateLimited || error.code == ErrorCode::Unavailable ||
        error.code == ErrorCode::Internal) {
        // Transient: the same frame again a little later.
        m_retryTimer.start(std::max(1, error.retryAfterS) * 1000);
        return;
    }
    for (auto &item : m_items) {
        if (item.clientId() != clientId)
            continue;
        item.error = error;
        if (m_cache)
            m_cache->putOutboxItem(item);
        qCInfo(lcClientOutbox) << "refused" << clientId << error.message;
        Q_EMIT failed(clientId, error);
        return;
    }
}

void Outbox::retry(const QString &clientId)
{
    for (auto &item : m_items) {
        if (item.clientId() != clientId)
            continue;
        item.error.reset();
        if (m_cache)
            m_cache->putOutboxItem(item);
        transmit(item);
        return;
    }
}

void Outbox::discard(const QString &clientId)
{
    const auto before = m_items.size();
    m_items.removeIf([&](const OutboxItem &i) { return i.clientId() == clientId; });
    if (m_items.size() == before)
        return;
    m_inFlight.remove(clientId);
    if (m_cache)
        m_cache->removeOutboxItem(clientId);
    Q_EMIT discarded(clientId);
    Q_EMIT pendingCountChanged();
}

} // namespace parley::client
