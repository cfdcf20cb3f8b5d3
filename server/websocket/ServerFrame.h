#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace parley::websocket {

// A server-to-client frame (unmasked, FIN set) with this opcode and payload. Text frames of the
// hub are built by realtime::WireFrame; this is for control frames.
QByteArray serverFrame(quint8 opcode, QByteArrayView payload);
// A close frame: the code, then the reason cut to fit a control frame (123 bytes).
QByteArray closeFrame(int code, QByteArrayView reason);

} // namespace parley::websocket
