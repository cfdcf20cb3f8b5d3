#pragma once

#include "config/ServerConfig.h"

#include <QTextStream>

namespace parley::cli {

// Exit codes of every subcommand.
inline constexpr int kDone = 0;
inline constexpr int kFailed = 1;
inline constexpr int kUsage = 2;

// Runs the subcommand named by command.positional (user ..., backup, migrate) and answers the
// process exit code.
int runCommand(const app::ParsedCommandLine &command, QTextStream &in, QTextStream &out,
               QTextStream &err);

} // namespace parley::cli
