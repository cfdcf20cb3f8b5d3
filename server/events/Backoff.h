#pragma once

#include <QRandomGenerator>

#include <algorithm>

namespace parley::events {

// Reconnect delays: doubling from `baseMs` up to `capMs`, each scaled by a random factor in
// [0.5, 1.5) so that nodes which lost the same broker do not come back in lockstep.
class Backoff
{
public:
    Backoff(int baseMs, int capMs)
        : m_baseMs(baseMs)
        , m_capMs(capMs)
    {}

    int next()
    {
        const qint64 plain = std::min<qint64>(qint64(m_baseMs) << std::min(m_attempt, 20), m_capMs);
        ++m_attempt;
        return int(double(plain) * (0.5 + QRandomGenerator::global()->generateDouble()));
    }
    void reset() { m_attempt = 0; }
    int attempts() const { return m_attempt; }

private:
    int m_baseMs;
    int m_capMs;
    int m_attempt = 0;
};

} // namespace parley::events
