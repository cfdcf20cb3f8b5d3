#pragma once

#include <QString>
#include <QTemporaryDir>

namespace parley::test {

// A real redis-server for tests, run by scripts/test-services/redis. Either the CTest fixture's
// (shared by the cluster suites: fixtureUrl()) or one of a test's own, which it may stop and
// start again on the same port to simulate an outage.
class RedisService
{
public:
    RedisService() = default;
    ~RedisService();
    RedisService(const RedisService &) = delete;
    RedisService &operator=(const RedisService &) = delete;

    // The URL the "redis" fixture wrote (PARLEY_TEST_REDIS_DIR/redis.url); empty when absent.
    static QString fixtureUrl();

    // Starts an own instance (on the previous port after a stop()). False: errorString().
    bool start();
    void stop();
    QString url() const { return m_url; }
    QString errorString() const { return m_error; }

private:
    bool run(const QStringList &args);

    QTemporaryDir m_dir;
    QString m_url;
    QString m_port;
    QString m_error;
    bool m_running = false;
};

} // namespace parley::test
