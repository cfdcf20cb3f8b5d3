#include "realtime/RealtimeClient.h"

#include "cache/LocalCache.h"
#include "state/ClientLogging.h"

#include "protocol/Assignment.h"
#include "protocol/JsonFields.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
constexpr int kConnectTimeoutMs = 15000;
constexpr int kCloseUnauthorized = 4401;
constexpr int kCloseForbidden = 4403;

template<typename T>
std::optional<T> decode(const QJsonObject &obj, const QString &field)
{
    auto value = T::fromJson(obj.value(field).toObject());
    if (!value) {
        qCWarning(lcClientRealtime) << "Undecodable" << field << ":" << value.error().message;
        return std::nullopt;
    }
    return *value;
}
} // namespace

RealtimeClient::RealtimeClient(QObject *parent)
    : QObject(parent)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &RealtimeClient::open);
    m_countdownTimer.setInterval(1000);
    connect(&m_countdownTimer, &QTimer::timeout, this, &RealtimeClient::retryInSecondsChanged);
    connect(&m_pingTimer, &QTimer::timeout, this, &RealtimeClient::ping);
    m_deadTimer.setSingleShot(true);
    connect(&m_deadTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcClientRealtime) << "The connection went silent: reconnecting";
        if (m_socket)
            m_socket->abort();
    });
}

RealtimeClient::~RealtimeClient()
{
    m_running = false;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void RealtimeClient::setServerUrl(const QUrl &httpBase)
{
    QUrl url = httpBase.adjusted(QUrl::StripTrailingSlash);
    url.setScheme(httpBase.scheme() == u"https"_s ? u"wss"_s : u"ws"_s);
    url.setPath(url.path() + u"/ws"_s);
    m_wsUrl = url;
}

void RealtimeClient::setAccessToken(const QString &token)
{
    const bool waitingForToken = m_running && !m_socket && !m_reconnectTimer.isActive();
    m_token = token;
    if (waitingForToken && !token.isEmpty())
        open();
}

void RealtimeClient::setCache(LocalCache *cache)
{
    m_cache = cache;
    m_cursors.clear();
    if (m_cache)
        m_cursors = m_cache->cursors();
}

void RealtimeClient::advanceCursor(const QString &roomId, qint64 seq)
{
    if (seq <= m_cursors.value(roomId, -1))
        return;
    m_cursors.insert(roomId, seq);
    if (m_cache)
        m_cache->setCursor(roomId, seq);
}

int RealtimeClient::retryInSeconds() const
{
    if (!m_reconnectTimer.isActive())
        return 0;
    return (m_reconnectTimer.remainingTime() + 999) / 1000;
}

void RealtimeClient::setState(State state)
{
    if (!m_reconnectTimer.isActive())
        m_countdownTimer.stop();
    if (m_state == state)
        return;
    m_state = state;
    qCDebug(lcClientRealtime) << "state" << state;
    Q_EMIT stateChanged(state);
    Q_EMIT retryInSecondsChanged();
}

void RealtimeClient::start()
{
    if (m_running)
        return;
    m_running = true;
    m_wasOnline = false;
    m_backoff.reset();
    if (m_cache)
        m_cursors = m_cache->cursors();
    open();
}

void RealtimeClient::stop()
{
    m_running = false;
    m_synced = false;
    m_resuming = false;
    m_reconnectTimer.stop();
    m_pingTimer.stop();
    m_deadTimer.stop();
    if (m_socket) {
        QWebSocket *socket = std::exchange(m_socket, nullptr);
        socket->disconnect(this);
        if (socket->state() == QAbstractSocket::ConnectedState)
            socket->close();
        else
            socket->abort();
        socket->deleteLater();
    }
    m_countdownTimer.stop();
    setState(Offline);
}

void RealtimeClient::reconnectNow()
{
    if (!m_running || m_socket)
        return;
    m_reconnectTimer.stop();
    open();
}

void RealtimeClient::open()
{
    if (!m_running || m_socket)
        return;
    if (m_token.isEmpty()) {
        setState(Offline); // setAccessToken() opens
        return;
    }
    setState(m_wasOnline ? Reconnecting : Connecting);
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(16 * 1024 * 1024);
    connect(m_socket, &QWebSocket::connected, this, &RealtimeClient::onConnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &RealtimeClient::onText);
    connect(m_socket, &QWebSocket::stateChanged, this, [this](QAbstractSocket::SocketState s) {
        if (s == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    QNetworkRequest request(m_wsUrl);
    request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    m_deadTimer.start(kConnectTimeoutMs);
    m_socket->open(request);
}

void RealtimeClient::onConnected()
{
    // Authentication is decided by the first frame (hello) or a 4401 close.
    m_deadTimer.start(kConnectTimeoutMs);
}

void RealtimeClient::onDisconnected()
{
    if (!m_socket)
        return;
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    const int code = int(socket->closeCode());
    socket->disconnect(this);
    socket->deleteLater();
    m_pingTimer.stop();
    m_deadTimer.stop();
    m_resuming = false;
    m_synced = false;
    qCInfo(lcClientRealtime) << "Disconnected, close code" << code << socket->closeReason();
    if (!m_running)
        return setState(Offline);
    if (code == kCloseUnauthorized) {
        setState(Offline);
        Q_EMIT authenticationFailed(); // a fresh token arrives through setAccessToken()
        m_token.clear();
        return;
    }
    if (code == kCloseForbidden) {
        m_running = false;
        setState(Offline);
        Q_EMIT forbidden();
        return;
    }
    scheduleReconnect();
}

void RealtimeClient::scheduleReconnect()
{
    const int delay = m_backoff.nextDelayMs();
    qCDebug(lcClientRealtime) << "reconnecting in" << delay << "ms";
    m_reconnectTimer.start(delay);
    m_countdownTimer.start();
    setState(Offline);
    Q_EMIT retryInSecondsChanged();
}

void RealtimeClient::sendJson(const QJsonObject &obj)
{
    if (m_socket)
        m_socket->sendTextMessage(QString::fromUtf8(json::compact(obj)));
}

bool RealtimeClient::sendFrame(const ws::ClientFrame &frame, const QString &ref)
{
    if (m_state != Online || !m_socket)
        return false;
    sendJson(ws::encodeClientFrame(frame, ref));
    return true;
}

bool RealtimeClient::sendTyping(const QString &roomId, bool isTyping)
{
    return sendFrame(ws::TypingFrame{roomId, isTyping});
}

bool RealtimeClient::sendRead(const QString &roomId, qint64 upToSeq)
{
    return sendFrame(ws::ReceiptFrame{roomId, upToSeq, true});
}

bool RealtimeClient::sendDelivered(const QString &roomId, qint64 upToSeq)
{
    return sendFrame(ws::ReceiptFrame{roomId, upToSeq, false});
}

void RealtimeClient::ping()
{
    sendJson(ws::encodeClientFrame(ws::PingFrame{}));
}

void RealtimeClient::onText(const QString &text)
{
    // Any frame is life.
    if (m_state == Online)
        m_deadTimer.start(m_heartbeatMs * 5 / 2);
    const auto doc = QJsonDocument::fromJson(text.toUtf8());
    if (!doc.isObject()) {
        qCWarning(lcClientRealtime) << "A frame that is not a JSON object";
        return;
    }
    const auto obj = doc.object();
    handle(obj.value(u"type"_s).toString(), obj);
}

void RealtimeClient::handleHello(const QJsonObject &obj)
{
    const auto user = decode<User>(obj, u"user"_s);
    m_sessionId = obj.value(u"session_id"_s).toString();
    const int heartbeatS = obj.value(u"heartbeat_s"_s).toInt(30);
    m_heartbeatMs = m_heartbeatOverrideMs > 0 ? m_heartbeatOverrideMs : heartbeatS * 1000;
    m_pingTimer.start(m_heartbeatMs);
    m_deadTimer.start(m_heartbeatMs * 5 / 2);
    m_backoff.reset();
    if (user)
        m_userId = user->id;

    // Resume first: the server answers frames in order, so the missed messages come before the
    // answers to anything sent after this (the outbox flushes on stateChanged(Online)).
    m_resuming = true;
    m_synced = false;
    m_resumeCount = 0;
    sendJson(ws::encodeClientFrame(ws::ResumeFrame{m_cursors, false}, u"resume"_s));
    setState(Online);
    if (user)
        Q_EMIT hello(*user, m_sessionId);
}

void RealtimeClient::handleMessageFrame(const QString &type, const QJsonObject &obj)
{
    const auto message = decode<Message>(obj, u"message"_s);
    if (!message)
        return;
    if (type == ws::type::Message) {
        advanceCursor(message->roomId, message->seq);
        if (m_resuming && (!message->sender || message->sender->id != m_userId))
            ++m_resumeCount;
        Q_EMIT messageReceived(*message);
    } else if (type == ws::type::MessageUpdated) {
        Q_EMIT messageUpdated(*message);
    } else {
        Q_EMIT messageDeleted(*message);
    }
}

void RealtimeClient::handle(const QString &type, const QJsonObject &obj)
{
    const QString roomId = obj.value(u"room_id"_s).toString();
    if (type == ws::type::Hello) {
        handleHello(obj);
    } else if (type == ws::type::Message || type == ws::type::MessageUpdated ||
               type == ws::type::MessageDeleted) {
        handleMessageFrame(type, obj);
    } else if (type == ws::type::Ack) {
        if (obj.value(u"message"_s).isObject()) {
            if (auto m = decode<Message>(obj, u"message"_s))
                advanceCursor(m->roomId, m->seq);
        }
        Q_EMIT acked(obj.value(u"ref"_s).toString(), obj);
    } else if (type == ws::type::Error) {
        auto error = Error::fromJson(obj);
        Q_EMIT frameError(obj.value(u"ref"_s).toString(),
                          error ? *error : Error::internal(u"Unreadable error frame"_s));
    } else if (type == ws::type::Resumed) {
        QHash<QString, qint64> lastSeqs;
        const auto rooms = obj.value(u"rooms"_s).toObject();
        for (auto it = rooms.begin(); it != rooms.end(); ++it) {
            lastSeqs.insert(it.key(), it.value().toInteger());
            // Rooms never seen before start at their present: their history comes over REST.
            if (!m_cursors.contains(it.key()))
                advanceCursor(it.key(), it.value().toInteger());
        }
        const bool complete = obj.value(u"complete"_s).toBool(true);
        m_resuming = false;
        m_synced = true;
        const int count = m_wasOnline ? m_resumeCount : 0;
        if (count != m_backOnlineCount) {
            m_backOnlineCount = count;
            Q_EMIT backOnlineCountChanged();
        }
        Q_EMIT resumed(lastSeqs, complete);
        if (m_wasOnline)
            Q_EMIT backOnline(count);
        m_wasOnline = true;
    } else if (type == ws::type::Typing) {
        if (auto user = decode<User>(obj, u"user"_s))
            Q_EMIT typing(roomId, *user, obj.value(u"is_typing"_s).toBool());
    } else if (type == ws::type::Receipt) {
        Q_EMIT receipt(roomId, obj.value(u"user_id"_s).toString(),
                       obj.value(u"kind"_s).toString() == u"read"_s,
                       obj.value(u"up_to_seq"_s).toInteger());
    } else if (type == ws::type::RoomState) {
        Q_EMIT roomState(roomId, obj.value(u"read_seq"_s).toInteger(),
                         obj.value(u"unread_count"_s).toInteger());
    } else if (type == ws::type::RoomAdded || type == ws::type::RoomUpdated ||
               type == ws::type::QueueUpdated) {
        const auto room = decode<Room>(obj, u"room"_s);
        if (!room)
            return;
        if (type == ws::type::RoomAdded) {
            if (!m_cursors.contains(room->id))
                advanceCursor(room->id, room->lastSeq);
            Q_EMIT roomAdded(*room);
        } else if (type == ws::type::RoomUpdated) {
            Q_EMIT roomUpdated(*room);
        } else {
            Q_EMIT queueUpdated(*room);
        }
    } else if (type == ws::type::RoomRemoved) {
        Q_EMIT roomRemoved(roomId);
    } else if (type == ws::type::MemberJoined || type == ws::type::MemberLeft) {
        if (auto user = decode<User>(obj, u"user"_s)) {
            if (type == ws::type::MemberJoined)
                Q_EMIT memberJoined(roomId, *user);
            else
                Q_EMIT memberLeft(roomId, *user);
        }
    } else if (type == ws::type::Presence) {
        if (auto user = decode<User>(obj, u"user"_s))
            Q_EMIT presence(*user, obj.value(u"online"_s).toBool());
    } else if (type == ws::type::RatingReceived) { // ui-close
        if (auto rating = decode<Rating>(obj, u"rating"_s))
            Q_EMIT ratingReceived(*rating);
    } else if (type == ws::type::RoomAssigned) {
        // Support desk (ui-assign): null users come out as a User without an id.
        auto userOrNone = [&obj](const QString &key) {
            return obj.value(key).isObject() ? decode<User>(obj, key).value_or(User{}) : User{};
        };
        Q_EMIT roomAssigned(roomId, userOrNone(u"assignee"_s), userOrNone(u"previous"_s),
                            userOrNone(u"by"_s));
    } else if (type == ws::type::Availability) {
        if (auto user = decode<User>(obj, u"user"_s))
            Q_EMIT availabilityChanged(*user, obj.value(u"availability"_s).toString() ==
                                                  availabilityName(Availability::Away));
    } else if (type == ws::type::CannedChanged) { // support desk: canned responses
        if (auto canned = decode<CannedResponse>(obj, u"canned"_s))
            Q_EMIT cannedChanged(obj.value(u"action"_s).toString(), *canned);
    } else if (type == ws::type::Note) { // ui-notes
        if (auto note = decode<Note>(obj, u"note"_s))
            Q_EMIT noteReceived(*note);
    }
    // pong: only life, counted above.
}

} // namespace parley::client
