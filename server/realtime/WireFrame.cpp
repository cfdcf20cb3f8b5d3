#include "realtime/WireFrame.h"

#include "websocket/ServerFrame.h"

namespace parley::realtime {

WireFrame::WireFrame(const QByteArray &utf8Payload)
    : m_bytes(websocket::serverFrame(0x1, utf8Payload))
    , m_headerSize(m_bytes.size() - utf8Payload.size())
{}

} // namespace parley::realtime
