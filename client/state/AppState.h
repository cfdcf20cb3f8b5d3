#pragma once

#include "realtime/RealtimeClient.h"
#include "state/AppOptions.h"

#include "protocol/Message.h"
#include "protocol/Room.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>

class QQmlEngine;
class QJSEngine;

namespace parley::client {

class ApiClient;
class CannedResponseModel;
class ClientSettings;
class LocalCache;
class OnlineStaffModel;
class Outbox;
class RoomListModel;
class Session;
class SharedCredentials;
class StaffQueueModel;
class TokenStore;

// The app-wide state, one per process: server URL, session, socket, outbox, cache and the shared
// models, wired together. The app creates it in main() (AppOptions::fromArguments) before loading
// QML; QML reaches it as the singleton `Parley` (import Parley.Client).
//
// Lifecycle: logged in (login or restore) -> opens the cache for this server and user, shows the
// cached rooms, fetches the room list, connects the socket (which resumes and flushes the outbox).
// Logged out -> socket stopped, models cleared (the cache stays on disk for the next login).
class AppState : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Parley)
    QML_SINGLETON
    // The server: "http://127.0.0.1:8080". Writable while logged out (the login page's field);
    // remembered after a successful login.
    Q_PROPERTY(QString serverUrl READ serverUrl WRITE setServerUrl NOTIFY serverUrlChanged)
    Q_PROPERTY(parley::client::Session *session READ session CONSTANT)
    Q_PROPERTY(parley::client::RealtimeClient *realtime READ realtime CONSTANT)
    // RealtimeClient.Offline | Connecting | Online | Reconnecting
    Q_PROPERTY(parley::client::RealtimeClient::State connectionState READ connectionState NOTIFY
                   connectionStateChanged)
    // "Back online: N new messages" after the last reconnect (0 after the first connection).
    Q_PROPERTY(int backOnlineCount READ backOnlineCount NOTIFY backOnlineCountChanged)
    // My messages waiting to be sent (all rooms).
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
    Q_PROPERTY(parley::client::RoomListModel *rooms READ rooms CONSTANT)
    Q_PROPERTY(parley::client::StaffQueueModel *staffQueue READ staffQueue CONSTANT)
    Q_PROPERTY(parley::client::OnlineStaffModel *onlineStaff READ onlineStaff CONSTANT)
    // Unread messages in rooms that are not muted.
    Q_PROPERTY(int unreadTotal READ unreadTotal NOTIFY unreadTotalChanged)
    // "Parley" or "(3) Parley".
    Q_PROPERTY(QString windowTitle READ windowTitle NOTIFY unreadTotalChanged)
    // Admin: {users, roomsOpen, roomsWaiting, messagesTotal, connections}; {} until refreshStats().
    Q_PROPERTY(QVariantMap stats READ stats NOTIFY statsChanged)
    Q_PROPERTY(QString version READ version CONSTANT)
    Q_PROPERTY(bool away READ isAway NOTIFY awayChanged)
    // Support desk (ui-canned): the shared canned responses, loaded for staff.
    Q_PROPERTY(parley::client::CannedResponseModel *canned READ canned CONSTANT)

public:
    explicit AppState(const AppOptions &options, QObject *parent = nullptr);
    ~AppState() override;

    // The process's instance (the last one constructed and alive), nullptr when none.
    static AppState *instance();
    // QML singleton factory: the instance (one is created with default options if there is none).
    static AppState *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);
    // Lets the engine load attachment URLs with the access token (call before loading QML).
    void installNetworkAccess(QQmlEngine *engine);

    QString serverUrl() const;
    void setServerUrl(const QString &url);
    Session *session() const { return m_session; }
    RealtimeClient *realtime() const { return m_realtime; }
    RealtimeClient::State connectionState() const;
    int backOnlineCount() const;
    int pendingCount() const;
    RoomListModel *rooms() const { return m_rooms; }
    StaffQueueModel *staffQueue() const { return m_staffQueue; }
    OnlineStaffModel *onlineStaff() const { return m_onlineStaff; }
    int unreadTotal() const;
    QString windowTitle() const;
    QVariantMap stats() const { return m_stats; }
    QString version() const;

    // Room actions. Those that lead into a room emit roomOpened(roomId) on success; every failure
    // emits errorOccurred(message).
    Q_INVOKABLE void createSupportRoom(const QString &subject);
    Q_INVOKABLE void openOrderRoom(const QString &orderRef, const QString &subject);
    Q_INVOKABLE void openDirectRoom(const QString &userId);
    Q_INVOKABLE void joinRoom(const QString &roomId);
    // Support desk: assign to me, or unassign (docs/API.md "Assignment and availability").
    Q_INVOKABLE void takeRoom(const QString &roomId);
    Q_INVOKABLE void unassignRoom(const QString &roomId);
    // Staff availability: away takes me out of auto-assignment.
    Q_INVOKABLE void setAway(bool away);
    Q_INVOKABLE void leaveRoom(const QString &roomId);
    // Support desk (ui-assign): assign or transfer the room to a colleague (or myself).
    Q_INVOKABLE void assignRoom(const QString &roomId, const QString &userId);
    Q_INVOKABLE void closeRoom(const QString &roomId);
    Q_INVOKABLE void reopenRoom(const QString &roomId);
    Q_INVOKABLE void setMuted(const QString &roomId, bool muted);
    Q_INVOKABLE void setArchived(const QString &roomId, bool archived);
    Q_INVOKABLE void refreshRooms();
    Q_INVOKABLE void refreshStats();
    // Saves an attachment ("/api/chat/files/<id>" or attachmentUrl) to the Downloads folder
    // (or `targetFile` when given): downloadFinished(path, localFileUrl) / downloadFailed.
    Q_INVOKABLE void downloadAttachment(const QString &urlOrPath, const QString &fileName,
                                        const QUrl &targetFile = {});
    // "/api/chat/files/<id>" -> absolute URL on the server.
    Q_INVOKABLE QUrl fileUrl(const QString &path) const;
    Q_INVOKABLE QString roomTitle(const QString &roomId) const;

    // C++ side (models, tests)
    ApiClient *api() const { return m_api; }
    Outbox *outbox() const { return m_outbox; }
    LocalCache *cache() const { return m_cache.get(); }
    ClientSettings *settings() const { return m_settings.get(); }
    TokenStore *tokenStore() const { return m_tokens; }
    QString dataDir() const { return m_dataDir; }
    QString selfId() const;
    bool isAway() const { return m_away; }
    CannedResponseModel *canned() const { return m_canned; }
    // Logs in again from what was stored (Session::restore); the app calls it once at start-up.
    void start();

Q_SIGNALS:
    void awayChanged();
    void serverUrlChanged();
    void connectionStateChanged();
    void backOnlineCountChanged();
    void pendingCountChanged();
    void unreadTotalChanged();
    void statsChanged();
    // Back online after a loss, with the number of messages the resume brought.
    void backOnline(int newMessages);
    // A message from someone else in a room that is not muted (for notifications).
    void messageArrived(const QString &roomId, const QString &roomTitle, const QString &senderName,
                        const QString &preview);
    void roomOpened(const QString &roomId);
    void errorOccurred(const QString &message);
    void downloadProgress(const QString &urlOrPath, qint64 received, qint64 total);
    void downloadFinished(const QString &urlOrPath, const QUrl &localFile);
    void downloadFailed(const QString &urlOrPath, const QString &message);
    // The logged-in user's cache was opened (or closed on logout): models reload from it.
    void cacheChanged();

private:
    void onLoggedIn();
    void onLoggedOut();
    void openCache();
    void closeCache();
    void wireRealtime();
    void roomAction(const QString &roomId, const QString &action);
    void fetchRoomPage(const QString &cursor, QList<Room> collected);
    void adoptRoom(const Room &room, bool opened);
    void onMessage(const Message &message);
    void updateCredentials();
    void queueDelivered(const Message &message);
    void flushDelivered();
    // Support desk (ui-assign): my availability as the server has it (login, reconnect, frame).
    void loadAvailability();
    void setAwayState(bool away);

    AppOptions m_options;
    QString m_dataDir;
    std::unique_ptr<ClientSettings> m_settings;
    std::shared_ptr<SharedCredentials> m_credentials;
    QUrl m_serverUrl;
    ApiClient *m_api;
    TokenStore *m_tokens;
    Session *m_session;
    RealtimeClient *m_realtime;
    std::unique_ptr<LocalCache> m_cache;
    Outbox *m_outbox;
    RoomListModel *m_rooms;
    StaffQueueModel *m_staffQueue;
    OnlineStaffModel *m_onlineStaff;
    QVariantMap m_stats;
    int m_lastUnread = 0;
    bool m_away = false;
    QHash<QString, qint64> m_deliveredPending; // room -> seq to report as delivered
    QTimer m_deliveredTimer;
    CannedResponseModel *m_canned = nullptr; // support desk (ui-canned)
};

} // namespace parley::client
