#include "models/CannedResponseModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "models/Presentation.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"
#include "state/AppState.h"

using namespace Qt::StringLiterals;

namespace parley::client {

CannedResponseModel::CannedResponseModel(AppState *state)
    : QAbstractListModel(state)
    , m_state(state)
{
    connect(state->realtime(), &RealtimeClient::cannedChanged, this,
            &CannedResponseModel::onChanged);
    // Online after a login or a reconnect: what changed while offline arrives with the reload.
    connect(state->realtime(), &RealtimeClient::stateChanged, this,
            [this](RealtimeClient::State st) {
                if (st == RealtimeClient::Online && m_state->session()->isStaff())
                    refresh();
            });
    connect(state->session(), &Session::loggedOut, this, [this] {
        ++m_generation;
        setLoading(false);
        reset({});
    });
}

int CannedResponseModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QHash<int, QByteArray> CannedResponseModel::roleNames() const
{
    return {{CannedIdRole, "cannedId"}, {TitleRole, "title"},     {ShortcutRole, "shortcut"},
            {BodyRole, "body"},         {PreviewRole, "preview"}, {UpdatedAtRole, "updatedAt"}};
}

QVariant CannedResponseModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CannedResponse &c = m_items.at(index.row());
    switch (role) {
    case CannedIdRole:
        return c.id;
    case Qt::DisplayRole:
    case TitleRole:
        return c.title;
    case ShortcutRole:
        return c.shortcut;
    case BodyRole:
        return c.body;
    case PreviewRole:
        return c.body.section(u'\n', 0, 0).trimmed();
    case UpdatedAtRole:
        return c.updatedAt;
    default:
        return {};
    }
}

QVariantMap CannedResponseModel::get(int row) const
{
    return present::rowMap(this, row);
}

int CannedResponseModel::indexOf(const QString &cannedId) const
{
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).id == cannedId)
            return i;
    }
    return -1;
}

void CannedResponseModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged();
}

void CannedResponseModel::refresh()
{
    if (!m_state->session()->isLoggedIn())
        return;
    const int generation = ++m_generation;
    setLoading(true);
    m_state->api()->cannedResponses(
        {}, guarded<Result<QList<CannedResponse>>>(this, [this, generation](auto items) {
            if (generation != m_generation)
                return;
            setLoading(false);
            if (!items)
                return Q_EMIT errorOccurred(reply::describe(items.error()));
            reset(*items);
        }));
}

void CannedResponseModel::reset(const QList<CannedResponse> &items)
{
    const bool changed = m_items.size() != items.size();
    beginResetModel();
    m_items.clear();
    for (const auto &c : items)
        m_items.insert(sortedRow(c.shortcut), c);
    endResetModel();
    if (changed)
        Q_EMIT countChanged();
}

int CannedResponseModel::sortedRow(const QString &shortcut) const
{
    int row = 0;
    while (row < m_items.size() && m_items.at(row).shortcut < shortcut)
        ++row;
    return row;
}

void CannedResponseModel::upsert(const CannedResponse &canned)
{
    const int at = indexOf(canned.id);
    if (at >= 0) {
        if (m_items.at(at).updatedAt > canned.updatedAt) // an older answer after a newer frame
            return;
        beginRemoveRows({}, at, at);
        m_items.removeAt(at);
        endRemoveRows();
    }
    const int row = sortedRow(canned.shortcut);
    beginInsertRows({}, row, row);
    m_items.insert(row, canned);
    endInsertRows();
    if (at < 0)
        Q_EMIT countChanged();
}

void CannedResponseModel::erase(const QString &cannedId)
{
    const int at = indexOf(cannedId);
    if (at < 0)
        return;
    beginRemoveRows({}, at, at);
    m_items.removeAt(at);
    endRemoveRows();
    Q_EMIT countChanged();
}

void CannedResponseModel::onChanged(const QString &action, const CannedResponse &canned)
{
    if (action == u"deleted"_s)
        erase(canned.id);
    else
        upsert(canned);
}

int CannedResponseModel::create(const QString &title, const QString &shortcut, const QString &body)
{
    CannedRequest req;
    req.title = title;
    req.shortcut = shortcut;
    req.body = body;
    const int request = ++m_lastRequest;
    save(request, {}, req);
    return request;
}

int CannedResponseModel::update(const QString &cannedId, const QString &title,
                                const QString &shortcut, const QString &body)
{
    CannedRequest req;
    req.title = title;
    req.shortcut = shortcut;
    req.body = body;
    const int request = ++m_lastRequest;
    save(request, cannedId, req);
    return request;
}

void CannedResponseModel::save(int request, const QString &cannedId, const CannedRequest &req)
{
    auto done = guarded<Result<CannedResponse>>(this, [this, request](auto canned) {
        if (!canned)
            return Q_EMIT saveFailed(request, canned.error().field,
                                     reply::describe(canned.error()));
        upsert(*canned);
        Q_EMIT saved(request, canned->id);
    });
    if (cannedId.isEmpty())
        m_state->api()->createCanned(req, std::move(done));
    else
        m_state->api()->updateCanned(cannedId, req, std::move(done));
}

int CannedResponseModel::remove(const QString &cannedId)
{
    const int request = ++m_lastRequest;
    m_state->api()->deleteCanned(
        cannedId, guarded<Status>(this, [this, request, cannedId](Status status) {
            if (!status)
                return Q_EMIT errorOccurred(reply::describe(status.error()));
            erase(cannedId);
            Q_EMIT removed(request, cannedId);
        }));
    return request;
}

int CannedResponseModel::render(const QString &roomId, const QString &cannedId)
{
    const int request = ++m_lastRequest;
    m_state->api()->renderCanned(
        roomId, cannedId, guarded<Result<QString>>(this, [this, request](auto text) {
            if (!text)
                return Q_EMIT renderFailed(request, reply::describe(text.error()));
            Q_EMIT rendered(request, *text);
        }));
    return request;
}

} // namespace parley::client
