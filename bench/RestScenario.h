#pragma once

#include <QCommandLineParser>

namespace parley::bench {

// `parley-bench rest`: sends then history pages over REST, with a full history check between.
void addRestOptions(QCommandLineParser &parser);
int runRest(const QCommandLineParser &parser);

} // namespace parley::bench
