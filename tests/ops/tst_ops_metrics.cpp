// GET /metrics: every line is valid Prometheus text, every metric docs/OPERATIONS.md lists is
// there, histograms are cumulative, and the counters move with WebSocket traffic.
#include "WsTest.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

// name{labels} value
const QRegularExpression
    kSample(uR"(^([a-z_]+)(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? (-?[0-9.e+-]+|\+Inf|NaN)$)"_s);
const QRegularExpression kHelp(uR"(^# HELP ([a-z_]+) \S.*$)"_s);
const QRegularExpression kType(uR"(^# TYPE ([a-z_]+) (counter|gauge|histogram)$)"_s);

struct Scrape
{
    QHash<QString, double> values; // "name{labels}" -> value
    QHash<QString, QString> types;
    QString error; // empty when every line parsed

    double operator[](const QString &series) const { return values.value(series, -1); }
};

Scrape scrape(ApiClient &api)
{
    Scrape s;
    const Reply reply = api.get(u"/metrics"_s);
    if (reply.status != 200) {
        s.error = reply.describe();
        return s;
    }
    const QStringList lines = QString::fromUtf8(reply.body).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (const auto type = kType.match(line); type.hasMatch()) {
            s.types.insert(type.captured(1), type.captured(2));
        } else if (const auto sample = kSample.match(line); sample.hasMatch()) {
            s.values.insert(sample.captured(1) + sample.captured(2), sample.captured(4).toDouble());
        } else if (!kHelp.match(line).hasMatch()) {
            s.error = u"not Prometheus text: "_s + line;
            return s;
        }
    }
    return s;
}

} // namespace

class tst_OpsMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyListedMetricIsExposed_data();
    void everyListedMetricIsExposed();
    void countersFollowWebSocketTraffic();
    void histogramsAreCumulative();

private:
    TestServer m_server;
    ApiClient m_api{&m_server};
};

void tst_OpsMetrics::initTestCase()
{
    m_server.setEnv(u"PARLEY_WS_RATE"_s, u"0"_s);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    // One WebSocket send first, so that the counters bumped on use exist too.
    const Session who = m_api.registerUser(uniqueName(u"m"_s));
    const QString room = openSupportRoom(m_api, who);
    RETURN_IF_FAILED();
    auto ws = connectChat(m_server, who, u"ws"_s);
    RETURN_IF_FAILED();
    ws->send(sendFrame(room, uniqueName(u"c"_s), u"hi"_s, u"r"_s));
    WS_WAIT(ack, *ws, u"ack"_s, withRef(u"r"_s));
}

void tst_OpsMetrics::everyListedMetricIsExposed_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("type");
    const QList<std::pair<const char *, const char *>> metrics{
        {"parley_ws_connections", "gauge"},
        {"parley_ws_raw_connections", "gauge"},
        {"parley_messages_stored_total", "counter"},
        {"parley_ws_messages_delivered_total", "counter"},
        {"parley_ws_frames_sent_total", "counter"},
        {"parley_http_requests_total", "counter"},
        {"parley_http_request_duration_seconds", "histogram"},
        {"parley_ws_send_duration_seconds", "histogram"},
        {"parley_db_commit_duration_seconds", "histogram"},
        {"parley_db_commit_sends_total", "counter"},
        {"parley_ws_pending_sends", "gauge"},
        {"parley_queue_length", "gauge"},
        {"parley_rooms_open", "gauge"},
        {"parley_database_up", "gauge"},
        {"parley_bus_up", "gauge"},
        {"parley_start_time_seconds", "gauge"},
    };
    for (const auto &[name, type] : metrics)
        QTest::addRow("%s", name) << QString::fromLatin1(name) << QString::fromLatin1(type);
}

void tst_OpsMetrics::everyListedMetricIsExposed()
{
    QFETCH(QString, name);
    QFETCH(QString, type);
    const Scrape s = scrape(m_api);
    QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
    QCOMPARE(s.types.value(name), type);
    if (type == u"histogram")
        QVERIFY(s.values.contains(name + u"_count"_s));
    else
        QVERIFY(std::any_of(s.values.keyBegin(), s.values.keyEnd(), [&name](const QString &series) {
            return series == name || series.startsWith(name + u'{');
        }));
}

void tst_OpsMetrics::countersFollowWebSocketTraffic()
{
    // Two sockets of one user: each send is acked on the first and delivered to the second.
    const Session who = m_api.registerUser(uniqueName(u"traffic"_s));
    const QString room = openSupportRoom(m_api, who);
    RETURN_IF_FAILED();
    auto sender = connectChat(m_server, who, u"sender"_s);
    auto receiver = connectChat(m_server, who, u"receiver"_s);
    RETURN_IF_FAILED();
    const Scrape before = scrape(m_api);
    QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
    QVERIFY(before[u"parley_ws_connections"_s] >= 2);

    constexpr int kSends = 25;
    for (int i = 0; i < kSends; ++i)
        sender->send(sendFrame(room, uniqueName(u"c"_s), u"m %1"_s.arg(i), u"s%1"_s.arg(i)));
    QCOMPARE(sender->waitForCount(u"ack"_s, kSends).size(), kSends);
    QCOMPARE(receiver->waitForCount(u"message"_s, kSends).size(), kSends);

    const Scrape after = scrape(m_api);
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    const auto grew = [&](const QString &series) { return after[series] - before[series]; };
    // Other tests of this suite run before and after, never during: exact deltas.
    QCOMPARE(grew(u"parley_messages_stored_total"_s), double(kSends));
    QCOMPARE(grew(u"parley_ws_messages_delivered_total"_s), double(kSends));
    QCOMPARE(grew(u"parley_db_commit_sends_total"_s), double(kSends));
    QCOMPARE(grew(u"parley_ws_send_duration_seconds_count"_s), double(kSends));
    QVERIFY(grew(u"parley_db_commit_duration_seconds_count"_s) >= 1);
    QVERIFY(grew(u"parley_db_commit_duration_seconds_count"_s) <= kSends);
    QVERIFY(grew(u"parley_ws_frames_sent_total"_s) >= 2 * kSends);
    QCOMPARE(after[u"parley_ws_pending_sends"_s], 0.0);
    QVERIFY(after[u"parley_queue_length"_s] >= 1); // support rooms wait for staff
    QCOMPARE(after[u"parley_database_up"_s], 1.0);
    QCOMPARE(after[u"parley_bus_up"_s], 1.0);
    QVERIFY(after[u"parley_start_time_seconds"_s] > 1.7e9);
}

void tst_OpsMetrics::histogramsAreCumulative()
{
    const Scrape s = scrape(m_api);
    QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
    for (auto it = s.types.cbegin(); it != s.types.cend(); ++it) {
        if (it.value() != u"histogram")
            continue;
        const QString name = it.key();
        double previous = 0;
        int buckets = 0;
        for (const char *bound : {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                                  "0.1", "0.25", "0.5", "1", "2.5", "+Inf"}) {
            const QString series = u"%1_bucket{le=\"%2\"}"_s.arg(name, QLatin1StringView(bound));
            QVERIFY2(s.values.contains(series), qPrintable(series));
            QVERIFY2(s[series] >= previous, qPrintable(series));
            previous = s[series];
            ++buckets;
        }
        QCOMPARE(buckets, 13);
        QCOMPARE(previous, s[name + u"_count"_s]); // +Inf holds every observation
        QVERIFY(s[name + u"_sum"_s] >= 0);
    }
}

QTEST_GUILESS_MAIN(tst_OpsMetrics)
#include "tst_ops_metrics.moc"
