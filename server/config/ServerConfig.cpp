#include "config/ServerConfig.h"

#include "config/HardeningConfig.h"
#include "config/OpsConfig.h"
#include "logging/LogOutput.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QHostAddress>
#include <QSettings>
#include <QStandardPaths>

#include <cstdio>

namespace parley::app {
namespace {

bool truthy(const QString &value)
{
    const QString v = value.trimmed().toLower();
    return v == u"1" || v == u"true" || v == u"yes" || v == u"on";
}

Status applyListen(ServerConfig &config, const QString &text, const QString &source)
{
    if (!parseListen(text, &config.listenHost, &config.listenPort))
        return Error::badRequest(QStringLiteral("%1: '%2' is not HOST:PORT").arg(source, text));
    return {};
}

Status applyIni(ServerConfig &config, const QString &path)
{
    if (!QFileInfo::exists(path))
        return Error::badRequest(QStringLiteral("Config file %1 does not exist").arg(path));
    QSettings ini(path, QSettings::IniFormat);
    if (ini.status() != QSettings::NoError)
        return Error::badRequest(QStringLiteral("Cannot read config file %1").arg(path));
    ini.beginGroup(QStringLiteral("server"));
    if (ini.contains(QStringLiteral("listen"))) {
        if (auto s = applyListen(config, ini.value(QStringLiteral("listen")).toString(), path); !s)
            return s;
    }
    config.dataDir = ini.value(QStringLiteral("data_dir"), config.dataDir).toString();
    config.databaseUrl = ini.value(QStringLiteral("database"), config.databaseUrl).toString();
    config.redisUrl = ini.value(QStringLiteral("redis"), config.redisUrl).toString();
    config.nodeHeartbeatMs =
        ini.value(QStringLiteral("node_heartbeat_ms"), config.nodeHeartbeatMs).toInt();
    if (ini.contains(QStringLiteral("demo")))
        config.demo = truthy(ini.value(QStringLiteral("demo")).toString());
    if (ini.contains(QStringLiteral("sqlite_synchronous")))
        config.sqliteSynchronousFull =
            ini.value(QStringLiteral("sqlite_synchronous")).toString().toLower() == u"full";
    config.maxBodyBytes =
        ini.value(QStringLiteral("max_body_bytes"), config.maxBodyBytes).toLongLong();
    config.maxUploadBytes =
        ini.value(QStringLiteral("max_upload_bytes"), config.maxUploadBytes).toLongLong();
    config.idleTimeoutS = ini.value(QStringLiteral("idle_timeout_s"), config.idleTimeoutS).toInt();
    config.hashThreads = ini.value(QStringLiteral("hash_threads"), config.hashThreads).toInt();
    config.heartbeatS = ini.value(QStringLiteral("heartbeat_s"), config.heartbeatS).toInt();
    config.wsRatePerS = ini.value(QStringLiteral("ws_rate"), config.wsRatePerS).toDouble();
    config.wsRateBurst = ini.value(QStringLiteral("ws_burst"), config.wsRateBurst).toDouble();
    config.autoAssign = ini.value(QStringLiteral("auto_assign"), config.autoAssign).toBool();
    config.assignCapacity =
        ini.value(QStringLiteral("assign_capacity"), config.assignCapacity).toInt();
    if (ini.contains(QStringLiteral("allowed_origins")))
        config.allowedOrigins = ini.value(QStringLiteral("allowed_origins")).toStringList();
    if (auto s = applyHardeningIni(config, ini); !s) {
        ini.endGroup();
        return s;
    }
    const Status ops = applyOpsIni(config, ini);
    ini.endGroup();
    return ops;
}

Status applyEnvironment(ServerConfig &config)
{
    if (qEnvironmentVariableIsSet("PARLEY_LISTEN")) {
        if (auto s = applyListen(config, qEnvironmentVariable("PARLEY_LISTEN"),
                                 QStringLiteral("PARLEY_LISTEN"));
            !s)
            return s;
    }
    if (qEnvironmentVariableIsSet("PARLEY_DATA_DIR"))
        config.dataDir = qEnvironmentVariable("PARLEY_DATA_DIR");
    if (qEnvironmentVariableIsSet("PARLEY_DATABASE"))
        config.databaseUrl = qEnvironmentVariable("PARLEY_DATABASE");
    if (qEnvironmentVariableIsSet("PARLEY_REDIS"))
        config.redisUrl = qEnvironmentVariable("PARLEY_REDIS");
    if (qEnvironmentVariableIsSet("PARLEY_NODE_HEARTBEAT_MS"))
        config.nodeHeartbeatMs = qEnvironmentVariableIntValue("PARLEY_NODE_HEARTBEAT_MS");
    if (config.nodeHeartbeatMs < 100)
        return Error::badRequest(QStringLiteral("PARLEY_NODE_HEARTBEAT_MS must be at least 100"));
    if (qEnvironmentVariableIsSet("PARLEY_DEMO"))
        config.demo = truthy(qEnvironmentVariable("PARLEY_DEMO"));
    if (qEnvironmentVariableIsSet("PARLEY_JWT_SECRET"))
        config.jwtSecret = qgetenv("PARLEY_JWT_SECRET");
    if (qEnvironmentVariableIsSet("PARLEY_GROUP_COMMIT"))
        config.groupCommit = truthy(qEnvironmentVariable("PARLEY_GROUP_COMMIT"));
    if (qEnvironmentVariableIsSet("PARLEY_RAW_WEBSOCKETS"))
        config.rawWebSockets = truthy(qEnvironmentVariable("PARLEY_RAW_WEBSOCKETS"));
    if (qEnvironmentVariableIsSet("PARLEY_AUTO_ASSIGN"))
        config.autoAssign = truthy(qEnvironmentVariable("PARLEY_AUTO_ASSIGN"));
    if (qEnvironmentVariableIsSet("PARLEY_ASSIGN_CAPACITY"))
        config.assignCapacity = qEnvironmentVariableIntValue("PARLEY_ASSIGN_CAPACITY");
    if (config.assignCapacity < 1)
        return Error::badRequest(QStringLiteral("PARLEY_ASSIGN_CAPACITY must be at least 1"));
    if (qEnvironmentVariableIsSet("PARLEY_HEARTBEAT_S"))
        config.heartbeatS = qEnvironmentVariableIntValue("PARLEY_HEARTBEAT_S");
    if (qEnvironmentVariableIsSet("PARLEY_WS_RATE"))
        config.wsRatePerS = qEnvironmentVariable("PARLEY_WS_RATE").toDouble();
    if (qEnvironmentVariableIsSet("PARLEY_WS_BURST"))
        config.wsRateBurst = qEnvironmentVariable("PARLEY_WS_BURST").toDouble();
    if (qEnvironmentVariableIsSet("PARLEY_ALLOWED_ORIGINS"))
        config.allowedOrigins =
            qEnvironmentVariable("PARLEY_ALLOWED_ORIGINS").split(u',', Qt::SkipEmptyParts);
    if (qEnvironmentVariableIsSet("PARLEY_MAX_UPLOAD"))
        config.maxUploadBytes = qEnvironmentVariable("PARLEY_MAX_UPLOAD").toLongLong();
    if (config.heartbeatS < 1)
        return Error::badRequest(QStringLiteral("PARLEY_HEARTBEAT_S must be at least 1"));
    if (qEnvironmentVariableIsSet("PARLEY_SQLITE_SYNCHRONOUS"))
        config.sqliteSynchronousFull =
            qEnvironmentVariable("PARLEY_SQLITE_SYNCHRONOUS").toLower() == u"full";
    if (auto s = applyHardeningEnvironment(config); !s)
        return s;
    if (auto s = applyWebhookEnvironment(config); !s)
        return s;
    return applyOpsEnvironment(config);
}

// --config, else PARLEY_CONFIG (set but empty: no file), else the packaged file when it exists.
QString configFileFor(const QString &option)
{
    if (!option.isEmpty())
        return option;
    if (qEnvironmentVariableIsSet("PARLEY_CONFIG"))
        return qEnvironmentVariable("PARLEY_CONFIG");
    const QString packaged = QString::fromLatin1(kDefaultConfigFile);
    return QFileInfo(packaged).isReadable() ? packaged : QString();
}

} // namespace

Result<ServerConfig> loadFileAndEnvironment(const QString &configFile)
{
    ServerConfig config;
    config.configFile = configFile;
    if (!configFile.isEmpty()) {
        if (auto s = applyIni(config, configFile); !s)
            return s.error();
    }
    if (auto s = applyEnvironment(config); !s)
        return s.error();
    return config;
}

bool parseListen(const QString &text, QString *host, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0)
        return false;
    QString h = text.left(colon);
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    if (h.isEmpty())
        h = QStringLiteral("0.0.0.0");
    if (QHostAddress(h).isNull() && h != u"localhost")
        return false;
    *host = h == u"localhost" ? QStringLiteral("127.0.0.1") : h;
    *port = quint16(p);
    return true;
}

Result<ParsedCommandLine> parseCommandLine(const QStringList &arguments, bool *exitNow)
{
    *exitNow = false;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Parley chat server.\n\n"
                       "Admin subcommands (same --data-dir/--database/--config options):\n"
                       "  user add USERNAME --role customer|staff|admin [--display-name NAME]\n"
                       "      (the password is read from the first line of standard input)\n"
                       "  user list [--json]\n"
                       "  user set-role USERNAME ROLE\n"
                       "  user block USERNAME\n"
                       "  user unblock USERNAME\n"
                       "  backup --to FILE     copy the SQLite database, also while serving\n"
                       "  migrate              apply pending schema migrations and exit\n\n"
                       "Without --config or PARLEY_CONFIG, /etc/parley/server.conf is read when it "
                       "exists.\nSignals: SIGTERM/SIGINT drain and stop, SIGHUP reloads log_level, "
                       "ws_rate,\nws_burst and allowed_origins."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listen(
        QStringLiteral("listen"), QStringLiteral("Address to listen on (default 127.0.0.1:8080)."),
        QStringLiteral("HOST:PORT"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Data directory (default: XDG data location)."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database(
        QStringLiteral("database"),
        QStringLiteral("Database URL (default: SQLite in the data directory)."),
        QStringLiteral("URL"));
    const QCommandLineOption redis(
        QStringLiteral("redis"),
        QStringLiteral("Redis URL (redis://HOST:PORT): run as one node of a cluster."),
        QStringLiteral("URL"));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("INI settings file."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Seed demo accounts and rooms into an empty database."));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("Role (user add)."),
                                  QStringLiteral("ROLE"));
    const QCommandLineOption displayName(QStringLiteral("display-name"),
                                         QStringLiteral("Display name (user add)."),
                                         QStringLiteral("NAME"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("JSON output (user list)."));
    const QCommandLineOption tlsCert(
        QStringLiteral("tls-cert"),
        QStringLiteral("Serve https/wss with this PEM certificate (chain) file."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
                                    QStringLiteral("The PEM private key of --tls-cert."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption logFormat(
        QStringLiteral("log-format"),
        QStringLiteral("Log lines: auto (journal under systemd, else text), text, journal, json."),
        QStringLiteral("FORMAT"));
    const QCommandLineOption backupTo(QStringLiteral("to"),
                                      QStringLiteral("Backup file to write (backup)."),
                                      QStringLiteral("FILE"));
    parser.addOptions({listen, dataDir, database, redis, config, demo, role, displayName, json,
                       logFormat, backupTo, tlsCert, tlsKey});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("Optional admin subcommand (see above)."),
                                 QStringLiteral("[user ...|backup|migrate]"));

    if (!parser.parse(arguments))
        return Error::badRequest(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        *exitNow = true;
        return ParsedCommandLine{};
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("parley-server %s\n", PARLEY_VERSION);
        *exitNow = true;
        return ParsedCommandLine{};
    }

    ParsedCommandLine parsed;
    auto loaded = loadFileAndEnvironment(configFileFor(parser.value(config)));
    if (!loaded)
        return loaded.error();
    parsed.config = std::move(*loaded);
    ServerConfig &cfg = parsed.config;
    if (parser.isSet(listen)) {
        if (auto s = applyListen(cfg, parser.value(listen), QStringLiteral("--listen")); !s)
            return s.error();
    }
    if (parser.isSet(dataDir))
        cfg.dataDir = parser.value(dataDir);
    if (parser.isSet(database))
        cfg.databaseUrl = parser.value(database);
    if (parser.isSet(redis))
        cfg.redisUrl = parser.value(redis);
    if (parser.isSet(demo))
        cfg.demo = true;
    if (parser.isSet(tlsCert))
        cfg.tlsCertFile = parser.value(tlsCert);
    if (parser.isSet(tlsKey))
        cfg.tlsKeyFile = parser.value(tlsKey);
    if (auto s = checkHardening(cfg); !s)
        return s.error();
    if (parser.isSet(logFormat)) {
        cfg.logFormat = parser.value(logFormat);
        if (!logging::logFormatFromName(cfg.logFormat))
            return Error::badRequest(
                QStringLiteral("--log-format: '%1' is not auto, text, journal or json")
                    .arg(cfg.logFormat));
    }
    if (cfg.dataDir.isEmpty()) {
        cfg.dataDir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                      QStringLiteral("/parley");
    }
    if (cfg.maxUploadBytes < 1)
        return Error::badRequest(
            QStringLiteral("max_upload_bytes / PARLEY_MAX_UPLOAD must be a positive number"));
    parsed.positional = parser.positionalArguments();
    parsed.roleOption = parser.value(role);
    parsed.displayNameOption = parser.value(displayName);
    parsed.json = parser.isSet(json);
    parsed.backupTo = parser.value(backupTo);
    return parsed;
}

} // namespace parley::app
