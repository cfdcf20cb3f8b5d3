#include "Cluster.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace parley::test {

Cluster::Cluster(int nodes, int heartbeatMs)
    : m_heartbeatMs(heartbeatMs)
{
    // Tokens signed by one node are checked by the others.
    QByteArray secret(48, Qt::Uninitialized);
    for (char &c : secret)
        c = char('a' + QRandomGenerator::global()->bounded(26));
    for (int i = 0; i < nodes; ++i) {
        auto server = std::make_unique<TestServer>();
        server->setEnv(u"PARLEY_NODE_HEARTBEAT_MS"_s, QString::number(heartbeatMs));
        server->setEnv(u"PARLEY_JWT_SECRET"_s, QString::fromLatin1(secret));
        m_apis.push_back(std::make_unique<ApiClient>(server.get()));
        m_nodes.push_back(std::move(server));
    }
}

Cluster::~Cluster() = default;

bool Cluster::start(const QString &redisUrl)
{
    if (redisUrl.isEmpty()) {
        m_error = u"no Redis URL: run through ctest (the \"redis\" fixture)"_s;
        return false;
    }
    const auto database = node(0).database();
    if (!database) {
        m_error = node(0).errorString();
        return false;
    }
    for (int i = 0; i < size(); ++i) {
        node(i).setDatabase(database);
        node(i).setExtraArgs({u"--redis"_s, redisUrl});
        if (!node(i).start()) {
            m_error = u"node %1: %2"_s.arg(i).arg(node(i).errorString());
            return false;
        }
    }
    for (int i = 0; i < size(); ++i) {
        if (!waitBus(i, u"ok"_s)) {
            m_error = u"node %1: bus never became ok (%2)"_s.arg(i).arg(busHealth(i));
            return false;
        }
    }
    return true;
}

QString Cluster::busHealth(int i)
{
    const Reply reply = api(i).get(u"/healthz"_s);
    return reply.obj().value(u"bus"_s).toString();
}

bool Cluster::waitBus(int i, const QString &state, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (busHealth(i) == state)
            return true;
        QTest::qWait(50);
    }
    return false;
}

double Cluster::metric(int i, const QString &name)
{
    const Reply reply = api(i).get(u"/metrics"_s);
    const QRegularExpression line(
        u"^%1(?:\\{[^}]*\\})? (\\S+)$"_s.arg(QRegularExpression::escape(name)),
        QRegularExpression::MultilineOption);
    const auto match = line.match(QString::fromUtf8(reply.body));
    return match.hasMatch() ? match.captured(1).toDouble() : -1;
}

void Cluster::dumpLogsIfFailed()
{
    for (auto &server : m_nodes)
        server->dumpLogIfFailed();
}

} // namespace parley::test
