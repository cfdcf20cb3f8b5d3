// websocket::FrameDecoder (the server's own RFC 6455 layer) on arbitrary client bytes: never a
// crash, and the same messages and the same failure whether the bytes come at once or in pieces
// (the first input byte picks the piece size). Every message respects the limits: text is valid
// UTF-8, data messages are at most the maximum, control payloads at most 125 bytes.
#include "FuzzApp.h"

#include "websocket/FrameDecoder.h"
#include "websocket/Utf8.h"

#include <QList>

#include <cstdlib>

using namespace parley::websocket;

namespace {

constexpr qint64 kMaxMessage = 1024;

struct Outcome
{
    QList<ClientMessage> messages;
    int failure = 0;
};

Outcome decode(QByteArrayView bytes, qsizetype piece)
{
    Outcome outcome;
    FrameDecoder decoder(kMaxMessage);
    const FrameDecoder::Sink sink = [&outcome](ClientMessage &&message) {
        outcome.messages.append(std::move(message));
        return true;
    };
    for (qsizetype at = 0; at < bytes.size() && outcome.failure == 0; at += piece)
        outcome.failure = decoder.feed(bytes.sliced(at, qMin(piece, bytes.size() - at)), sink);
    return outcome;
}

void check(const ClientMessage &message)
{
    switch (message.kind) {
    case ClientMessage::Kind::Text:
        if (!isValidUtf8(message.payload) || message.payload.size() > kMaxMessage)
            std::abort();
        break;
    case ClientMessage::Kind::Binary:
        if (message.payload.size() > kMaxMessage)
            std::abort();
        break;
    default:
        if (message.payload.size() > 125)
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype piece = 1 + data[0] % 17;
    const QByteArray bytes = parley::fuzz::bytes(data + 1, size - 1);
    const Outcome whole = decode(bytes, qMax<qsizetype>(1, bytes.size()));
    const Outcome pieces = decode(bytes, piece);
    if (whole.failure != pieces.failure || whole.messages.size() != pieces.messages.size())
        std::abort();
    for (qsizetype i = 0; i < whole.messages.size(); ++i) {
        const ClientMessage &a = whole.messages.at(i);
        const ClientMessage &b = pieces.messages.at(i);
        if (a.kind != b.kind || a.payload != b.payload || a.closeCode != b.closeCode)
            std::abort();
        check(a);
    }
    return 0;
}
