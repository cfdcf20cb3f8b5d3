#include "webhooks/WebhookSender.h"

#include "events/Backoff.h"
#include "logging/Logging.h"
#include "protocol/Time.h"
#include "webhooks/RetryPolicy.h"
#include "webhooks/Signature.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace parley::webhooks {
namespace {

// Deliveries one node sends at the same time.
constexpr int kMaxInFlight = 16;
// The longest Retry-After obeyed; a receiver asking for more is tried again after this.
constexpr qint64 kMaxRetryAfterMs = 3600 * 1000;

} // namespace

WebhookSender::WebhookSender(storage::Storage &storage, app::WebhookConfig config, QString owner,
                             QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_config(config)
    , m_owner(std::move(owner))
{
    m_timer.setInterval(m_config.pollMs);
    connect(&m_timer, &QTimer::timeout, this, &WebhookSender::poll);
}

void WebhookSender::start()
{
    m_timer.start();
    poke(); // what a previous run left pending
}

void WebhookSender::poke()
{
    pollAfter(0);
}

void WebhookSender::pollAfter(qint64 delayMs)
{
    if (delayMs >= m_config.pollMs)
        return; // the timer comes first
    if (delayMs == 0) {
        if (m_pollQueued)
            return;
        m_pollQueued = true;
    }
    QTimer::singleShot(int(delayMs), this, [this, delayMs] {
        if (delayMs == 0)
            m_pollQueued = false;
        poll();
    });
}

void WebhookSender::poll()
{
    const int room = kMaxInFlight - int(m_inFlight.size());
    if (room <= 0)
        return;
    const qint64 now = nowMs();
    auto claimed = m_storage.webhooks().claim(m_owner, now, now + m_config.leaseMs, room);
    if (!claimed)
        return; // logged by storage; the next tick tries again
    QHash<QString, storage::WebhookEndpointRecord> endpoints;
    for (const auto &record : std::as_const(*claimed)) {
        const WebhookDelivery &d = record.delivery;
        // Our own request outlived the lease (a receiver slower than leaseMs): the claim has
        // just renewed the lease, and that request's answer records the outcome. Sending it
        // again would deliver it twice.
        if (m_inFlight.contains(d.id))
            continue;
        if (!endpoints.contains(d.endpointId)) {
            auto endpoint = m_storage.webhooks().endpoint(d.endpointId);
            if (!endpoint)
                continue; // the lease expires; tried again then
            endpoints.insert(d.endpointId, *endpoint);
        }
        const auto &endpoint = endpoints[d.endpointId];
        if (!endpoint.endpoint.enabled && d.event != QString::fromUtf16(webhook::kPingEvent)) {
            recordOutcome(d, {DeliveryStatus::Failed, d.attempts, 0,
                              QStringLiteral("webhook disabled"), 0, now});
            continue;
        }
        send(record, endpoint);
    }
}

void WebhookSender::send(const storage::WebhookDeliveryRecord &record,
                         const storage::WebhookEndpointRecord &endpoint)
{
    const WebhookDelivery &d = record.delivery;
    QNetworkRequest request{QUrl(endpoint.endpoint.url)};
    request.setTransferTimeout(m_config.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Parley-Webhooks/1"));
    request.setRawHeader("X-Parley-Event", d.event.toUtf8());
    request.setRawHeader("X-Parley-Delivery", d.id.toUtf8());
    request.setRawHeader("X-Parley-Attempt", QByteArray::number(d.attempts + 1));
    request.setRawHeader("X-Parley-Signature",
                         signatureHeader(endpoint.secret, nowMs() / 1000, record.body));
    m_inFlight.insert(d.id);
    QNetworkReply *reply = m_network.post(request, record.body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, d] { finished(reply, d); });
}

void WebhookSender::finished(QNetworkReply *reply, const WebhookDelivery &delivery)
{
    reply->deleteLater();
    m_inFlight.remove(delivery.id);
    const qint64 now = nowMs();
    const QVariant code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    storage::DeliveryOutcome outcome;
    outcome.attempts = delivery.attempts + 1;
    outcome.statusCode = code.isValid() ? code.toInt() : 0;
    outcome.nowMs = now;
    const Verdict verdict = verdictFor(outcome.statusCode);
    if (verdict != Verdict::Delivered)
        outcome.error = outcome.statusCode ? QStringLiteral("HTTP %1").arg(outcome.statusCode)
                                           : reply->errorString();
    if (verdict == Verdict::Delivered) {
        outcome.status = DeliveryStatus::Delivered;
    } else if (verdict == Verdict::Failed || outcome.attempts >= m_config.maxAttempts) {
        outcome.status = DeliveryStatus::Failed;
    } else {
        const auto retryAfter = retryAfterMs(reply->rawHeader("Retry-After"), now);
        const qint64 delay =
            retryAfter ? std::min(*retryAfter, kMaxRetryAfterMs)
                       : events::Backoff::delayMs(outcome.attempts - 1, m_config.backoffBaseMs,
                                                  m_config.backoffCapMs);
        outcome.status = DeliveryStatus::Pending;
        outcome.nextAttemptMs = now + delay;
        pollAfter(delay);
    }
    recordOutcome(delivery, outcome);
}

void WebhookSender::recordOutcome(const WebhookDelivery &delivery, storage::DeliveryOutcome outcome)
{
    auto held = m_storage.webhooks().finish(delivery.id, m_owner, outcome);
    if (held && !*held)
        qCWarning(lcWebhooks) << "Delivery" << delivery.id
                              << "outcome not recorded: the lease expired and another node has it";
    else if (held)
        qCInfo(lcWebhooks) << "Delivery" << delivery.id << "to webhook" << delivery.endpointId
                           << deliveryStatusName(outcome.status) << "attempt" << outcome.attempts
                           << (outcome.error.isEmpty() ? QString() : outcome.error);
}

} // namespace parley::webhooks
