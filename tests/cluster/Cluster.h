#pragma once

#include "ApiClient.h"
#include "TestServer.h"

#include <QString>

#include <memory>
#include <vector>

namespace parley::test {

// Several parley-server nodes of one cluster: one database (a fresh PostgreSQL database when the
// suite runs against the postgres fixture, else node 0's SQLite file), one token secret and one
// Redis. Nodes beat every `heartbeatMs` (PARLEY_NODE_HEARTBEAT_MS): a dead
// node is noticed within 4 beats. Too short a beat on a loaded machine makes a stalled node look
// dead for a moment (its users flap offline and back), so suites that do not kill nodes beat
// slower.
class Cluster
{
public:
    explicit Cluster(int nodes, int heartbeatMs = 1000);
    int heartbeatMs() const { return m_heartbeatMs; }
    ~Cluster();

    // Starts every node against `redisUrl` and waits until each reports its bus "ok".
    // False: errorString().
    bool start(const QString &redisUrl);
    int size() const { return int(m_nodes.size()); }
    TestServer &node(int i) { return *m_nodes.at(size_t(i)); }
    ApiClient &api(int i) { return *m_apis.at(size_t(i)); }
    QString errorString() const { return m_error; }

    // GET /healthz of node i: its "bus" field ("" when it does not answer).
    QString busHealth(int i);
    // Waits (spinning the event loop) until node i's bus reports `state`.
    bool waitBus(int i, const QString &state, int timeoutMs = 15000);
    // A counter or gauge of node i's /metrics (-1 when absent).
    double metric(int i, const QString &name);

    // In cleanup(): every node's stderr when the test failed.
    void dumpLogsIfFailed();

private:
    std::vector<std::unique_ptr<TestServer>> m_nodes;
    std::vector<std::unique_ptr<ApiClient>> m_apis;
    QString m_error;
    int m_heartbeatMs;
};

} // namespace parley::test
