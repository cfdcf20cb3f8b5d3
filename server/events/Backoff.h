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

    int next() { return int(delayMs(m_attempt++, m_baseMs, m_capMs)); }
    // The delay before retry number `attempt` (0 first), the same rule without the state.
    static qint64 delayMs(int attempt, qint64 baseMs, qint64 capMs)
    {
        const qint64 plain = std::min<qint64>(baseMs << std::clamp(attempt, 0, 20), capMs);
        return qint64(double(plain) * (0.5 + QRandomGenerator::global()->generateDouble()));
    }
    void reset() { m_attempt = 0; }
    int attempts() const { return m_attempt; }

private:
    int m_baseMs;
    int m_capMs;
    int m_attempt = 0;
};

} // namespace parley::events
