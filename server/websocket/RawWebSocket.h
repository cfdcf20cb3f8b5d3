#pragma once

#include "realtime/WsTransport.h"
#include "websocket/FrameDecoder.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>

#include <sys/uio.h>

namespace parley::websocket {

class RawWsServer;

// One plain-TCP WebSocket carried by our own RFC 6455 layer on its bare descriptor (no
// QTcpSocket, no QWebSocket, no QObject): an idle connection costs this object and nothing else
// of ours. RawWsServer watches the descriptor (one epoll for all) and calls readable() and
// flush(). Input is read into the server's scratch buffer; only a partial frame or message is
// kept. Output waits as a list of the frames themselves, shared with every other socket they go
// to (a hub frame is built once, never copied per recipient), written once per event-loop pass
// (sendmsg(), or the server's BatchSender when a pass writes to several sockets) and freed when
// empty.
class RawWebSocket final : public realtime::WsTransport
{
public:
    RawWebSocket(RawWsServer &server, int descriptor, QHostAddress peer, qint64 maxMessageBytes,
                 quint32 serial);
    ~RawWebSocket() override;
    RawWebSocket(const RawWebSocket &) = delete;
    RawWebSocket &operator=(const RawWebSocket &) = delete;

    int descriptor() const { return m_fd; }
    const QHostAddress &peer() const { return m_peer; }
    quint32 serial() const { return m_serial; }
    bool orphaned() const { return m_orphan; }

    // Called by the server.
    void readable();
    // Writes what is queued until the socket takes no more (then watches for writability), and
    // tidies up once all is written.
    void flush();
    // For a server that writes for several sockets at once (BatchSender): the unwritten output
    // as up to `most` chunks, and how much of it was written.
    bool hasOutput() const { return m_state != State::Gone && m_outBytes > 0; }
    int outputChunks(iovec *chunks, int most) const;
    void written(qsizetype bytes);
    // Input that came with the handshake (a client that did not wait for the 101).
    void consume(QByteArrayView bytes);
    // Raw bytes to send (the handshake answer, frames): kept as they are, not copied.
    void queue(const QByteArray &bytes);
    // The close handshake took too long.
    void deadlinePassed();
    bool dirty = false; // queued for the server's next flush pass

    // WsTransport
    void setEvents(Events *events) override { m_events = events; }
    bool isOpen() const override { return m_state == State::Open; }
    bool isGone() const override { return m_state == State::Gone; }
    qint64 bytesToWrite() const override { return m_outBytes; }
    void sendText(const realtime::WireFrame &frame) override;
    void ping() override;
    void close(int code, const QString &reason) override;
    void closeNow(int code, const QString &reason) override;
    void abort() override;

protected:
    void closeAndForget(int code, const QString &reason) override;

private:
    enum class State : quint8 {
        Open,
        Closing, // our close frame is out: input is dropped until the peer's close frame
        Ending,  // the connection ends once the output is written
        Gone,
    };
    // False when the connection ended.
    bool take(QByteArrayView bytes);
    bool onMessage(ClientMessage &&message);
    void startClose(int code, QByteArrayView reason, State next);
    // Closes the descriptor and reports disconnected() (or, orphaned, deletes itself later).
    void end();

    RawWsServer &m_server;
    Events *m_events = nullptr;
    void dropOutput();

    QList<QByteArray> m_out; // what is still to be written, in order, from m_outHead on
    qsizetype m_outHead = 0; // the first chunk not completely written
    qsizetype m_outSent = 0; // the bytes of that chunk already written
    qint64 m_outBytes = 0;   // unwritten bytes in all
    FrameDecoder m_decoder;
    QHostAddress m_peer;
    int m_fd;
    quint32 m_serial;
    State m_state = State::Open;
    bool m_orphan = false;
    bool m_wantWrite = false;
};

} // namespace parley::websocket
