#include "config/HardeningConfig.h"

#include <QSettings>

namespace parley::app {
namespace {

struct IntSetting
{
    const char *key; // INI key; the variable is PARLEY_ + upper case
    int ServerConfig::*field;
    int min;
    int max;
};
struct DoubleSetting
{
    const char *key;
    double ServerConfig::*field;
};

constexpr IntSetting kIntSettings[] = {
    {"max_connections_per_ip", &ServerConfig::maxConnectionsPerIp, 0, 1000000},
    {"max_header_bytes", &ServerConfig::maxHeaderBytes, 1024, 1 << 20},
    {"max_url_bytes", &ServerConfig::maxUrlBytes, 256, 1 << 20},
    {"request_timeout_s", &ServerConfig::requestTimeoutS, 1, 3600},
    {"login_failures_per_user", &ServerConfig::loginFailuresPerUser, 0, 1000000},
    {"login_failures_per_ip", &ServerConfig::loginFailuresPerIp, 0, 1000000},
    {"login_window_s", &ServerConfig::loginWindowS, 1, 86400},
    {"idle_timeout_s", &ServerConfig::idleTimeoutS, 1, 86400},
    // SQLite's tuning (StorageConfig) shares the same INI/PARLEY_* reading and range check.
    {"sqlite_checkpoint_pages", &ServerConfig::sqliteCheckpointPages, 0, 1000000},
    {"sqlite_cache_mb", &ServerConfig::sqliteCacheMiB, 0, 1 << 20},
    {"sqlite_mmap_mb", &ServerConfig::sqliteMmapMiB, 0, 1 << 20},
};
constexpr DoubleSetting kDoubleSettings[] = {
    {"write_rate", &ServerConfig::writeRatePerS},
    {"write_burst", &ServerConfig::writeBurst},
};

QByteArray envName(const char *key)
{
    return QByteArrayLiteral("PARLEY_") + QByteArray(key).toUpper();
}

Status badNumber(const QString &source, const QString &text)
{
    return Error::badRequest(QStringLiteral("%1: '%2' is not a valid number").arg(source, text));
}

} // namespace

Status applyHardeningIni(ServerConfig &config, const QSettings &ini)
{
    config.tlsCertFile = ini.value(QStringLiteral("tls_cert"), config.tlsCertFile).toString();
    config.tlsKeyFile = ini.value(QStringLiteral("tls_key"), config.tlsKeyFile).toString();
    for (const IntSetting &s : kIntSettings) {
        const QString key = QString::fromLatin1(s.key);
        if (!ini.contains(key))
            continue;
        bool ok = false;
        const QString text = ini.value(key).toString();
        config.*s.field = text.toInt(&ok);
        if (!ok)
            return badNumber(key, text);
    }
    for (const DoubleSetting &s : kDoubleSettings) {
        const QString key = QString::fromLatin1(s.key);
        if (!ini.contains(key))
            continue;
        bool ok = false;
        const QString text = ini.value(key).toString();
        config.*s.field = text.toDouble(&ok);
        if (!ok)
            return badNumber(key, text);
    }
    return {};
}

Status applyHardeningEnvironment(ServerConfig &config)
{
    if (qEnvironmentVariableIsSet("PARLEY_TLS_CERT"))
        config.tlsCertFile = qEnvironmentVariable("PARLEY_TLS_CERT");
    if (qEnvironmentVariableIsSet("PARLEY_TLS_KEY"))
        config.tlsKeyFile = qEnvironmentVariable("PARLEY_TLS_KEY");
    if (qEnvironmentVariableIsSet("PARLEY_MAX_BODY_BYTES")) {
        bool ok = false;
        const QString text = qEnvironmentVariable("PARLEY_MAX_BODY_BYTES");
        config.maxBodyBytes = text.toLongLong(&ok);
        if (!ok || config.maxBodyBytes < 1)
            return badNumber(QStringLiteral("PARLEY_MAX_BODY_BYTES"), text);
    }
    for (const IntSetting &s : kIntSettings) {
        const QByteArray name = envName(s.key);
        if (!qEnvironmentVariableIsSet(name.constData()))
            continue;
        bool ok = false;
        const QString text = qEnvironmentVariable(name.constData());
        config.*s.field = text.toInt(&ok);
        if (!ok)
            return badNumber(QString::fromLatin1(name), text);
    }
    for (const DoubleSetting &s : kDoubleSettings) {
        const QByteArray name = envName(s.key);
        if (!qEnvironmentVariableIsSet(name.constData()))
            continue;
        bool ok = false;
        const QString text = qEnvironmentVariable(name.constData());
        config.*s.field = text.toDouble(&ok);
        if (!ok)
            return badNumber(QString::fromLatin1(name), text);
    }
    return {};
}

Status checkHardening(const ServerConfig &config)
{
    if (config.tlsCertFile.isEmpty() != config.tlsKeyFile.isEmpty())
        return Error::badRequest(QStringLiteral("TLS needs both --tls-cert and --tls-key"));
    for (const IntSetting &s : kIntSettings) {
        const int value = config.*s.field;
        if (value < s.min || value > s.max)
            return Error::badRequest(QStringLiteral("%1 must be from %2 to %3 (got %4)")
                                         .arg(QString::fromLatin1(s.key))
                                         .arg(s.min)
                                         .arg(s.max)
                                         .arg(value));
    }
    for (const DoubleSetting &s : kDoubleSettings) {
        if (config.*s.field < 0)
            return Error::badRequest(
                QStringLiteral("%1 must not be negative").arg(QString::fromLatin1(s.key)));
    }
    if (config.maxBodyBytes < 1)
        return Error::badRequest(QStringLiteral("max_body_bytes must be at least 1"));
    return {};
}

} // namespace parley::app
