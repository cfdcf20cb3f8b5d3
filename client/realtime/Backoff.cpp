#include "realtime/Backoff.h"

#include <algorithm>

namespace parley::client {

void Backoff::setRange(int minMs, int maxMs)
{
    m_minMs = std::max(1, minMs);
    m_maxMs = std::max(m_minMs, maxMs);
}

int Backoff::ceilingMs(int attempt) const
{
    qint64 d = m_minMs;
    for (int i = 0; i < attempt && d < m_maxMs; ++i)
        d *= 2;
    return int(std::min<qint64>(d, m_maxMs));
}

int Backoff::nextDelayMs()
{
    const int ceiling = ceilingMs(m_attempt);
    ++m_attempt;
    // "Equal jitter": at least half the ceiling, so attempts still spread out over time.
    return ceiling / 2 + int(m_random.bounded(ceiling / 2 + 1));
}

} // namespace parley::client
