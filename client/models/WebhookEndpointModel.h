#pragma once

#include "models/PagedListModel.h"

#include "protocol/Webhook.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Admin: the webhook endpoints (docs/API.md "Webhooks"), oldest first. The signing secret is
// answered once, on create and on rotate, through secretIssued; nothing keeps it.
//
// QML: WebhookEndpointModel { onSecretIssued: (id, url, secret) => secretDialog.show(url, secret) }
class WebhookEndpointModel : public PagedListModel
{
    Q_OBJECT
    QML_ELEMENT
    // The events an endpoint may subscribe to, for the edit form.
    Q_PROPERTY(QStringList availableEvents READ availableEvents CONSTANT)
    Q_PROPERTY(int defaultIntervalS READ defaultIntervalS CONSTANT)
    Q_PROPERTY(int maxIntervalS READ maxIntervalS CONSTANT)
    // count, loading, hasMore, refresh(), loadMore(), get(row), errorOccurred: PagedListModel

public:
    enum Role {
        WebhookIdRole = Qt::UserRole + 1, // "webhookId"
        UrlRole,                          // "url"
        EnabledRole,                      // "enabled": bool
        EventsRole,                       // "events": list of strings
        IntervalSRole,                    // "intervalS": coalescing window in seconds
        CreatedAtRole,                    // "createdAt": date
        UpdatedAtRole,                    // "updatedAt": date
    };
    Q_ENUM(Role)

    explicit WebhookEndpointModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QStringList availableEvents() const;
    int defaultIntervalS() const { return webhook::kDefaultIntervalS; }
    int maxIntervalS() const { return webhook::kMaxIntervalS; }

    // secretIssued (the server generates the secret; the new row comes last) or errorOccurred.
    Q_INVOKABLE void create(const QString &url, const QStringList &events, bool enabled,
                            int intervalS);
    // endpointUpdated or errorOccurred.
    Q_INVOKABLE void update(const QString &webhookId, const QString &url, const QStringList &events,
                            bool enabled, int intervalS);
    Q_INVOKABLE void setEnabled(const QString &webhookId, bool enabled);
    // A new secret, answered once through secretIssued; the old one stops signing at once.
    Q_INVOKABLE void rotateSecret(const QString &webhookId);
    // Queues a "ping" delivery due now: testQueued or errorOccurred.
    Q_INVOKABLE void sendTest(const QString &webhookId);

Q_SIGNALS:
    void secretIssued(const QString &webhookId, const QString &url, const QString &secret);
    void endpointUpdated(const QString &webhookId);
    void testQueued(const QString &webhookId, const QString &deliveryId);

private:
    AppState *state() const;
    void fetch(bool append) override;
    void patch(const QString &webhookId, const UpdateWebhookRequest &req);

    QList<WebhookEndpoint> m_endpoints;
};

} // namespace parley::client
