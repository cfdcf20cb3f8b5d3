#include "Latency.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace parley::bench {
namespace {

double toMs(qint64 ns)
{
    return double(ns) / 1e6;
}

// Nearest rank: the smallest sample with at least p percent of the samples at or below it.
qint64 percentile(const std::vector<qint64> &sorted, double p)
{
    const auto n = double(sorted.size());
    const auto rank = std::max<qint64>(1, qint64(std::ceil(p / 100.0 * n)));
    return sorted[size_t(std::min<qint64>(rank, qint64(sorted.size())) - 1)];
}

} // namespace

double round2(double value)
{
    return std::round(value * 100.0) / 100.0;
}

LatencySummary LatencyRecorder::summarize() const
{
    LatencySummary summary;
    if (m_ns.empty())
        return summary;
    std::vector<qint64> sorted = m_ns;
    std::sort(sorted.begin(), sorted.end());
    summary.count = qint64(sorted.size());
    summary.minMs = toMs(sorted.front());
    summary.maxMs = toMs(sorted.back());
    summary.meanMs = toMs(std::accumulate(sorted.begin(), sorted.end(), qint64(0)) / summary.count);
    summary.medianMs = toMs(percentile(sorted, 50));
    summary.p90Ms = toMs(percentile(sorted, 90));
    summary.p99Ms = toMs(percentile(sorted, 99));
    return summary;
}

QJsonObject LatencySummary::toJson() const
{
    return {{QStringLiteral("count"), count},         {QStringLiteral("min"), round2(minMs)},
            {QStringLiteral("mean"), round2(meanMs)}, {QStringLiteral("median"), round2(medianMs)},
            {QStringLiteral("p90"), round2(p90Ms)},   {QStringLiteral("p99"), round2(p99Ms)},
            {QStringLiteral("max"), round2(maxMs)}};
}

} // namespace parley::bench
