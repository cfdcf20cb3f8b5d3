#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <map>
#include <vector>

namespace parley::metrics {

// A latency histogram in seconds with fixed Prometheus buckets.
class Histogram
{
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double seconds);
    void render(QByteArray &out, const QByteArray &name, const QByteArray &labels) const;

private:
    std::vector<double> m_bounds;
    std::vector<quint64> m_counts; // per bucket, not cumulative
    double m_sum = 0;
    quint64 m_count = 0;
};

// The server's metrics, rendered in the Prometheus text format for GET /metrics. Counters are
// bumped where things happen; gauges are read when scraped. Used from the event-loop thread.
class Metrics
{
public:
    Metrics();

    // Counter with optional labels, e.g. inc("parley_http_requests_total", "code=\"2xx\"").
    void inc(const QByteArray &name, const QByteArray &labels = {}, quint64 by = 1);
    void observeHttp(double seconds) { m_http.observe(seconds); }
    void observeSend(double seconds) { m_send.observe(seconds); }
    // A gauge or a counter kept elsewhere, read at every scrape.
    void gauge(const QByteArray &name, const QByteArray &help, std::function<double()> read);
    void counter(const QByteArray &name, const QByteArray &help, std::function<double()> read);
    void describe(const QByteArray &name, const QByteArray &help);
    // Another latency histogram (seconds, the same buckets), rendered after the built-in ones.
    void addHistogram(const QByteArray &name, const QByteArray &help);
    void observe(const QByteArray &name, double seconds);

    QByteArray render() const;

private:
    struct Gauge
    {
        QByteArray name;
        QByteArray help;
        std::function<double()> read;
        QByteArray type;
    };
    std::map<QByteArray, std::map<QByteArray, quint64>> m_counters;
    std::map<QByteArray, QByteArray> m_help;
    QList<Gauge> m_gauges;
    Histogram m_http;
    Histogram m_send;
    struct Named
    {
        QByteArray help;
        Histogram histogram;
    };
    std::map<QByteArray, Named> m_histograms;
};

} // namespace parley::metrics
