#include "websocket/ServerFrame.h"

namespace parley::websocket {

QByteArray serverFrame(quint8 opcode, QByteArrayView payload)
{
    QByteArray frame;
    const qsizetype size = payload.size();
    frame.reserve(size + 10);
    frame.append(char(0x80 | (opcode & 0x0f)));
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xffff) {
        frame.append(char(126));
        frame.append(char((size >> 8) & 0xff));
        frame.append(char(size & 0xff));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(size) >> shift) & 0xff));
    }
    frame.append(payload);
    return frame;
}

QByteArray closeFrame(int code, QByteArrayView reason)
{
    QByteArray payload;
    payload.append(char((code >> 8) & 0xff));
    payload.append(char(code & 0xff));
    payload.append(reason.first(qMin<qsizetype>(reason.size(), 123)));
    return serverFrame(0x8, payload);
}

} // namespace parley::websocket
