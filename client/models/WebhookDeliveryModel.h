#pragma once

#include "models/PagedListModel.h"

#include "protocol/Webhook.h"

#include <QList>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Admin: the webhook delivery log (docs/API.md "Webhooks"), newest first, paged, of one endpoint
// or of all of them. refresh() shows the retries' progress; redeliver() queues a copy due now.
//
// QML: WebhookDeliveryModel { webhookId: endpointFilter.currentValue }
class WebhookDeliveryModel : public PagedListModel
{
    Q_OBJECT
    QML_ELEMENT
    // "": every endpoint's deliveries. Setting it loads the first page again.
    Q_PROPERTY(QString webhookId READ webhookId WRITE setWebhookId NOTIFY webhookIdChanged)
    // count, loading, hasMore, refresh(), loadMore(), get(row), errorOccurred: PagedListModel

public:
    enum Role {
        DeliveryIdRole = Qt::UserRole + 1, // "deliveryId": also the X-Parley-Delivery header
        EndpointIdRole,                    // "endpointId"
        EventRole,                         // "event": "message.offline_member" | "ping"
        RoomIdRole,                        // "roomId" ("" for a ping)
        RecipientIdRole,                   // "recipientId" ("" for a ping)
        StatusRole,                        // "status": "pending" | "delivered" | "failed"
        AttemptsRole,                      // "attempts"
        LastStatusCodeRole,                // "lastStatusCode": HTTP status, 0 without an answer
        LastErrorRole,                     // "lastError"
        NextAttemptAtRole,                 // "nextAttemptAt": date, undefined when none is due
        CreatedAtRole,                     // "createdAt": date
        DeliveredAtRole,                   // "deliveredAt": date, undefined until delivered
    };
    Q_ENUM(Role)

    explicit WebhookDeliveryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString webhookId() const { return m_webhookId; }
    void setWebhookId(const QString &webhookId);
    // A new delivery (new id) with the same event and body, due now: redelivered (it comes
    // first when it belongs to the shown endpoint) or errorOccurred.
    Q_INVOKABLE void redeliver(const QString &deliveryId);

Q_SIGNALS:
    void webhookIdChanged();
    void redelivered(const QString &deliveryId);

private:
    AppState *state() const;
    void fetch(bool append) override;

    QList<WebhookDelivery> m_deliveries;
    QString m_webhookId;
};

} // namespace parley::client
