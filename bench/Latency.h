#pragma once

#include <QJsonObject>
#include <QtGlobal>

#include <vector>

namespace parley::bench {

// Latency figures of one phase, in milliseconds. Percentiles are nearest-rank on all samples.
struct LatencySummary
{
    qint64 count = 0;
    double minMs = 0;
    double meanMs = 0;
    double medianMs = 0;
    double p90Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;

    QJsonObject toJson() const;
};

class LatencyRecorder
{
public:
    void reserve(qint64 n) { m_ns.reserve(size_t(n)); }
    void add(qint64 ns) { m_ns.push_back(ns); }
    qint64 count() const { return qint64(m_ns.size()); }
    LatencySummary summarize() const;

private:
    std::vector<qint64> m_ns;
};

// Rounds to two decimals, the precision every figure is reported with.
double round2(double value);

} // namespace parley::bench
