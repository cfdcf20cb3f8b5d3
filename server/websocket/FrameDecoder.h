#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace parley::websocket {

// One message or control frame a client sent, unmasked.
struct ClientMessage
{
    enum class Kind { Text, Binary, Ping, Pong, Close };
    Kind kind = Kind::Text;
    QByteArray payload; // for Close: the reason (UTF-8)
    int closeCode = 0;  // for Close: the status code, 1005 when the frame had none
};

// Decodes the RFC 6455 frames a client sends, incrementally, holding only what is not complete
// yet: the bytes of a partial frame and the fragments of a partial message (both freed once
// used). Client frames must be masked; control frames must be whole and at most 125 bytes;
// reserved bits and opcodes are refused; a message (all of its fragments) may be at most
// `maxMessageBytes`, checked from each frame's header before its payload is awaited; text must
// be valid UTF-8.
class FrameDecoder
{
public:
    explicit FrameDecoder(qint64 maxMessageBytes)
        : m_maxMessageBytes(maxMessageBytes)
    {}

    // Called per decoded message; returns false to stop decoding (the rest is kept).
    using Sink = std::function<bool(ClientMessage &&message)>;

    // Decodes what `bytes` completes. Returns 0, or the close code the connection must be failed
    // with: 1002 (protocol error), 1007 (invalid UTF-8), 1009 (too big). After a failure the
    // decoder goes on only where the stream is still framed (1007, 1009: the oversized payload is
    // skipped), so that the peer's answer to the close frame can still be read; after 1002
    // everything is dropped.
    int feed(QByteArrayView bytes, const Sink &sink);

    // Bytes held for a partial frame or message (for tests and memory accounting).
    qsizetype heldBytes() const { return m_partial.size() + m_message.size(); }

private:
    // Decodes frames from `data`; returns how much was used (the rest is an incomplete frame).
    qsizetype decode(QByteArrayView data, const Sink &sink, int *failure);
    int fail(int code);

    qint64 m_maxMessageBytes;
    QByteArray m_partial;   // an incomplete frame, from its first byte
    QByteArray m_message;   // fragments of the message in progress
    quint64 m_skip = 0;     // payload bytes of an oversized frame still to drop
    quint8 m_messageOp = 0; // opcode of the message in progress (0: none)
    bool m_broken = false;  // after 1002: the stream is no longer framed
};

} // namespace parley::websocket
