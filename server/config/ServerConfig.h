#pragma once

#include "config/WebhookConfig.h"
#include "protocol/Result.h"

#include <QString>
#include <QStringList>

namespace parley::app {

// Every setting of parley-server. Sources, lowest priority first: defaults, the INI file
// (--config / PARLEY_CONFIG), PARLEY_* environment variables, then the command line.
struct ServerConfig
{
    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = 8080;
    QString dataDir;            // default: the XDG data location (~/.local/share/parley)
    QString databaseUrl;        // default: SQLite in dataDir
    QString redisUrl;           // redis://host:port: several nodes share events over Redis
    int nodeHeartbeatMs = 2000; // cluster liveness: a node silent 3 beats is declared dead
    QString configFile;
    bool demo = false;
    QByteArray jwtSecret; // PARLEY_JWT_SECRET; else a generated file in dataDir
    bool sqliteSynchronousFull = false;
    int sqliteCheckpointPages = 1000; // WAL pages that start a background checkpoint; 0: inline
    int sqliteCacheMiB = 64;          // the connection's page cache
    int sqliteMmapMiB = 1024;         // the database file read through mmap; 0: off
    qint64 maxBodyBytes = 1 << 20;
    qint64 maxUploadBytes = 10 * 1024 * 1024; // one uploaded file (PARLEY_MAX_UPLOAD)
    int idleTimeoutS = 60;
    int hashThreads = 2;
    // WebSockets
    int heartbeatS = 30;
    double wsRatePerS = 50; // frames per second per connection; 0 turns the limit off
    double wsRateBurst = 100;
    QStringList allowedOrigins; // empty: any
    bool groupCommit = true;    // PARLEY_GROUP_COMMIT=0 stores each WebSocket send on its own
    // PARLEY_RAW_WEBSOCKETS=0 carries plain-TCP WebSockets on QWebSocket again (as TLS ones
    // always are) instead of the server's own RFC 6455 layer (server/websocket/).
    bool rawWebSockets = true;
    // Support desk: auto_assign / PARLEY_AUTO_ASSIGN, assign_capacity / PARLEY_ASSIGN_CAPACITY.
    // Defaults until an admin changes them (PATCH /api/admin/desk/).
    bool autoAssign = false;
    int assignCapacity = 5;

    // --- Hardening (issue 7): edge limits, TLS, rate limits. See docs/SECURITY.md. ---
    // INI keys in [server] and PARLEY_* variables are named after the fields (snake case).
    QString tlsCertFile;           // --tls-cert / tls_cert / PARLEY_TLS_CERT (PEM, chain)
    QString tlsKeyFile;            // --tls-key / tls_key / PARLEY_TLS_KEY (PEM, unencrypted)
    int maxConnectionsPerIp = 256; // 0: no cap
    int maxHeaderBytes = 16 * 1024;
    int maxUrlBytes = 8 * 1024;
    int requestTimeoutS = 30;
    int loginFailuresPerUser = 10; // failed logins per username per login window; 0: no limit
    int loginFailuresPerIp = 50;   // failed logins per client address per login window
    int loginWindowS = 300;
    double writeRatePerS = 20; // REST writes per user per second; 0: no limit
    double writeBurst = 100;
    // --- end of hardening settings ---
    // Operations (OpsConfig.cpp): logs and shutdown.
    QString logLevel = QStringLiteral("info");  // log_level, PARLEY_LOG_LEVEL (SIGHUP reloads)
    QString logFormat = QStringLiteral("auto"); // log_format, PARLEY_LOG_FORMAT, --log-format
    int shutdownTimeoutS = 10; // shutdown_timeout_s, PARLEY_SHUTDOWN_TIMEOUT_S: drain at most this
    WebhookConfig webhooks;    // PARLEY_WEBHOOK_* (WebhookConfig.cpp)
};

// WebhookConfig.cpp: the PARLEY_WEBHOOK_* variables.
Status applyWebhookEnvironment(ServerConfig &config);

struct ParsedCommandLine
{
    ServerConfig config;
    QStringList positional; // a subcommand and its arguments ("user add alice")
    QString roleOption;     // --role (user add)
    QString displayNameOption;
    bool json = false; // --json (user list)
    QString backupTo;  // --to FILE (backup)
};

// Parses argv (with the subcommand options). Errors are usage errors (exit code 2).
// --help and --version print and set `exitNow`.
Result<ParsedCommandLine> parseCommandLine(const QStringList &arguments, bool *exitNow);

// The settings file and environment alone (no command line), as SIGHUP re-reads them.
Result<ServerConfig> loadFileAndEnvironment(const QString &configFile);

// The packaged settings file, read when neither --config nor PARLEY_CONFIG is given and it exists.
inline constexpr char kDefaultConfigFile[] = "/etc/parley/server.conf";

// "HOST:PORT", "[::1]:PORT" or ":PORT"
bool parseListen(const QString &text, QString *host, quint16 *port);

} // namespace parley::app
