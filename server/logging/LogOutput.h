#pragma once

#include <QString>

#include <optional>

namespace parley::logging {

// Where the server's log lines go (stderr) and how they look.
enum class LogFormat {
    Text,    // "2026-11-21T15:14:55.123Z info parley.http: ..." for a terminal or a file
    Journal, // "<6>parley.http: ..." : journald adds the time, the prefix is the syslog priority
    Json,    // one JSON object per line: {"time","level","category","message"}
};

// "text", "journal", "json" or "auto" (nullopt: unknown). Auto means journal when stderr is the
// journal stream systemd hands a service (JOURNAL_STREAM names its device and inode), else text.
std::optional<LogFormat> logFormatFromName(const QString &name);
LogFormat resolveAutoFormat();

// The QLoggingCategory rules for a level name: "debug", "info", "warning" or "critical" (the
// least severe level the parley.* categories log). nullopt: unknown name.
std::optional<QString> logRulesForLevel(const QString &level);

// Installs the message handler for `format` (once, at start).
void installLogOutput(LogFormat format);
// Applies a level name (checked beforehand: unknown names are ignored). Called at start and on
// SIGHUP. QT_LOGGING_RULES, when set, still has the last word.
void applyLogLevel(const QString &level);

// One formatted line (without the newline), for tests and the handler.
QByteArray formatLogLine(LogFormat format, QtMsgType type, const char *category,
                         const QString &message, qint64 msecsSinceEpoch);

} // namespace parley::logging
