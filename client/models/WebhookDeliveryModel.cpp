#include "models/WebhookDeliveryModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "models/Presentation.h"
#include "state/AppState.h"

namespace parley::client {

namespace {
constexpr int kPageSize = 50;
} // namespace

WebhookDeliveryModel::WebhookDeliveryModel(QObject *parent)
    : PagedListModel(parent)
{}

AppState *WebhookDeliveryModel::state() const
{
    return AppState::instance();
}

int WebhookDeliveryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_deliveries.size());
}

QHash<int, QByteArray> WebhookDeliveryModel::roleNames() const
{
    return {{DeliveryIdRole, "deliveryId"},
            {EndpointIdRole, "endpointId"},
            {EventRole, "event"},
            {RoomIdRole, "roomId"},
            {RecipientIdRole, "recipientId"},
            {StatusRole, "status"},
            {AttemptsRole, "attempts"},
            {LastStatusCodeRole, "lastStatusCode"},
            {LastErrorRole, "lastError"},
            {NextAttemptAtRole, "nextAttemptAt"},
            {CreatedAtRole, "createdAt"},
            {DeliveredAtRole, "deliveredAt"}};
}

QVariant WebhookDeliveryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WebhookDelivery &d = m_deliveries.at(index.row());
    switch (role) {
    case DeliveryIdRole:
        return d.id;
    case EndpointIdRole:
        return d.endpointId;
    case Qt::DisplayRole:
    case EventRole:
        return d.event;
    case RoomIdRole:
        return d.roomId;
    case RecipientIdRole:
        return d.recipientId;
    case StatusRole:
        return deliveryStatusName(d.status);
    case AttemptsRole:
        return d.attempts;
    case LastStatusCodeRole:
        return d.lastStatusCode;
    case LastErrorRole:
        return d.lastError;
    case NextAttemptAtRole:
        return d.status == DeliveryStatus::Pending ? present::dateOrNull(d.nextAttemptAt)
                                                   : QVariant();
    case CreatedAtRole:
        return d.createdAt;
    case DeliveredAtRole:
        return present::dateOrNull(d.deliveredAt);
    default:
        return {};
    }
}

void WebhookDeliveryModel::setWebhookId(const QString &webhookId)
{
    if (m_webhookId == webhookId)
        return;
    m_webhookId = webhookId;
    Q_EMIT webhookIdChanged();
    refresh();
}

void WebhookDeliveryModel::fetch(bool append)
{
    if (!state())
        return;
    const int generation = beginFetch();
    state()->api()->webhookDeliveries(
        m_webhookId, append ? nextCursor() : QString(), kPageSize,
        guarded<Result<Page<WebhookDelivery>>>(
            this, [this, generation, append](Result<Page<WebhookDelivery>> page) {
                applyPage(generation, m_deliveries, page, append);
            }));
}

void WebhookDeliveryModel::redeliver(const QString &deliveryId)
{
    state()->api()->redeliverWebhook(
        deliveryId, guarded<Result<WebhookDelivery>>(this, [this](Result<WebhookDelivery> copy) {
            if (!copy)
                return Q_EMIT errorOccurred(reply::describe(copy.error()));
            if (m_webhookId.isEmpty() || m_webhookId == copy->endpointId)
                prepend(m_deliveries, *copy);
            Q_EMIT redelivered(copy->id);
        }));
}

} // namespace parley::client
