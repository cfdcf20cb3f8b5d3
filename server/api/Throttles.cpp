#include "api/Throttles.h"

#include <QMutexLocker>

#include <algorithm>

namespace parley::api {
namespace {

constexpr qint64 kPruneEveryMs = 10 * 1000;

double perSecond(int count, int windowS)
{
    return count > 0 && windowS > 0 ? double(count) / double(windowS) : 0.0;
}

} // namespace

KeyedRateLimiter::KeyedRateLimiter(double ratePerS, double burst)
    : m_rate(ratePerS)
    , m_burst(burst)
{}

bool KeyedRateLimiter::take(const QString &key, qint64 nowMs, int *retryAfterS)
{
    if (!enabled())
        return true;
    QMutexLocker lock(&m_mutex);
    pruneLocked(nowMs);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, realtime::RateLimiter(m_rate, m_burst));
    if (it->allow(nowMs))
        return true;
    if (retryAfterS)
        *retryAfterS = it->retryAfterS();
    return false;
}

bool KeyedRateLimiter::wouldAllow(const QString &key, qint64 nowMs, int *retryAfterS) const
{
    if (!enabled())
        return true;
    QMutexLocker lock(&m_mutex);
    const auto it = m_buckets.constFind(key);
    if (it == m_buckets.cend() || it->wouldAllow(nowMs))
        return true;
    if (retryAfterS)
        *retryAfterS = it->retryAfterS();
    return false;
}

qsizetype KeyedRateLimiter::trackedKeys() const
{
    QMutexLocker lock(&m_mutex);
    return m_buckets.size();
}

void KeyedRateLimiter::pruneLocked(qint64 nowMs)
{
    if (nowMs - m_lastPruneMs < kPruneEveryMs)
        return;
    m_lastPruneMs = nowMs;
    m_buckets.removeIf([nowMs](const auto &entry) { return entry.value().isFull(nowMs); });
}

Throttles::Throttles(const ThrottleSettings &settings)
    : m_loginPerUser(perSecond(settings.loginFailuresPerUser, settings.loginWindowS),
                     settings.loginFailuresPerUser)
    , m_loginPerIp(perSecond(settings.loginFailuresPerIp, settings.loginWindowS),
                   settings.loginFailuresPerIp)
    , m_writes(settings.writeRatePerS, settings.writeBurst)
{}

int Throttles::loginWaitS(const QString &username, const QString &address, qint64 nowMs) const
{
    int wait = 0;
    int userWait = 0;
    if (!m_loginPerUser.wouldAllow(username.toLower(), nowMs, &userWait))
        wait = userWait;
    int ipWait = 0;
    if (!m_loginPerIp.wouldAllow(address, nowMs, &ipWait))
        wait = std::max(wait, ipWait);
    return wait;
}

void Throttles::loginFailed(const QString &username, const QString &address, qint64 nowMs)
{
    m_loginPerUser.take(username.toLower(), nowMs);
    m_loginPerIp.take(address, nowMs);
}

int Throttles::takeWrite(const QString &userId, qint64 nowMs)
{
    int wait = 0;
    return m_writes.take(userId, nowMs, &wait) ? 0 : std::max(1, wait);
}

} // namespace parley::api
