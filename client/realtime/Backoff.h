#pragma once

#include <QRandomGenerator>

namespace parley::client {

// Exponential backoff with jitter: attempt n waits a random time in [d/2, d] where
// d = min(maxMs, minMs * 2^n), so a fleet of clients does not reconnect in lockstep.
class Backoff
{
public:
    Backoff(int minMs = 500, int maxMs = 30000)
        : m_minMs(minMs)
        , m_maxMs(maxMs)
    {}

    void setRange(int minMs, int maxMs);
    int nextDelayMs(); // and counts the attempt
    void reset() { m_attempt = 0; }
    int attempt() const { return m_attempt; }
    int ceilingMs(int attempt) const; // d for that attempt

private:
    int m_minMs;
    int m_maxMs;
    int m_attempt = 0;
    QRandomGenerator m_random{QRandomGenerator::securelySeeded()};
};

} // namespace parley::client
