#pragma once

#include <QtGlobal>

#include <algorithm>

namespace parley::realtime {

// A token bucket: `rate` tokens per second up to `burst`. rate <= 0 means unlimited.
class RateLimiter
{
public:
    RateLimiter(double rate, double burst)
        : m_rate(rate)
        , m_burst(burst)
        , m_tokens(burst)
    {}

    bool allow(qint64 nowMs)
    {
        if (m_rate <= 0)
            return true;
        if (m_lastMs)
            m_tokens = std::min(m_burst, m_tokens + double(nowMs - m_lastMs) * m_rate / 1000.0);
        m_lastMs = nowMs;
        if (m_tokens < 1.0)
            return false;
        m_tokens -= 1.0;
        return true;
    }
    // Whether allow() would succeed now, without taking a token.
    bool wouldAllow(qint64 nowMs) const
    {
        if (m_rate <= 0)
            return true;
        const double tokens =
            m_lastMs ? std::min(m_burst, m_tokens + double(nowMs - m_lastMs) * m_rate / 1000.0)
                     : m_tokens;
        return tokens >= 1.0;
    }
    // Full again (nothing to remember for this key).
    bool isFull(qint64 nowMs) const
    {
        return m_rate <= 0 || m_tokens + double(nowMs - m_lastMs) * m_rate / 1000.0 >= m_burst;
    }
    // Seconds until one token is back.
    int retryAfterS() const { return m_rate > 0 ? std::max(1, int(1.0 / m_rate + 0.999)) : 0; }

private:
    double m_rate;
    double m_burst;
    double m_tokens;
    qint64 m_lastMs = 0;
};

} // namespace parley::realtime
