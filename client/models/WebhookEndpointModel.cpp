#include "models/WebhookEndpointModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "state/AppState.h"

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
QString endpointId(const WebhookEndpoint &endpoint)
{
    return endpoint.id;
}
} // namespace

WebhookEndpointModel::WebhookEndpointModel(QObject *parent)
    : PagedListModel(parent)
{}

AppState *WebhookEndpointModel::state() const
{
    return AppState::instance();
}

int WebhookEndpointModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_endpoints.size());
}

QHash<int, QByteArray> WebhookEndpointModel::roleNames() const
{
    return {{WebhookIdRole, "webhookId"}, {UrlRole, "url"},
            {EnabledRole, "enabled"},     {EventsRole, "events"},
            {IntervalSRole, "intervalS"}, {CreatedAtRole, "createdAt"},
            {UpdatedAtRole, "updatedAt"}};
}

QVariant WebhookEndpointModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WebhookEndpoint &endpoint = m_endpoints.at(index.row());
    switch (role) {
    case WebhookIdRole:
        return endpoint.id;
    case Qt::DisplayRole:
    case UrlRole:
        return endpoint.url;
    case EnabledRole:
        return endpoint.enabled;
    case EventsRole:
        return endpoint.events;
    case IntervalSRole:
        return endpoint.intervalS;
    case CreatedAtRole:
        return endpoint.createdAt;
    case UpdatedAtRole:
        return endpoint.updatedAt;
    default:
        return {};
    }
}

QStringList WebhookEndpointModel::availableEvents() const
{
    return webhook::subscribableEvents();
}

void WebhookEndpointModel::fetch(bool)
{
    if (!state())
        return;
    const int generation = beginFetch();
    state()->api()->webhooks(guarded<Result<QList<WebhookEndpoint>>>(
        this, [this, generation](Result<QList<WebhookEndpoint>> list) {
            Result<Page<WebhookEndpoint>> page =
                list ? Result<Page<WebhookEndpoint>>(Page<WebhookEndpoint>{*list, {}})
                     : list.error();
            applyPage(generation, m_endpoints, page, false);
        }));
}

void WebhookEndpointModel::create(const QString &url, const QStringList &events, bool enabled,
                                  int intervalS)
{
    CreateWebhookRequest req;
    req.url = url.trimmed();
    req.events = events;
    req.enabled = enabled;
    req.intervalS = intervalS;
    auto checked = CreateWebhookRequest::fromJson(req.toJson());
    if (!checked)
        return Q_EMIT errorOccurred(checked.error().message);
    state()->api()->createWebhook(
        *checked, guarded<Result<WebhookEndpoint>>(this, [this](Result<WebhookEndpoint> created) {
            if (!created)
                return Q_EMIT errorOccurred(reply::describe(created.error()));
            const int row = int(m_endpoints.size());
            beginInsertRows({}, row, row);
            WebhookEndpoint listed = *created;
            listed.secret.clear();
            m_endpoints.append(listed);
            endInsertRows();
            Q_EMIT countChanged();
            Q_EMIT secretIssued(created->id, created->url, created->secret);
        }));
}

void WebhookEndpointModel::update(const QString &webhookId, const QString &url,
                                  const QStringList &events, bool enabled, int intervalS)
{
    UpdateWebhookRequest req;
    req.url = url.trimmed();
    req.events = events;
    req.enabled = enabled;
    req.intervalS = intervalS;
    patch(webhookId, req);
}

void WebhookEndpointModel::setEnabled(const QString &webhookId, bool enabled)
{
    UpdateWebhookRequest req;
    req.enabled = enabled;
    patch(webhookId, req);
}

void WebhookEndpointModel::rotateSecret(const QString &webhookId)
{
    UpdateWebhookRequest req;
    req.rotateSecret = true;
    patch(webhookId, req);
}

void WebhookEndpointModel::patch(const QString &webhookId, const UpdateWebhookRequest &req)
{
    auto checked = UpdateWebhookRequest::fromJson(req.toJson());
    if (!checked)
        return Q_EMIT errorOccurred(checked.error().message);
    state()->api()->updateWebhook(
        webhookId, *checked,
        guarded<Result<WebhookEndpoint>>(this, [this](Result<WebhookEndpoint> updated) {
            if (!updated)
                return Q_EMIT errorOccurred(reply::describe(updated.error()));
            WebhookEndpoint listed = *updated;
            listed.secret.clear();
            replaceRow(m_endpoints, listed, endpointId);
            Q_EMIT endpointUpdated(updated->id);
            if (!updated->secret.isEmpty())
                Q_EMIT secretIssued(updated->id, updated->url, updated->secret);
        }));
}

void WebhookEndpointModel::sendTest(const QString &webhookId)
{
    state()->api()->testWebhook(
        webhookId, guarded<Result<WebhookDelivery>>(this, [this](Result<WebhookDelivery> queued) {
            if (!queued)
                return Q_EMIT errorOccurred(reply::describe(queued.error()));
            Q_EMIT testQueued(queued->endpointId, queued->id);
        }));
}

} // namespace parley::client
