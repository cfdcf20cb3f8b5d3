#include "metrics/Metrics.h"

#include <algorithm>

namespace parley::metrics {
namespace {

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

const std::vector<double> kLatencyBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                         0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

} // namespace

Histogram::Histogram(std::vector<double> bounds)
    : m_bounds(std::move(bounds))
    , m_counts(m_bounds.size() + 1, 0)
{}

void Histogram::observe(double seconds)
{
    const auto it = std::lower_bound(m_bounds.begin(), m_bounds.end(), seconds);
    ++m_counts[size_t(it - m_bounds.begin())];
    m_sum += seconds;
    ++m_count;
}

void Histogram::render(QByteArray &out, const QByteArray &name, const QByteArray &labels) const
{
    const QByteArray prefix = labels.isEmpty() ? QByteArray() : labels + ',';
    quint64 cumulative = 0;
    for (size_t i = 0; i < m_bounds.size(); ++i) {
        cumulative += m_counts[i];
        out += name + "_bucket{" + prefix + "le=\"" + number(m_bounds[i]) + "\"} " +
               QByteArray::number(cumulative) + '\n';
    }
    cumulative += m_counts.back();
    out += name + "_bucket{" + prefix + "le=\"+Inf\"} " + QByteArray::number(cumulative) + '\n';
    const QByteArray braces = labels.isEmpty() ? QByteArray() : '{' + labels + '}';
    out += name + "_sum" + braces + ' ' + number(m_sum) + '\n';
    out += name + "_count" + braces + ' ' + QByteArray::number(m_count) + '\n';
}

Metrics::Metrics()
    : m_http(kLatencyBounds)
    , m_send(kLatencyBounds)
{}

void Metrics::inc(const QByteArray &name, const QByteArray &labels, quint64 by)
{
    m_counters[name][labels] += by;
}

void Metrics::describe(const QByteArray &name, const QByteArray &help)
{
    m_help[name] = help;
}

void Metrics::gauge(const QByteArray &name, const QByteArray &help, std::function<double()> read)
{
    m_gauges.append({name, help, std::move(read), QByteArrayLiteral("gauge")});
}

void Metrics::counter(const QByteArray &name, const QByteArray &help, std::function<double()> read)
{
    m_gauges.append({name, help, std::move(read), QByteArrayLiteral("counter")});
}

void Metrics::addHistogram(const QByteArray &name, const QByteArray &help)
{
    m_histograms.insert_or_assign(name, Named{help, Histogram(kLatencyBounds)});
}

void Metrics::observe(const QByteArray &name, double seconds)
{
    const auto it = m_histograms.find(name);
    if (it != m_histograms.end())
        it->second.histogram.observe(seconds);
}

QByteArray Metrics::render() const
{
    QByteArray out;
    for (const auto &[name, series] : m_counters) {
        const auto help = m_help.find(name);
        if (help != m_help.end())
            out += "# HELP " + name + ' ' + help->second + '\n';
        out += "# TYPE " + name + " counter\n";
        for (const auto &[labels, value] : series)
            out += name + (labels.isEmpty() ? QByteArray() : '{' + labels + '}') + ' ' +
                   QByteArray::number(value) + '\n';
    }
    for (const Gauge &gauge : m_gauges) {
        out += "# HELP " + gauge.name + ' ' + gauge.help + '\n';
        out += "# TYPE " + gauge.name + ' ' + gauge.type + '\n';
        out += gauge.name + ' ' + number(gauge.read()) + '\n';
    }
    out += "# HELP parley_http_request_duration_seconds Time from request to answer.\n"
           "# TYPE parley_http_request_duration_seconds histogram\n";
    m_http.render(out, "parley_http_request_duration_seconds", {});
    out += "# HELP parley_ws_send_duration_seconds Time from a WebSocket send frame to its ack.\n"
           "# TYPE parley_ws_send_duration_seconds histogram\n";
    m_send.render(out, "parley_ws_send_duration_seconds", {});
    for (const auto &[name, named] : m_histograms) {
        out += "# HELP " + name + ' ' + named.help + "\n# TYPE " + name + " histogram\n";
        named.histogram.render(out, name, {});
    }
    return out;
}

} // namespace parley::metrics
