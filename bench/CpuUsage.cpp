#include "CpuUsage.h"

#include <QByteArray>
#include <QFile>
#include <QList>

#include <unistd.h>

namespace parley::bench {

double cpuSeconds(qint64 pid)
{
    QFile file(pid > 0 ? QStringLiteral("/proc/%1/stat").arg(pid)
                       : QStringLiteral("/proc/self/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // Fields after the command name, which is in parentheses and may contain spaces.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line: indexes 11 and 12 after "pid (comm) ".
    if (fields.size() < 13)
        return -1;
    const double ticks = double(sysconf(_SC_CLK_TCK));
    return (fields.at(11).toDouble() + fields.at(12).toDouble()) / ticks;
}

double machineBusySeconds()
{
    QFile file(QStringLiteral("/proc/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    // "cpu  user nice system idle iowait irq softirq steal guest guest_nice" (guest is in user).
    const QList<QByteArray> fields = file.readLine().simplified().split(' ');
    if (fields.size() < 9 || fields.first() != "cpu")
        return -1;
    double busy = 0;
    for (int i : {1, 2, 3, 6, 7, 8})
        busy += fields.at(i).toDouble();
    return busy / double(sysconf(_SC_CLK_TCK));
}

} // namespace parley::bench
