#pragma once

#include "ClosedLoop.h"
#include "Latency.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTextStream>

namespace parley::bench {

// The bench's standard output (figures) and standard error (progress), shared by every scenario.
QTextStream &out();
QTextStream &err();

// The figures of one measured phase.
struct PhaseFigures
{
    QString name;
    int concurrency = 0;
    qint64 requests = 0;
    double seconds = 0;
    double ratePerS = 0;
    LatencySummary latency;
    double benchCpuS = -1;  // this process, during the phase
    double serverCpuS = -1; // the server (--server-pid), during the phase; -1 unknown
    double otherCpuS = -1;  // everything else on the machine (needs --server-pid): noise

    QJsonObject toJson() const;
};

// Takes CPU readings at construction and turns a loop's result into PhaseFigures.
class PhaseMeter
{
public:
    explicit PhaseMeter(qint64 serverPid);
    PhaseFigures finish(const QString &name, int concurrency, const LoopResult &result) const;

private:
    qint64 m_serverPid;
    double m_benchCpu;
    double m_serverCpu;
    double m_machineBusy;
};

void printTable(QTextStream &out, const QList<PhaseFigures> &phases);
void printFailures(QTextStream &out, const QList<Failure> &failures, qint64 failed);

} // namespace parley::bench
