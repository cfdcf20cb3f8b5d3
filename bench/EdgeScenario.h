#pragma once

#include <QCommandLineParser>

namespace parley::bench {

// edge-abuse: the server's resident memory (--server-pid) while it is sent a 200 MB body, an
// endless header and many slowloris sockets (docs/SECURITY.md, BENCHMARKS.md).
void addEdgeAbuseOptions(QCommandLineParser &parser);
int runEdgeAbuse(const QCommandLineParser &parser);

} // namespace parley::bench
