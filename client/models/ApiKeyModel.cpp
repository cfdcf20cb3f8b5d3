#include "models/ApiKeyModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "models/Presentation.h"
#include "state/AppState.h"

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
QString keyId(const ApiKey &key)
{
    return key.id;
}
} // namespace

ApiKeyModel::ApiKeyModel(QObject *parent)
    : PagedListModel(parent)
{}

AppState *ApiKeyModel::state() const
{
    return AppState::instance();
}

int ApiKeyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

QHash<int, QByteArray> ApiKeyModel::roleNames() const
{
    return {{KeyIdRole, "keyId"},           {NameRole, "name"},
            {ScopesRole, "scopes"},         {CreatedAtRole, "createdAt"},
            {LastUsedAtRole, "lastUsedAt"}, {RevokedAtRole, "revokedAt"},
            {RevokedRole, "revoked"}};
}

QVariant ApiKeyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ApiKey &key = m_keys.at(index.row());
    switch (role) {
    case KeyIdRole:
        return key.id;
    case Qt::DisplayRole:
    case NameRole:
        return key.name;
    case ScopesRole:
        return key.scopes;
    case CreatedAtRole:
        return present::dateOrNull(key.createdAt);
    case LastUsedAtRole:
        return present::dateOrNull(key.lastUsedAt);
    case RevokedAtRole:
        return present::dateOrNull(key.revokedAt);
    case RevokedRole:
        return key.revoked();
    default:
        return {};
    }
}

QStringList ApiKeyModel::availableScopes() const
{
    return {scope::RoomsWrite.toString(), scope::EventsWrite.toString()};
}

void ApiKeyModel::fetch(bool)
{
    if (!state())
        return;
    const int generation = beginFetch();
    state()->api()->apiKeys(
        guarded<Result<QList<ApiKey>>>(this, [this, generation](Result<QList<ApiKey>> keys) {
            Result<Page<ApiKey>> page =
                keys ? Result<Page<ApiKey>>(Page<ApiKey>{*keys, {}}) : keys.error();
            applyPage(generation, m_keys, page, false);
        }));
}

void ApiKeyModel::createKey(const QString &name, const QStringList &scopes)
{
    CreateApiKeyRequest req;
    req.name = name.trimmed();
    req.scopes = scopes;
    auto checked = CreateApiKeyRequest::fromJson(req.toJson());
    if (!checked)
        return Q_EMIT errorOccurred(checked.error().message);
    state()->api()->createApiKey(
        *checked, guarded<Result<CreatedApiKey>>(this, [this](Result<CreatedApiKey> created) {
            if (!created)
                return Q_EMIT errorOccurred(reply::describe(created.error()));
            prepend(m_keys, created->key);
            Q_EMIT keyCreated(created->key.name, created->secret);
        }));
}

void ApiKeyModel::revoke(const QString &id)
{
    state()->api()->revokeApiKey(id, guarded<Result<ApiKey>>(this, [this](Result<ApiKey> key) {
                                     if (!key)
                                         return Q_EMIT errorOccurred(reply::describe(key.error()));
                                     replaceRow(m_keys, *key, keyId);
                                     Q_EMIT keyRevoked(key->name);
                                 }));
}

} // namespace parley::client
