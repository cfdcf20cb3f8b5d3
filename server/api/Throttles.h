#pragma once

#include "realtime/RateLimiter.h"

#include <QHash>
#include <QMutex>
#include <QString>

namespace parley::api {

// Limits of the REST layer (the WebSocket frame limit is the hub's).
struct ThrottleSettings
{
    // Failed logins: a bucket of `burst` failures per username and per client address that
    // refills over `windowS`. While either is empty, logins for that name / from that address
    // answer 429 rate_limited (even with the right password). 0 turns one off.
    int loginFailuresPerUser = 10;
    int loginFailuresPerIp = 50;
    int loginWindowS = 300;
    // POST/PATCH/PUT/DELETE by one authenticated user: `writeRatePerS` per second on average,
    // bursts up to `writeBurst`. 0 turns it off.
    double writeRatePerS = 20;
    double writeBurst = 100;
};

// Token buckets by key (a username, an address, a user id). Keys whose bucket is full again
// are forgotten, so memory follows the keys active within one refill window.
class KeyedRateLimiter
{
public:
    KeyedRateLimiter(double ratePerS, double burst);

    // Takes a token for key; false (and *retryAfterS) when none is left.
    bool take(const QString &key, qint64 nowMs, int *retryAfterS = nullptr);
    // Whether take() would succeed, without taking (and *retryAfterS when not).
    bool wouldAllow(const QString &key, qint64 nowMs, int *retryAfterS = nullptr) const;
    bool enabled() const { return m_rate > 0 && m_burst >= 1; }
    qsizetype trackedKeys() const;

private:
    void pruneLocked(qint64 nowMs);

    double m_rate;
    double m_burst;
    mutable QMutex m_mutex;
    QHash<QString, realtime::RateLimiter> m_buckets;
    qint64 m_lastPruneMs = 0;
};

// The REST layer's limiters, one object shared by the routes.
class Throttles
{
public:
    explicit Throttles(const ThrottleSettings &settings);

    // Seconds to wait before a login for this username from this address may be tried; 0: go.
    int loginWaitS(const QString &username, const QString &address, qint64 nowMs) const;
    void loginFailed(const QString &username, const QString &address, qint64 nowMs);
    // Takes one write for the user; the seconds to wait when none is left, else 0.
    int takeWrite(const QString &userId, qint64 nowMs);

private:
    KeyedRateLimiter m_loginPerUser;
    KeyedRateLimiter m_loginPerIp;
    KeyedRateLimiter m_writes;
};

} // namespace parley::api
