#pragma once

#include "config/ServerConfig.h"

#include <QTextStream>

namespace parley::cli {

// `parley-server user ...`: account administration straight on the database, so it works whether
// or not a server runs on the same data directory. Answers the process exit code: 0 done,
// 1 failed, 2 usage error.
int runUserCommand(const app::ParsedCommandLine &command, QTextStream &in, QTextStream &out,
                   QTextStream &err);

} // namespace parley::cli
