#pragma once

#include "realtime/WireFrame.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace parley::realtime {

// What the hub needs of one upgraded WebSocket, whatever carries it: QWebSocket (TLS, see
// QtWsTransport) or our own RFC 6455 layer on the bare descriptor (plain TCP, see
// websocket/RawWebSocket). Server frames are built once (WireFrame) and written as they are.
class WsTransport
{
public:
    // What the transport reports to its owner, on the owner's thread.
    class Events
    {
    public:
        virtual void textReceived(const QByteArray &utf8) = 0; // a whole, valid UTF-8 message
        virtual void binaryReceived() = 0;
        virtual void pongReceived() = 0;
        virtual void disconnected() = 0; // the connection is gone; nothing more is reported

    protected:
        ~Events() = default;
    };

    virtual ~WsTransport() = default;

    virtual void setEvents(Events *events) = 0;
    // The connection is up and frames can still be written.
    virtual bool isOpen() const = 0;
    // The connection is gone (closed, aborted or failed).
    virtual bool isGone() const = 0;
    // Bytes accepted and not yet handed to the kernel.
    virtual qint64 bytesToWrite() const = 0;
    virtual void sendText(const WireFrame &frame) = 0;
    virtual void ping() = 0;
    // Starts the close handshake: the close frame goes out, input is still read (and dropped)
    // until the peer answers; then the connection ends and disconnected() is reported.
    virtual void close(int code, const QString &reason) = 0;
    // The close frame goes out and the connection ends without waiting for an answer.
    virtual void closeNow(int code, const QString &reason) = 0;
    // Ends the connection at once.
    virtual void abort() = 0;
    // Refuses a connection no Events were set for: closes it with `code`; the transport deletes
    // itself once the connection is done.
    static void reject(std::unique_ptr<WsTransport> transport, int code, const QString &reason)
    {
        transport.release()->closeAndForget(code, reason);
    }

protected:
    virtual void closeAndForget(int code, const QString &reason) = 0;
};

} // namespace parley::realtime
