#include "realtime/WireFrame.h"

namespace parley::realtime {

WireFrame::WireFrame(const QByteArray &utf8Payload)
{
    // RFC 6455 5.2: FIN + text opcode; server frames are not masked; 7-bit, 16-bit or 64-bit
    // payload length, big-endian.
    const quint64 size = quint64(utf8Payload.size());
    m_bytes.reserve(qsizetype(size) + 10);
    m_bytes.append(char(0x81));
    if (size < 126) {
        m_bytes.append(char(size));
    } else if (size <= 0xffff) {
        m_bytes.append(char(126));
        m_bytes.append(char(size >> 8));
        m_bytes.append(char(size & 0xff));
    } else {
        m_bytes.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            m_bytes.append(char((size >> shift) & 0xff));
    }
    m_headerSize = m_bytes.size();
    m_bytes.append(utf8Payload);
}

} // namespace parley::realtime
