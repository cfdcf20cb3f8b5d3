#include "Report.h"

#include "CpuUsage.h"

#include <algorithm>

namespace parley::bench {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

namespace {

QString fixed(double value, int decimals = 2)
{
    return QString::number(value, 'f', decimals);
}

QString percentOf(double cpuS, double wallS)
{
    if (cpuS < 0 || wallS <= 0)
        return QStringLiteral("-");
    return fixed(100.0 * cpuS / wallS, 0) + u'%';
}

} // namespace

QJsonObject PhaseFigures::toJson() const
{
    QJsonObject object{{QStringLiteral("concurrency"), concurrency},
                       {QStringLiteral("requests"), requests},
                       {QStringLiteral("seconds"), round2(seconds)},
                       {QStringLiteral("rate_per_s"), round2(ratePerS)},
                       {QStringLiteral("latency_ms"), latency.toJson()},
                       {QStringLiteral("bench_cpu_s"), round2(benchCpuS)}};
    if (serverCpuS >= 0)
        object.insert(QStringLiteral("server_cpu_s"), round2(serverCpuS));
    if (otherCpuS >= 0)
        object.insert(QStringLiteral("other_cpu_s"), round2(otherCpuS));
    return object;
}

PhaseMeter::PhaseMeter(qint64 serverPid)
    : m_serverPid(serverPid)
    , m_benchCpu(cpuSeconds())
    , m_serverCpu(serverPid > 0 ? cpuSeconds(serverPid) : -1)
    , m_machineBusy(machineBusySeconds())
{}

PhaseFigures PhaseMeter::finish(const QString &name, int concurrency,
                                const LoopResult &result) const
{
    PhaseFigures figures;
    figures.name = name;
    figures.concurrency = concurrency;
    figures.requests = result.completed;
    figures.seconds = result.wallSeconds;
    figures.ratePerS = result.wallSeconds > 0 ? double(result.completed) / result.wallSeconds : 0;
    figures.latency = result.latency.summarize();
    figures.benchCpuS = cpuSeconds() - m_benchCpu;
    if (m_serverCpu >= 0) {
        const double now = cpuSeconds(m_serverPid);
        figures.serverCpuS = now >= 0 ? now - m_serverCpu : -1;
    }
    const double busy = machineBusySeconds();
    if (figures.serverCpuS >= 0 && busy >= 0 && m_machineBusy >= 0) {
        figures.otherCpuS =
            std::max(0.0, busy - m_machineBusy - figures.serverCpuS - figures.benchCpuS);
    }
    return figures;
}

void printTable(QTextStream &out, const QList<PhaseFigures> &phases)
{
    const QStringList header{
        QStringLiteral("phase"),     QStringLiteral("conc"),       QStringLiteral("requests"),
        QStringLiteral("seconds"),   QStringLiteral("req/s"),      QStringLiteral("median ms"),
        QStringLiteral("p90 ms"),    QStringLiteral("p99 ms"),     QStringLiteral("max ms"),
        QStringLiteral("bench cpu"), QStringLiteral("server cpu"), QStringLiteral("other cpu")};
    QList<QStringList> rows{header};
    for (const PhaseFigures &p : phases) {
        rows.append({p.name, QString::number(p.concurrency), QString::number(p.requests),
                     fixed(p.seconds), fixed(p.ratePerS, 1), fixed(p.latency.medianMs),
                     fixed(p.latency.p90Ms), fixed(p.latency.p99Ms), fixed(p.latency.maxMs),
                     percentOf(p.benchCpuS, p.seconds), percentOf(p.serverCpuS, p.seconds),
                     percentOf(p.otherCpuS, p.seconds)});
    }
    QList<qsizetype> widths(header.size(), 0);
    for (const QStringList &row : std::as_const(rows)) {
        Q_ASSERT(row.size() == header.size());
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    for (const QStringList &row : std::as_const(rows)) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (i > 0)
                line += QStringLiteral("  ");
            line +=
                i == 0 ? row.at(i).leftJustified(widths[i]) : row.at(i).rightJustified(widths[i]);
        }
        out << line << Qt::endl;
    }
}

void printFailures(QTextStream &out, const QList<Failure> &failures, qint64 failed)
{
    out << failed << " unexpected answer(s); the first " << failures.size() << ":" << Qt::endl;
    for (const Failure &failure : failures)
        out << "  " << failure.describe() << Qt::endl;
}

} // namespace parley::bench
