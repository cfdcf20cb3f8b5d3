#pragma once

#include "realtime/Backoff.h"

#include "protocol/Canned.h"
#include "protocol/Message.h"
#include "protocol/Note.h"
#include "protocol/Rating.h"
#include "protocol/Result.h"
#include "protocol/Room.h"
#include "protocol/User.h"
#include "protocol/WsFrames.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class QWebSocket;

namespace parley::client {

class LocalCache;

// The one `/ws` connection of the app (PROTOCOL.md "WebSocket"). It authenticates with the
// access token, resumes every room from its cursor (the highest seq seen, persisted in the
// LocalCache so a restart resumes too), pings every heartbeat and treats a silent socket as dead,
// and reconnects with exponential backoff and jitter until stop(). Server frames come out as typed
// signals.
//
// QML: the enum (RealtimeClient.Online, ...) and Parley.connectionState / Parley.realtime.
class RealtimeClient : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Parley.realtime")
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    // Messages from others that the last resume after a reconnect brought ("Back online: N new
    // messages"); 0 after the first connection.
    Q_PROPERTY(int backOnlineCount READ backOnlineCount NOTIFY backOnlineCountChanged)
    // Seconds until the next reconnect attempt while Offline after a loss (0 otherwise).
    Q_PROPERTY(int retryInSeconds READ retryInSeconds NOTIFY retryInSecondsChanged)

public:
    // Offline: no socket (stopped, never started, or waiting for the next attempt).
    // Connecting: the first attempt since start(). Online: authenticated (hello received).
    // Reconnecting: an attempt after the connection was lost.
    enum State { Offline, Connecting, Online, Reconnecting };
    Q_ENUM(State)

    explicit RealtimeClient(QObject *parent = nullptr);
    ~RealtimeClient() override;

    void setServerUrl(const QUrl &httpBase); // http(s)://host:port -> ws(s)://host:port/ws
    void setAccessToken(const QString &token);
    // Cursors are read from and written to the cache (nullptr: kept in memory only).
    void setCache(LocalCache *cache);
    void setBackoff(int minMs, int maxMs) { m_backoff.setRange(minMs, maxMs); }
    // Overrides the server's heartbeat_s (tests); 0: use the server's.
    void setHeartbeatOverrideMs(int ms) { m_heartbeatOverrideMs = ms; }

    void start();
    void stop();
    Q_INVOKABLE void reconnectNow(); // skip the backoff wait

    State state() const { return m_state; }
    bool isOnline() const { return m_state == Online; }
    // Online and the resume answered: everything missed while away has arrived.
    bool isSynced() const { return m_state == Online && m_synced; }
    int backOnlineCount() const { return m_backOnlineCount; }
    int retryInSeconds() const;
    QString sessionId() const { return m_sessionId; }

    // Sends one client frame when Online (false otherwise); answers come as acked()/frameError()
    // with `ref`.
    bool sendFrame(const ws::ClientFrame &frame, const QString &ref = {});
    bool sendTyping(const QString &roomId, bool isTyping);
    bool sendRead(const QString &roomId, qint64 upToSeq);
    bool sendDelivered(const QString &roomId, qint64 upToSeq);

    qint64 cursor(const QString &roomId) const { return m_cursors.value(roomId); }
    // Raises the room's cursor to seq (never lowers it).
    void advanceCursor(const QString &roomId, qint64 seq);

Q_SIGNALS:
    void stateChanged(parley::client::RealtimeClient::State state);
    void backOnlineCountChanged();
    void retryInSecondsChanged();
    void hello(const parley::User &user, const QString &sessionId);
    // The socket was closed for a bad/expired token (4401): refresh, then setAccessToken().
    void authenticationFailed();
    // Closed for good by the server (4403 blocked): no more reconnects until start().
    void forbidden();
    void backOnline(int newMessages);
    void resumed(const QHash<QString, qint64> &lastSeqs, bool complete);

    void acked(const QString &ref, const QJsonObject &fields);
    void frameError(const QString &ref, const parley::Error &error);
    void messageReceived(const parley::Message &message);
    void messageUpdated(const parley::Message &message);
    void messageDeleted(const parley::Message &message);
    void typing(const QString &roomId, const parley::User &user, bool isTyping);
    void receipt(const QString &roomId, const QString &userId, bool read, qint64 upToSeq);
    void roomState(const QString &roomId, qint64 readSeq, qint64 unreadCount);
    void roomAdded(const parley::Room &room);
    void roomUpdated(const parley::Room &room);
    void roomRemoved(const QString &roomId);
    void memberJoined(const QString &roomId, const parley::User &user);
    void memberLeft(const QString &roomId, const parley::User &user);
    void presence(const parley::User &user, bool online);
    void queueUpdated(const parley::Room &room);
    // ui-close: a customer rated a closed conversation (staff only, docs/API.md "Ratings").
    void ratingReceived(const parley::Rating &rating);
    // Support desk (ui-assign): `room_assigned` (a null assignee/previous/by is a User with an
    // empty id; by is null for auto-assignment) and a staff member's `availability`.
    void roomAssigned(const QString &roomId, const parley::User &assignee,
                      const parley::User &previous, const parley::User &by);
    void availabilityChanged(const parley::User &user, bool away);
    // Support desk, canned responses (staff only): action "created" | "updated" | "deleted".
    void cannedChanged(const QString &action, const parley::CannedResponse &canned);
    // ui-notes: a private staff note was added to a room this staff member is in (`note`).
    void noteReceived(const parley::Note &note);

private:
    void open();
    void onConnected();
    void onDisconnected();
    void onText(const QString &text);
    void handle(const QString &type, const QJsonObject &obj);
    void handleHello(const QJsonObject &obj);
    void handleMessageFrame(const QString &type, const QJsonObject &obj);
    void scheduleReconnect();
    void setState(State state);
    void sendJson(const QJsonObject &obj);
    void ping();

    QWebSocket *m_socket = nullptr;
    LocalCache *m_cache = nullptr;
    QUrl m_wsUrl;
    QString m_token;
    QString m_sessionId;
    QString m_userId;
    State m_state = Offline;
    bool m_running = false;
    bool m_wasOnline = false; // online at least once since start(): later attempts reconnect
    bool m_resuming = false;
    bool m_synced = false;
    int m_resumeCount = 0;
    int m_backOnlineCount = 0;
    int m_heartbeatOverrideMs = 0;
    int m_heartbeatMs = 30000;
    Backoff m_backoff;
    QTimer m_reconnectTimer;
    QTimer m_countdownTimer; // ticks retryInSeconds while waiting
    QTimer m_pingTimer;
    QTimer m_deadTimer;
    QHash<QString, qint64> m_cursors;
};

} // namespace parley::client
