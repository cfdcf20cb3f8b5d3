#pragma once

#include "config/ServerConfig.h"

class QSettings;

namespace parley::app {

// The operations settings of ServerConfig (logs, shutdown), read from the INI's [server] group and
// the environment. Kept apart from ServerConfig.cpp: one place for them.
Status applyOpsIni(ServerConfig &config, QSettings &ini);
Status applyOpsEnvironment(ServerConfig &config);

} // namespace parley::app
