#pragma once

#include <QtGlobal>

namespace parley::bench {

// CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. pid 0 is this
// process. Negative when unknown (no /proc, no such process). On a 2-core box the bench and the
// server share the CPUs, so both figures go in the report.
double cpuSeconds(qint64 pid = 0);

// CPU seconds the whole machine has been busy (all CPUs, not idle or waiting on I/O), from
// /proc/stat. Busy time that is neither the bench nor the server is other load: noise.
double machineBusySeconds();

} // namespace parley::bench
