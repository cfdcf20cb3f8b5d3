#pragma once

#include <QAbstractSocket>
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>
#include <QWebSocket>

#include <functional>

// A test client for the server's WebSockets (PROTOCOL.md "WebSocket: GET /ws" and "Compatibility
// endpoint"). It collects every text frame it receives as a QJsonObject; tests then wait for the
// frames they expect (consuming them) and assert the absence of frames that must not come.
namespace parley::test {

using FramePredicate = std::function<bool(const QJsonObject &)>;

class WsClient : public QObject
{
    Q_OBJECT

public:
    // `name` shows in failure messages ("alice#2").
    explicit WsClient(QString name = {}, QObject *parent = nullptr);
    ~WsClient() override;

    // Opens `url`, with "Authorization: Bearer <bearer>" when bearer is not empty, and waits until
    // the socket is connected, or closed / refused. True when it got connected (even when the
    // server closes it right after).
    bool open(const QUrl &url, const QString &bearer = {}, int timeoutMs = 5000);
    // For wss:// URLs: e.g. a configuration that trusts the test CA (before open()).
    void setSslConfiguration(const QSslConfiguration &configuration)
    {
        m_socket.setSslConfiguration(configuration);
    }
    // For /ws sockets: waits for the first frame and checks it is `hello`.
    bool waitHello(int timeoutMs = 5000);

    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    // The first frame, `hello`, once waitHello() succeeded.
    QJsonObject hello() const { return m_hello; }
    QString sessionId() const;
    QString name() const { return m_name; }
    // The compatibility endpoint has no `ping` frame: barriers there use a protocol ping.
    void setCompat(bool compat) { m_compat = compat; }

    void send(const QJsonObject &frame);
    void sendText(const QString &text);
    void sendBinary(const QByteArray &bytes);

    // The first not yet consumed frame of `type` (any type when empty) that satisfies `pred`,
    // waiting up to timeoutMs for it. The frame is consumed. Empty object on timeout (failure()
    // then says what arrived instead).
    QJsonObject waitFor(const QString &type, const FramePredicate &pred = {}, int timeoutMs = 5000);
    // Waits for `count` frames of `type` matching `pred` (in arrival order); fewer on timeout.
    QList<QJsonObject> waitForCount(const QString &type, int count, const FramePredicate &pred = {},
                                    int timeoutMs = 5000);
    // Asserts that no frame of `type` matching `pred` arrived: first a barrier (a `ping` with a
    // unique ref whose `pong` proves every frame the server wrote earlier has arrived), then
    // `settleMs` more. Empty when none came, else the failure message. Nothing is consumed.
    QString expectNone(const QString &type, const FramePredicate &pred = {}, int settleMs = 100);
    // Round trip: ping with a unique ref, wait for its pong (compat sockets: a protocol ping).
    bool barrier(int timeoutMs = 5000);

    // Not yet consumed frames, in arrival order; take() consumes the matching ones.
    QList<QJsonObject> pending() const { return m_pending; }
    QList<QJsonObject> take(const QString &type, const FramePredicate &pred = {});
    void clearPending() { m_pending.clear(); }
    // Every frame received since open(), consumed or not.
    QList<QJsonObject> received() const { return m_all; }
    // Frames that were not JSON objects (kept as text).
    QStringList badFrames() const { return m_badFrames; }

    // Whether the upgrade succeeded (the socket was connected at some point).
    bool everConnected() const { return m_everConnected; }

    // Close handling.
    bool waitClosed(int timeoutMs = 5000);
    bool wasClosed() const { return m_closed; }
    int closeCode() const { return m_closeCode; }
    // "1008 \"Flooding\"" (Qt reports 1000 when the TCP connection ended without a close frame).
    QString describeClose() const;
    QString closeReason() const { return m_closeReason; }
    QString errorString() const { return m_errorString; }
    qint64 closedAtMs() const { return m_closedAtMs; }
    void close(int code = 1000);
    // Drops the TCP connection without a close frame.
    void abort();

    // Why the last waitFor/waitHello/open failed, with the frames seen.
    QString failure() const { return m_failure; }
    QString describePending() const;

Q_SIGNALS:
    void frameArrived();

private:
    void onText(const QString &text);
    void onDisconnected();
    // Spins the event loop until `done` is true or the time is up.
    bool spinUntil(const std::function<bool()> &done, int timeoutMs);
    int findPending(const QString &type, const FramePredicate &pred) const;

    QString m_name;
    QWebSocket m_socket;
    QList<QJsonObject> m_all;
    QList<QJsonObject> m_pending;
    QStringList m_badFrames;
    QJsonObject m_hello;
    QString m_failure;
    QString m_errorString;
    QString m_closeReason;
    int m_closeCode = -1;
    qint64 m_closedAtMs = 0;
    bool m_closed = false;
    bool m_everConnected = false;
    bool m_compat = false;
    int m_barriers = 0;
};

// Compact JSON of an object, for messages.
QString jsonText(const QJsonObject &object);

} // namespace parley::test
