#pragma once

#include "Target.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace parley::bench {

// One bench WebSocket on /ws: a minimal RFC 6455 client (handshake with the Sec-WebSocket-Accept
// check, masked client frames, ping -> pong, close, fragmented messages) on a non-blocking socket.
// The bench shares two cores with the server, so its cost per received frame must be small: all
// peers share one epoll set watched by one QSocketNotifier (Qt's dispatcher polls every notifier
// on every loop pass: with 50 QTcpSockets, poll() itself was over half of the bench's CPU), frames
// stay UTF-8 bytes (no QString conversion) and are classified by cheap byte scans instead of a
// JSON parse. Nagle stays on, as in Qt's own clients (see BENCHMARKS.md).
class WsPeer : public QObject
{
public:
    enum class Kind { Hello, Ack, Message, Resumed, Error, Other };
    // `frame` is the text message's UTF-8 payload, valid only during the call.
    using Handler = std::function<void(Kind kind, const QByteArray &frame)>;

    WsPeer(const Target &target, const QByteArray &access, Handler handler);
    ~WsPeer() override;
    WsPeer(const WsPeer &) = delete;
    WsPeer &operator=(const WsPeer &) = delete;
    void open();
    void sendText(const QString &frame) { sendFrame(OpText, frame.toUtf8()); }
    bool isOpen() const { return m_fd >= 0 && m_upgraded && !m_closing; }
    bool helloSeen() const { return m_hello; }
    void close();

    static Kind classify(const QByteArray &frame);
    // The number after `key` in the frame ("seq": 12 -> 12), or -1.
    static qint64 numberAfter(const QByteArray &frame, QByteArrayView key);

private:
    enum Opcode : quint8 {
        OpContinuation = 0x0,
        OpText = 0x1,
        OpBinary = 0x2,
        OpClose = 0x8,
        OpPing = 0x9,
        OpPong = 0xA
    };

    friend class WsPoller;
    void onEvents(quint32 events);
    void onConnected();
    void readSocket();
    void write(QByteArrayView bytes);
    void flushOut();
    void watch(bool writable);
    void drop();
    bool readHandshake();
    void readFrames();
    void deliver(const QByteArray &payload);
    void fail(const QByteArray &why);
    void sendFrame(quint8 opcode, QByteArrayView payload);

    int m_fd = -1;
    bool m_connecting = false;
    bool m_wantWrite = false;
    Target m_target;
    QByteArray m_access;
    QByteArray m_key;   // Sec-WebSocket-Key sent in the handshake
    QByteArray m_in;    // received bytes not yet consumed
    QByteArray m_parts; // payload of a fragmented message so far
    QByteArray m_out;   // bytes the socket did not take yet
    Handler m_handler;
    bool m_upgraded = false;
    bool m_hello = false;
    bool m_closing = false;
};

// Resident memory of a process in KiB (VmRSS), or -1.
qint64 residentKb(qint64 pid);
// Raises this process's open-file limit towards `wanted` (sockets are files).
void raiseFileLimit(qint64 wanted);

} // namespace parley::bench
