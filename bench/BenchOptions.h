#pragma once

#include "HttpChannel.h"
#include "Target.h"

#include <QCommandLineParser>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace parley::bench {

// Exit codes of every scenario.
enum ExitCode : int {
    ExitOk = 0,
    ExitFailed = 1, // an unexpected HTTP answer or a failed verification
    ExitUsage = 2,
    ExitTimeLimit = 3, // --duration-limit reached before the planned requests were made
};

// Options every scenario shares: where, who, how hard, how long.
struct CommonOptions
{
    Target target;
    bool json = false;
    int durationLimitS = 120;
    QString adminUser;
    QString adminPassword;
    int users = 10;
    int concurrency = 16;
    int warmup = 200;
    quint32 seed = 1;
    qint64 serverPid = 0;
    QString client; // "raw" or "qnam"
    int requestTimeoutMs = 30000;
};

void addCommonOptions(QCommandLineParser &parser);
std::optional<CommonOptions> readCommonOptions(const QCommandLineParser &parser, QString *error);

// Reads a whole number in [min, max] from option `name`.
std::optional<qint64> intOption(const QCommandLineParser &parser, const QString &name, qint64 min,
                                qint64 max, QString *error);

// `count` channels of the kind --client asks for, each one connection to the target.
std::vector<std::unique_ptr<HttpChannel>> makeChannels(const CommonOptions &options, int count);

} // namespace parley::bench
