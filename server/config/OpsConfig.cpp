#include "config/OpsConfig.h"

#include "logging/LogOutput.h"

#include <QSettings>

namespace parley::app {
namespace {

Status check(const ServerConfig &config, const QString &source)
{
    if (!logging::logRulesForLevel(config.logLevel))
        return Error::badRequest(
            QStringLiteral("%1: log level '%2' is not debug, info, warning or critical")
                .arg(source, config.logLevel));
    if (!logging::logFormatFromName(config.logFormat))
        return Error::badRequest(
            QStringLiteral("%1: log format '%2' is not auto, text, journal or json")
                .arg(source, config.logFormat));
    if (config.shutdownTimeoutS < 0)
        return Error::badRequest(
            QStringLiteral("%1: shutdown timeout must not be negative").arg(source));
    return {};
}

} // namespace

Status applyOpsIni(ServerConfig &config, QSettings &ini)
{
    config.logLevel = ini.value(QStringLiteral("log_level"), config.logLevel).toString();
    config.logFormat = ini.value(QStringLiteral("log_format"), config.logFormat).toString();
    config.shutdownTimeoutS =
        ini.value(QStringLiteral("shutdown_timeout_s"), config.shutdownTimeoutS).toInt();
    return check(config, ini.fileName());
}

Status applyOpsEnvironment(ServerConfig &config)
{
    if (qEnvironmentVariableIsSet("PARLEY_LOG_LEVEL"))
        config.logLevel = qEnvironmentVariable("PARLEY_LOG_LEVEL");
    if (qEnvironmentVariableIsSet("PARLEY_LOG_FORMAT"))
        config.logFormat = qEnvironmentVariable("PARLEY_LOG_FORMAT");
    if (qEnvironmentVariableIsSet("PARLEY_SHUTDOWN_TIMEOUT_S"))
        config.shutdownTimeoutS = qEnvironmentVariableIntValue("PARLEY_SHUTDOWN_TIMEOUT_S");
    return check(config, QStringLiteral("environment"));
}

} // namespace parley::app
