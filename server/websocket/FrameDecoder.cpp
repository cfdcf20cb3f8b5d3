#include "websocket/FrameDecoder.h"

#include "websocket/Utf8.h"

#include <algorithm>
#include <utility>

namespace parley::websocket {
namespace {

constexpr int kProtocolError = 1002;
constexpr int kInvalidPayload = 1007;
constexpr int kTooBig = 1009;

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xa,
};

quint64 bigEndian(const uchar *p, int bytes)
{
    quint64 value = 0;
    for (int i = 0; i < bytes; ++i)
        value = (value << 8) | p[i];
    return value;
}

// Codes a peer may send in a close frame (RFC 6455 7.4 and the IANA registry).
bool isSendableCloseCode(int code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

} // namespace

int FrameDecoder::fail(int code)
{
    if (code == kProtocolError) {
        m_broken = true;
        m_partial = QByteArray();
        m_message = QByteArray();
        m_messageOp = 0;
    }
    return code;
}

int FrameDecoder::feed(QByteArrayView bytes, const Sink &sink)
{
    if (m_broken)
        return 0;
    if (m_skip > 0) {
        const qsizetype skipped = qsizetype(std::min<quint64>(m_skip, quint64(bytes.size())));
        m_skip -= quint64(skipped);
        bytes = bytes.sliced(skipped);
    }
    if (bytes.isEmpty() && m_partial.isEmpty())
        return 0;
    int failure = 0;
    if (m_partial.isEmpty()) {
        const qsizetype used = decode(bytes, sink, &failure);
        if (!m_broken && used < bytes.size())
            m_partial = bytes.sliced(used).toByteArray();
        return failure;
    }
    m_partial.append(bytes);
    const QByteArray data = std::exchange(m_partial, {});
    const qsizetype used = decode(data, sink, &failure);
    if (!m_broken && used < data.size())
        m_partial = data.sliced(used); // a copy of the rest: the consumed frames are freed
    return failure;
}

qsizetype FrameDecoder::decode(QByteArrayView data, const Sink &sink, int *failure)
{
    const auto *bytes = reinterpret_cast<const uchar *>(data.data());
    qsizetype pos = 0;
    while (pos < data.size()) {
        const qsizetype available = data.size() - pos;
        if (available < 2)
            return pos;
        const uchar *p = bytes + pos;
        const bool fin = p[0] & 0x80;
        const quint8 opcode = p[0] & 0x0f;
        const bool control = opcode & 0x08;
        quint64 length = p[1] & 0x7f;
        qsizetype header = 2;
        if ((p[0] & 0x70) != 0 || !(p[1] & 0x80)) { // reserved bits; client frames are masked
            *failure = fail(kProtocolError);
            return data.size();
        }
        if (opcode != Continuation && opcode != Text && opcode != Binary && opcode != Close &&
            opcode != Ping && opcode != Pong) {
            *failure = fail(kProtocolError);
            return data.size();
        }
        if (control && (!fin || length > 125)) {
            *failure = fail(kProtocolError);
            return data.size();
        }
        if (length == 126) {
            if (available < 4)
                return pos;
            length = bigEndian(p + 2, 2);
            header = 4;
        } else if (length == 127) {
            if (available < 10)
                return pos;
            length = bigEndian(p + 2, 8);
            if (length >> 63) {
                *failure = fail(kProtocolError);
                return data.size();
            }
            header = 10;
        }
        header += 4; // the masking key
        if (available < header)
            return pos;
        if (!control) {
            if ((opcode == Continuation) != (m_messageOp != 0)) {
                // a continuation without a message, or a new message inside one
                *failure = fail(kProtocolError);
                return data.size();
            }
            const quint64 held = opcode == Continuation ? quint64(m_message.size()) : 0;
            if (held + length > quint64(m_maxMessageBytes)) {
                m_message = QByteArray();
                m_messageOp = 0;
                const quint64 present = quint64(available - header);
                const quint64 taken = std::min(present, length);
                m_skip = length - taken;
                *failure = kTooBig;
                return pos + header + qsizetype(taken);
            }
        }
        if (quint64(available - header) < length)
            return pos;
        const uchar *mask = p + header - 4;
        const uchar *in = p + header;
        QByteArray payload(qsizetype(length), Qt::Uninitialized);
        char *out = payload.data();
        for (quint64 i = 0; i < length; ++i)
            out[i] = char(in[i] ^ mask[i & 3]);
        pos += header + qsizetype(length);

        ClientMessage message;
        if (control) {
            if (opcode == Close) {
                message.kind = ClientMessage::Kind::Close;
                message.closeCode = 1005;
                if (length == 1) {
                    *failure = fail(kProtocolError);
                    return data.size();
                }
                if (length >= 2) {
                    message.closeCode = int(bigEndian(reinterpret_cast<const uchar *>(out), 2));
                    if (!isSendableCloseCode(message.closeCode)) {
                        *failure = fail(kProtocolError);
                        return data.size();
                    }
                    message.payload = payload.sliced(2);
                    if (!isValidUtf8(message.payload)) {
                        *failure = kInvalidPayload;
                        return pos;
                    }
                }
            } else {
                message.kind =
                    opcode == Ping ? ClientMessage::Kind::Ping : ClientMessage::Kind::Pong;
                message.payload = std::move(payload);
            }
        } else {
            quint8 messageOp = opcode;
            if (opcode == Continuation) {
                m_message.append(payload);
                if (!fin)
                    continue;
                messageOp = std::exchange(m_messageOp, 0);
                payload = std::exchange(m_message, {});
            } else if (!fin) {
                m_messageOp = opcode;
                m_message = std::move(payload);
                continue;
            }
            message.kind =
                messageOp == Text ? ClientMessage::Kind::Text : ClientMessage::Kind::Binary;
            if (message.kind == ClientMessage::Kind::Text && !isValidUtf8(payload)) {
                *failure = kInvalidPayload;
                return pos;
            }
            message.payload = std::move(payload);
        }
        if (!sink(std::move(message)))
            return pos;
    }
    return pos;
}

} // namespace parley::websocket
