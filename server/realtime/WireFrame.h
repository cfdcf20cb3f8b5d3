#pragma once

#include <QByteArray>
#include <QString>

namespace parley::realtime {

// A server-to-client WebSocket text frame as it goes on the wire: header and UTF-8 payload, built
// once however many sockets it is written to. QWebSocket::sendTextMessage converts to UTF-8 and
// frames again for every recipient; at 49 recipients per message that was a fifth of the server.
class WireFrame
{
public:
    WireFrame() = default;
    explicit WireFrame(const QByteArray &utf8Payload);
    explicit WireFrame(const QString &text)
        : WireFrame(text.toUtf8())
    {}

    const QByteArray &bytes() const { return m_bytes; }
    // The UTF-8 text alone, without the header.
    QByteArray payload() const { return m_bytes.mid(m_headerSize); }

private:
    QByteArray m_bytes;
    qsizetype m_headerSize = 0;
};

} // namespace parley::realtime
