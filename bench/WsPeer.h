#pragma once

#include "Target.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QWebSocket>

#include <functional>

namespace parley::bench {

// One bench WebSocket on /ws. Frames are classified by cheap string checks instead of a JSON
// parse: the bench shares the machine with the server, so its own cost per frame must be small.
class WsPeer : public QObject
{
public:
    enum class Kind { Hello, Ack, Message, Resumed, Error, Other };
    using Handler = std::function<void(Kind kind, const QString &frame)>;

    WsPeer(const Target &target, const QByteArray &access, Handler handler);
    void open();
    void sendText(const QString &frame) { m_socket.sendTextMessage(frame); }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool helloSeen() const { return m_hello; }
    void close() { m_socket.close(); }

    static Kind classify(const QString &frame);
    // The number after `key` in the frame ("seq": 12 -> 12), or -1.
    static qint64 numberAfter(const QString &frame, QStringView key);

private:
    QWebSocket m_socket;
    QUrl m_url;
    QByteArray m_access;
    Handler m_handler;
    bool m_hello = false;
};

// Resident memory of a process in KiB (VmRSS), or -1.
qint64 residentKb(qint64 pid);
// Raises this process's open-file limit towards `wanted` (sockets are files).
void raiseFileLimit(qint64 wanted);

} // namespace parley::bench
