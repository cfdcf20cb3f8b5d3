#include "state/AppState.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "api/AuthedNetworkAccess.h"
#include "cache/LocalCache.h"
#include "models/CannedResponseModel.h"
#include "models/OnlineStaffModel.h"
#include "models/Presentation.h"
#include "models/RoomListModel.h"
#include "models/StaffQueueModel.h"
#include "realtime/Outbox.h"
#include "session/ClientSettings.h"
#include "session/Session.h"
#include "session/TokenStore.h"
#include "state/ClientLogging.h"

#include <QDir>
#include <QFileInfo>
#include <QJSEngine>
#include <QQmlEngine>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
AppState *g_instance = nullptr;
constexpr int kDeliveredDelayMs = 150;

QString uniqueTarget(const QString &dir, const QString &fileName)
{
    QString name = QFileInfo(fileName).fileName();
    if (name.isEmpty())
        name = u"download"_s;
    const QFileInfo info(name);
    QString path = QDir(dir).filePath(name);
    for (int n = 1; QFileInfo::exists(path); ++n) {
        const QString suffix = info.completeSuffix();
        path = QDir(dir).filePath(info.baseName() + u" (%1)"_s.arg(n) +
                                  (suffix.isEmpty() ? QString() : u'.' + suffix));
    }
    return path;
}
} // namespace

AppState::AppState(const AppOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_dataDir(options.dataDir.isEmpty()
                    ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                    : options.dataDir)
    , m_settings(std::make_unique<ClientSettings>(options.settingsPath))
    , m_credentials(std::make_shared<SharedCredentials>())
{
    g_instance = this;
    m_serverUrl = options.serverOverride.isValid() && !options.serverOverride.isEmpty()
                      ? options.serverOverride
                      : m_settings->lastServerUrl();
    m_api = new ApiClient(this);
    m_api->setBaseUrl(m_serverUrl);
    m_tokens = new TokenStore(u"Parley"_s, m_dataDir, this);
    if (!options.useKeychain)
        m_tokens->useFileOnly();
    m_session = new Session(m_api, m_tokens, m_settings.get(), this);
    m_api->setRefresher([this](std::function<void(bool)> done) { m_session->refreshNow(done); });
    m_realtime = new RealtimeClient(this);
    m_realtime->setServerUrl(m_serverUrl);
    m_realtime->setBackoff(options.reconnectMinMs, options.reconnectMaxMs);
    m_outbox = new Outbox(m_realtime, this);
    m_rooms = new RoomListModel(this);
    m_deliveredTimer.setSingleShot(true);
    connect(&m_deliveredTimer, &QTimer::timeout, this, &AppState::flushDelivered);

    connect(m_session, &Session::loggedIn, this, &AppState::onLoggedIn);
    connect(m_session, &Session::loggedOut, this, &AppState::onLoggedOut);
    connect(m_session, &Session::accessTokenChanged, this, [this] {
        updateCredentials();
        if (m_session->isLoggedIn() && m_session->hasAccessToken())
            m_realtime->setAccessToken(m_session->accessToken());
    });
    connect(m_rooms, &RoomListModel::totalUnreadChanged, this, &AppState::unreadTotalChanged);
    connect(m_rooms, &RoomListModel::roomChanged, this, [this](const Room &room) {
        if (m_cache)
            m_cache->storeRoom(room);
    });
    connect(m_outbox, &Outbox::pendingCountChanged, this, [this] {
        QHash<QString, int> perRoom;
        for (const auto &item : m_outbox->items())
            ++perRoom[item.roomId];
        for (const auto &room : m_rooms->rooms())
            m_rooms->setPendingCount(room.id, perRoom.value(room.id));
        Q_EMIT pendingCountChanged();
    });
    connect(m_outbox, &Outbox::sent, this, [this](const QString &, const Message &message) {
        if (m_cache)
            m_cache->storeMessage(message);
        m_rooms->applyMessage(message, false);
    });
    wireRealtime();

    m_staffQueue = new StaffQueueModel(this);
    m_onlineStaff = new OnlineStaffModel(this);
    m_canned = new CannedResponseModel(this); // support desk (ui-canned)
    updateCredentials();
}

AppState::~AppState()
{
    m_realtime->stop();
    if (g_instance == this)
        g_instance = nullptr;
}

AppState *AppState::instance()
{
    return g_instance;
}

AppState *AppState::create(QQmlEngine *, QJSEngine *)
{
    if (g_instance) {
        QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
        return g_instance;
    }
    auto *state = new AppState(AppOptions{});
    state->start();
    return state; // owned by the engine
}

void AppState::installNetworkAccess(QQmlEngine *engine)
{
    // The engine does not own its factory, and it must live as long as the engine does.
    auto *factory = new AuthedNetworkAccessFactory(m_credentials);
    engine->setNetworkAccessManagerFactory(factory);
    QObject::connect(engine, &QObject::destroyed, [factory] { delete factory; });
}

void AppState::start()
{
    m_session->restore();
}

QString AppState::serverUrl() const
{
    return m_serverUrl.toString(QUrl::StripTrailingSlash);
}

void AppState::setServerUrl(const QString &text)
{
    QString trimmed = text.trimmed();
    if (!trimmed.contains(u"://"_s))
        trimmed.prepend(u"http://"_s);
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || url == m_serverUrl)
        return;
    if (m_session->state() != Session::LoggedOut) {
        qCWarning(lcClientSession) << "The server URL changes only while logged out";
        return;
    }
    m_serverUrl = url.adjusted(QUrl::StripTrailingSlash);
    m_api->setBaseUrl(m_serverUrl);
    m_realtime->setServerUrl(m_serverUrl);
    updateCredentials();
    Q_EMIT serverUrlChanged();
}

RealtimeClient::State AppState::connectionState() const
{
    return m_realtime->state();
}
int AppState::backOnlineCount() const
{
    return m_realtime->backOnlineCount();
}
int AppState::pendingCount() const
{
    return m_outbox->pendingCount();
}
int AppState::unreadTotal() const
{
    return m_rooms->totalUnread();
}
QString AppState::version() const
{
    return QStringLiteral(PARLEY_VERSION);
}
QString AppState::selfId() const
{
    return m_session->userId();
}

QString AppState::windowTitle() const
{
    const int unread = unreadTotal();
    return unread > 0 ? u"(%1) Parley"_s.arg(unread) : u"Parley"_s;
}

void AppState::updateCredentials()
{
    m_credentials->set(m_serverUrl, m_session->accessToken());
}

void AppState::wireRealtime()
{
    RealtimeClient *rt = m_realtime;
    connect(rt, &RealtimeClient::stateChanged, this, [this](RealtimeClient::State state) {
        Q_EMIT connectionStateChanged();
        if (state == RealtimeClient::Online) {
            refreshRooms();     // room changes while away (closed, renamed, unread) are not resumed
            loadAvailability(); // ui-assign: another session may have switched it meanwhile
        }
    });
    connect(rt, &RealtimeClient::backOnlineCountChanged, this, &AppState::backOnlineCountChanged);
    connect(rt, &RealtimeClient::backOnline, this, &AppState::backOnline);
    connect(rt, &RealtimeClient::authenticationFailed, this, [this] { m_session->refreshNow(); });
    connect(rt, &RealtimeClient::forbidden, this, [this] { m_session->logout(); });
    connect(rt, &RealtimeClient::messageReceived, this, &AppState::onMessage);
    auto updated = [this](const Message &message) {
        if (m_cache)
            m_cache->storeMessage(message);
        m_rooms->applyMessageUpdate(message);
    };
    connect(rt, &RealtimeClient::messageUpdated, this, updated);
    connect(rt, &RealtimeClient::messageDeleted, this, updated);
    connect(rt, &RealtimeClient::roomState, m_rooms, &RoomListModel::setReadState);
    connect(rt, &RealtimeClient::typing, m_rooms, &RoomListModel::setTyping);
    connect(rt, &RealtimeClient::roomAdded, this,
            [this](const Room &room) { adoptRoom(room, false); });
    connect(rt, &RealtimeClient::roomUpdated, this,
            [this](const Room &room) { adoptRoom(room, false); });
    connect(rt, &RealtimeClient::roomRemoved, this, [this](const QString &roomId) {
        m_rooms->remove(roomId);
        if (m_cache)
            m_cache->removeRoom(roomId);
    });
    auto membersChanged = [this](const QString &roomId, const User &) {
        m_api->room(roomId, guarded<Result<Room>>(this, [this](Result<Room> room) {
                        if (room)
                            adoptRoom(*room, false);
                    }));
    };
    connect(rt, &RealtimeClient::memberJoined, this, membersChanged);
    connect(rt, &RealtimeClient::memberLeft, this, membersChanged);
    // Support desk (ui-assign): my availability switched by another session (or an admin).
    connect(rt, &RealtimeClient::availabilityChanged, this, [this](const User &user, bool away) {
        if (user.id == selfId())
            setAwayState(away);
    });
}

void AppState::onLoggedIn()
{
    m_settings->setLastServerUrl(m_serverUrl);
    m_rooms->setSelfId(m_session->userId());
    openCache();
    updateCredentials();
    if (m_session->hasAccessToken())
        m_realtime->setAccessToken(m_session->accessToken());
    m_realtime->start();
    loadAvailability();
}

void AppState::onLoggedOut()
{
    setAwayState(false);
    m_realtime->stop();
    m_realtime->setAccessToken({});
    closeCache();
    m_rooms->clear();
    m_stats.clear();
    Q_EMIT statsChanged();
    updateCredentials();
}

void AppState::openCache()
{
    closeCache();
    m_cache = std::make_unique<LocalCache>(
        LocalCache::pathFor(m_dataDir, m_serverUrl, m_session->userId()));
    if (auto opened = m_cache->open(); !opened) {
        qCWarning(lcClientCache) << "No local cache:" << opened.error().message;
        m_cache.reset();
    }
    m_realtime->setCache(m_cache.get());
    m_outbox->setCache(m_cache.get());
    if (m_cache)
        m_rooms->resetRooms(m_cache->rooms());
    Q_EMIT cacheChanged();
}

void AppState::closeCache()
{
    if (!m_cache)
        return;
    m_realtime->setCache(nullptr);
    m_outbox->setCache(nullptr);
    m_cache.reset();
    Q_EMIT cacheChanged();
}

void AppState::onMessage(const Message &message)
{
    const QString self = selfId();
    const bool mine = message.sender && message.sender->id == self;
    if (m_cache)
        m_cache->storeMessage(message);
    const auto room = m_rooms->room(message.roomId);
    if (!room) {
        // A room we do not list yet (added while away): fetch it.
        m_api->room(message.roomId, guarded<Result<Room>>(this, [this](Result<Room> r) {
                        if (r)
                            adoptRoom(*r, false);
                    }));
        return;
    }
    m_rooms->applyMessage(message, !mine);
    if (mine)
        return;
    queueDelivered(message);
    if (!room->muted && message.sender)
        Q_EMIT messageArrived(message.roomId, m_rooms->title(message.roomId),
                              message.sender->displayName, present::messagePreview(message));
}

void AppState::queueDelivered(const Message &message)
{
    // One `delivered` per room per burst: a resume of hundreds of messages stays a few frames.
    qint64 &seq = m_deliveredPending[message.roomId];
    seq = std::max(seq, message.seq);
    if (!m_deliveredTimer.isActive())
        m_deliveredTimer.start(kDeliveredDelayMs);
}

void AppState::flushDelivered()
{
    const auto pending = std::exchange(m_deliveredPending, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        m_realtime->sendDelivered(it.key(), it.value());
}

void AppState::adoptRoom(const Room &room, bool opened)
{
    const QString self = selfId();
    const bool member = std::any_of(room.members.cbegin(), room.members.cend(),
                                    [&](const Member &m) { return m.user.id == self; });
    if (member) {
        m_rooms->upsert(room);
    } else if (m_rooms->room(room.id)) {
        m_rooms->remove(room.id);
        if (m_cache)
            m_cache->removeRoom(room.id);
    }
    if (opened)
        Q_EMIT roomOpened(room.id);
}

void AppState::refreshRooms()
{
    if (m_session->isLoggedIn())
        fetchRoomPage({}, {});
}

void AppState::fetchRoomPage(const QString &cursor, QList<Room> collected)
{
    RoomQuery query;
    query.cursor = cursor;
    m_api->listRooms(query, guarded<Result<Page<Room>>>(this, [this, collected](
                                                                  Result<Page<Room>> page) mutable {
                         if (!page) {
                             qCInfo(lcClientModels) << "Room list:" << page.error().message;
                             return;
                         }
                         collected.append(page->results);
                         if (!page->nextCursor.isEmpty())
                             return fetchRoomPage(page->nextCursor, collected);
                         m_rooms->resetRooms(collected);
                         if (m_cache)
                             m_cache->replaceRooms(collected);
                     }));
}

void AppState::createSupportRoom(const QString &subject)
{
    CreateRoomRequest req;
    req.kind = RoomKind::Support;
    req.subject = subject.trimmed();
    m_api->createRoom(req, guarded<Result<Room>>(this, [this](Result<Room> room) {
                          if (!room)
                              return Q_EMIT errorOccurred(reply::describe(room.error()));
                          adoptRoom(*room, true);
                      }));
}

void AppState::openOrderRoom(const QString &orderRef, const QString &subject)
{
    CreateRoomRequest req;
    req.kind = RoomKind::Order;
    req.orderRef = orderRef.trimmed();
    req.subject = subject.trimmed();
    m_api->createRoom(req, guarded<Result<Room>>(this, [this](Result<Room> room) {
                          if (!room)
                              return Q_EMIT errorOccurred(reply::describe(room.error()));
                          adoptRoom(*room, true);
                      }));
}

void AppState::openDirectRoom(const QString &userId)
{
    CreateRoomRequest req;
    req.kind = RoomKind::Direct;
    req.members = {userId};
    m_api->createRoom(req, guarded<Result<Room>>(this, [this](Result<Room> room) {
                          if (!room)
                              return Q_EMIT errorOccurred(reply::describe(room.error()));
                          adoptRoom(*room, true);
                      }));
}

void AppState::roomAction(const QString &roomId, const QString &action)
{
    auto done = guarded<Result<Room>>(this, [this, action](Result<Room> room) {
        if (!room)
            return Q_EMIT errorOccurred(reply::describe(room.error()));
        adoptRoom(*room, action == u"join"_s);
    });
    if (action == u"join"_s)
        m_api->joinRoom(roomId, done);
    else if (action == u"unassign"_s)
        m_api->assignRoom(roomId, QString(), done);
    else if (action == u"close"_s)
        m_api->closeRoom(roomId, done);
    else
        m_api->reopenRoom(roomId, done);
}

void AppState::joinRoom(const QString &roomId)
{
    roomAction(roomId, u"join"_s);
}
void AppState::takeRoom(const QString &roomId)
{
    assignRoom(roomId, selfId());
}
void AppState::assignRoom(const QString &roomId, const QString &userId)
{
    m_api->assignRoom(roomId, userId, guarded<Result<Room>>(this, [this](Result<Room> room) {
                          if (!room)
                              return Q_EMIT errorOccurred(reply::describe(room.error()));
                          adoptRoom(*room, false);
                      }));
}
void AppState::unassignRoom(const QString &roomId)
{
    roomAction(roomId, u"unassign"_s);
}
void AppState::setAway(bool away)
{
    m_api->setAvailability(away,
                           guarded<Result<StaffState>>(this, [this](Result<StaffState> state) {
                               if (!state)
                                   return Q_EMIT errorOccurred(reply::describe(state.error()));
                               setAwayState(state->availability == Availability::Away);
                           }));
}
void AppState::setAwayState(bool away)
{
    if (away == m_away)
        return;
    m_away = away;
    Q_EMIT awayChanged();
}
void AppState::loadAvailability()
{
    if (!m_session->isLoggedIn() || !m_session->isStaff())
        return;
    m_api->deskStaff(guarded<Result<DeskStaff>>(this, [this](Result<DeskStaff> desk) {
        if (!desk) {
            qCInfo(lcClientModels) << "Availability:" << desk.error().message;
            return;
        }
        const QString self = selfId();
        for (const auto &entry : std::as_const(desk->staff)) {
            if (entry.user.id == self)
                return setAwayState(entry.availability == Availability::Away);
        }
    }));
}
void AppState::closeRoom(const QString &roomId)
{
    roomAction(roomId, u"close"_s);
}
void AppState::reopenRoom(const QString &roomId)
{
    roomAction(roomId, u"reopen"_s);
}

void AppState::leaveRoom(const QString &roomId)
{
    m_api->leaveRoom(roomId, guarded<Status>(this, [this, roomId](Status status) {
                         if (!status)
                             return Q_EMIT errorOccurred(reply::describe(status.error()));
                         m_rooms->remove(roomId);
                         if (m_cache)
                             m_cache->removeRoom(roomId);
                     }));
}

void AppState::setMuted(const QString &roomId, bool muted)
{
    m_api->setMuted(roomId, muted, guarded<Result<Room>>(this, [this](Result<Room> room) {
                        if (!room)
                            return Q_EMIT errorOccurred(reply::describe(room.error()));
                        adoptRoom(*room, false);
                    }));
}

void AppState::setArchived(const QString &roomId, bool archived)
{
    m_api->setArchived(roomId, archived, guarded<Result<Room>>(this, [this](Result<Room> room) {
                           if (!room)
                               return Q_EMIT errorOccurred(reply::describe(room.error()));
                           adoptRoom(*room, false);
                       }));
}

void AppState::refreshStats()
{
    m_api->adminStats(guarded<Result<ServerStats>>(this, [this](Result<ServerStats> stats) {
        if (!stats)
            return Q_EMIT errorOccurred(reply::describe(stats.error()));
        m_stats = {{u"users"_s, stats->users},
                   {u"roomsOpen"_s, stats->roomsOpen},
                   {u"roomsWaiting"_s, stats->roomsWaiting},
                   {u"messagesTotal"_s, stats->messagesTotal},
                   {u"connections"_s, stats->connections}};
        Q_EMIT statsChanged();
    }));
}

void AppState::downloadAttachment(const QString &urlOrPath, const QString &fileName,
                                  const QUrl &targetFile)
{
    QString target;
    if (targetFile.isLocalFile()) {
        target = targetFile.toLocalFile();
    } else {
        QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
        if (dir.isEmpty())
            dir = QDir(m_dataDir).filePath(u"downloads"_s);
        QDir().mkpath(dir);
        target = uniqueTarget(dir, fileName);
    }
    m_api->download(urlOrPath, target,
                    guarded<Status>(this,
                                    [this, urlOrPath, target](Status status) {
                                        if (!status)
                                            return Q_EMIT downloadFailed(
                                                urlOrPath, reply::describe(status.error()));
                                        Q_EMIT downloadFinished(urlOrPath,
                                                                QUrl::fromLocalFile(target));
                                    }),
                    [this, urlOrPath](qint64 received, qint64 total) {
                        Q_EMIT downloadProgress(urlOrPath, received, total);
                    });
}

QUrl AppState::fileUrl(const QString &path) const
{
    return path.isEmpty() ? QUrl() : m_api->resolve(path);
}

QString AppState::roomTitle(const QString &roomId) const
{
    return m_rooms->title(roomId);
}

} // namespace parley::client
