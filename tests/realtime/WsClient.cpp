#include "WsClient.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace parley::test {

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

WsClient::WsClient(QString name, QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &WsClient::onText);
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &bytes) {
        m_badFrames << u"(binary frame of %1 bytes)"_s.arg(bytes.size());
        Q_EMIT frameArrived();
    });
    connect(&m_socket, &QWebSocket::connected, this, [this] { m_everConnected = true; });
    connect(&m_socket, &QWebSocket::disconnected, this, &WsClient::onDisconnected);
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                m_errorString = m_socket.errorString();
                Q_EMIT frameArrived();
            });
}

WsClient::~WsClient()
{
    m_socket.disconnect(this);
    m_socket.abort();
}

bool WsClient::open(const QUrl &url, const QString &bearer, int timeoutMs)
{
    QNetworkRequest request(url);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer.toUtf8());
    m_socket.open(request);
    const bool settled = spinUntil(
        [this] {
            return m_socket.state() == QAbstractSocket::ConnectedState || m_closed ||
                   (!m_errorString.isEmpty() &&
                    m_socket.state() == QAbstractSocket::UnconnectedState);
        },
        timeoutMs);
    if (m_everConnected)
        return true;
    m_failure = u"%1: could not open %2: %3"_s.arg(
        m_name, url.toString(QUrl::RemoveQuery),
        settled ? m_errorString : u"timed out after %1 ms"_s.arg(timeoutMs));
    return false;
}

bool WsClient::waitHello(int timeoutMs)
{
    spinUntil([this] { return !m_all.isEmpty() || m_closed; }, timeoutMs);
    if (m_all.isEmpty()) {
        m_failure = u"%1: no first frame within %2 ms%3"_s.arg(
            m_name, QString::number(timeoutMs),
            m_closed ? u" (closed with %1 \"%2\")"_s.arg(m_closeCode).arg(m_closeReason)
                     : QString());
        return false;
    }
    const QJsonObject first = m_all.first();
    if (first.value("type"_L1).toString() != u"hello") {
        m_failure = u"%1: the first frame is not hello: %2"_s.arg(m_name, jsonText(first));
        return false;
    }
    m_hello = first;
    m_pending.removeOne(first);
    return true;
}

QString WsClient::sessionId() const
{
    return m_hello.value("session_id"_L1).toString();
}

void WsClient::send(const QJsonObject &frame)
{
    sendText(jsonText(frame));
}

void WsClient::sendText(const QString &text)
{
    m_socket.sendTextMessage(text);
    m_socket.flush();
}

void WsClient::sendBinary(const QByteArray &bytes)
{
    m_socket.sendBinaryMessage(bytes);
    m_socket.flush();
}

void WsClient::onText(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (!document.isObject()) {
        m_badFrames << text;
    } else {
        m_all.append(document.object());
        m_pending.append(document.object());
    }
    Q_EMIT frameArrived();
}

void WsClient::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    m_closedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_closeCode = int(m_socket.closeCode());
    m_closeReason = m_socket.closeReason();
    Q_EMIT frameArrived();
}

bool WsClient::spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QEventLoop loop;
        QTimer timer;
        timer.setSingleShot(true);
        connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        connect(this, &WsClient::frameArrived, &loop, &QEventLoop::quit);
        connect(&m_socket, &QWebSocket::stateChanged, &loop, &QEventLoop::quit);
        timer.start(int(std::max<qint64>(1, std::min<qint64>(deadline.remainingTime(), 50))));
        loop.exec();
    }
    return true;
}

int WsClient::findPending(const QString &type, const FramePredicate &pred) const
{
    for (int i = 0; i < m_pending.size(); ++i) {
        const QJsonObject &frame = m_pending.at(i);
        if (!type.isEmpty() && frame.value("type"_L1).toString() != type)
            continue;
        if (pred && !pred(frame))
            continue;
        return i;
    }
    return -1;
}

QString WsClient::describePending() const
{
    QStringList lines;
    for (const QJsonObject &frame : m_pending)
        lines << u"    "_s + jsonText(frame).left(600);
    for (const QString &bad : m_badFrames)
        lines << u"    (not a JSON object) "_s + bad.left(300);
    if (lines.isEmpty())
        lines << u"    (none)"_s;
    QString state = isOpen() ? u"open"_s : u"not open"_s;
    if (m_closed)
        state = u"closed: "_s + describeClose();
    return u"  %1 is %2; unconsumed frames:\n%3"_s.arg(m_name, state, lines.join(u'\n'));
}

QJsonObject WsClient::waitFor(const QString &type, const FramePredicate &pred, int timeoutMs)
{
    int index = -1;
    spinUntil(
        [&] {
            index = findPending(type, pred);
            return index >= 0;
        },
        timeoutMs);
    if (index < 0) {
        m_failure = u"%1: no `%2` frame%3 within %4 ms\n%5"_s.arg(
            m_name, type.isEmpty() ? u"(any)"_s : type,
            pred ? u" matching the expectation"_s : QString(), QString::number(timeoutMs),
            describePending());
        return {};
    }
    return m_pending.takeAt(index);
}

QList<QJsonObject> WsClient::waitForCount(const QString &type, int count,
                                          const FramePredicate &pred, int timeoutMs)
{
    QList<QJsonObject> found;
    const QDeadlineTimer deadline(timeoutMs);
    while (found.size() < count) {
        const QJsonObject frame =
            waitFor(type, pred, int(std::max<qint64>(0, deadline.remainingTime())));
        if (frame.isEmpty())
            break;
        found.append(frame);
    }
    if (found.size() < count) {
        m_failure = u"%1: %2 of %3 `%4` frames within %5 ms\n%6"_s.arg(
            m_name, QString::number(found.size()), QString::number(count), type,
            QString::number(timeoutMs), describePending());
    }
    return found;
}

bool WsClient::barrier(int timeoutMs)
{
    if (!isOpen()) {
        spinUntil([] { return false; }, std::min(timeoutMs, 150));
        return true;
    }
    if (m_compat) {
        // No `ping` frame there: a protocol-level ping, answered by the server's WebSocket
        // layer in stream order, does the same.
        const QByteArray payload = "barrier-" + QByteArray::number(++m_barriers);
        bool answered = false;
        const auto connection =
            connect(&m_socket, &QWebSocket::pong, this, [&](quint64, const QByteArray &got) {
                if (got == payload)
                    answered = true;
                Q_EMIT frameArrived();
            });
        m_socket.ping(payload);
        spinUntil([&] { return answered; }, timeoutMs);
        disconnect(connection);
        if (!answered)
            m_failure = u"%1: no pong to a protocol ping within %2 ms"_s.arg(m_name).arg(timeoutMs);
        return answered;
    }
    const QString ref = u"barrier-%1"_s.arg(++m_barriers);
    send({{u"type"_s, u"ping"_s}, {u"ref"_s, ref}});
    const QJsonObject pong = waitFor(
        u"pong"_s, [&](const QJsonObject &f) { return f.value("ref"_L1).toString() == ref; },
        timeoutMs);
    return !pong.isEmpty();
}

QString WsClient::expectNone(const QString &type, const FramePredicate &pred, int settleMs)
{
    if (!barrier())
        return u"%1: the barrier ping got no pong\n%2"_s.arg(m_name, describePending());
    if (settleMs > 0)
        spinUntil([] { return false; }, settleMs);
    const int index = findPending(type, pred);
    if (index < 0)
        return {};
    return u"%1: a `%2` frame arrived that must not: %3\n%4"_s.arg(
        m_name, type.isEmpty() ? u"(any)"_s : type, jsonText(m_pending.at(index)),
        describePending());
}

QList<QJsonObject> WsClient::take(const QString &type, const FramePredicate &pred)
{
    QList<QJsonObject> taken;
    for (int index = findPending(type, pred); index >= 0; index = findPending(type, pred))
        taken.append(m_pending.takeAt(index));
    return taken;
}

QString WsClient::describeClose() const
{
    if (!m_closed)
        return u"(not closed)"_s;
    return u"%1 \"%2\""_s.arg(m_closeCode).arg(m_closeReason);
}

bool WsClient::waitClosed(int timeoutMs)
{
    spinUntil([this] { return m_closed; }, timeoutMs);
    if (!m_closed)
        m_failure = u"%1: still open after %2 ms\n%3"_s.arg(m_name, QString::number(timeoutMs),
                                                            describePending());
    return m_closed;
}

void WsClient::close(int code)
{
    m_socket.close(QWebSocketProtocol::CloseCode(code));
}

void WsClient::abort()
{
    m_socket.abort();
}

} // namespace parley::test
