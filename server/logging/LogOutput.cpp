#include "logging/LogOutput.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cstdio>
#include <sys/stat.h>

namespace parley::logging {
namespace {

LogFormat g_format = LogFormat::Text;

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

// syslog priorities, as journald reads them from a "<N>" line prefix.
int syslogPriority(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 7; // LOG_DEBUG
    case QtInfoMsg:
        return 6; // LOG_INFO
    case QtWarningMsg:
        return 4; // LOG_WARNING
    case QtCriticalMsg:
        return 3; // LOG_ERR
    case QtFatalMsg:
        return 2; // LOG_CRIT
    }
    return 6;
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    QByteArray line = formatLogLine(g_format, type, context.category, message,
                                    QDateTime::currentMSecsSinceEpoch());
    line += '\n';
    // One write per line: lines from several threads do not interleave.
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

std::optional<LogFormat> logFormatFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"text")
        return LogFormat::Text;
    if (n == u"journal")
        return LogFormat::Journal;
    if (n == u"json")
        return LogFormat::Json;
    if (n == u"auto" || n.isEmpty())
        return resolveAutoFormat();
    return std::nullopt;
}

LogFormat resolveAutoFormat()
{
    // systemd sets JOURNAL_STREAM=DEVICE:INODE for a service whose stderr is the journal; a child
    // that redirected stderr elsewhere inherits the variable, hence the comparison.
    const QByteArray stream = qgetenv("JOURNAL_STREAM");
    const qsizetype colon = stream.indexOf(':');
    struct stat st = {};
    if (colon <= 0 || ::fstat(2, &st) != 0)
        return LogFormat::Text;
    bool devOk = false;
    bool inoOk = false;
    const qulonglong dev = stream.left(colon).toULongLong(&devOk);
    const qulonglong ino = stream.mid(colon + 1).toULongLong(&inoOk);
    return devOk && inoOk && dev == qulonglong(st.st_dev) && ino == qulonglong(st.st_ino)
               ? LogFormat::Journal
               : LogFormat::Text;
}

std::optional<QString> logRulesForLevel(const QString &level)
{
    const QString l = level.trimmed().toLower();
    if (l == u"debug")
        return QStringLiteral("parley.*.debug=true\nparley.*.info=true\nparley.*.warning=true");
    if (l == u"info" || l.isEmpty())
        return QStringLiteral("parley.*.debug=false\nparley.*.info=true\nparley.*.warning=true");
    if (l == u"warning")
        return QStringLiteral("parley.*.debug=false\nparley.*.info=false\nparley.*.warning=true");
    if (l == u"critical" || l == u"error")
        return QStringLiteral("parley.*.debug=false\nparley.*.info=false\nparley.*.warning=false");
    return std::nullopt;
}

QByteArray formatLogLine(LogFormat format, QtMsgType type, const char *category,
                         const QString &message, qint64 msecsSinceEpoch)
{
    const QByteArray cat = category && *category ? QByteArray(category) : QByteArray("default");
    switch (format) {
    case LogFormat::Journal: {
        // Continuation lines would lose the priority: keep one entry per message.
        QByteArray text = message.toUtf8();
        text.replace('\n', ' ');
        return '<' + QByteArray::number(syslogPriority(type)) + '>' + cat + ": " + text;
    }
    case LogFormat::Json: {
        const QJsonObject line{
            {QStringLiteral("time"),
             QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("level"), QString::fromLatin1(levelName(type))},
            {QStringLiteral("category"), QString::fromUtf8(cat)},
            {QStringLiteral("message"), message}};
        return QJsonDocument(line).toJson(QJsonDocument::Compact);
    }
    case LogFormat::Text:
        break;
    }
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC)
               .toString(Qt::ISODateWithMs)
               .toUtf8() +
           ' ' + levelName(type) + ' ' + cat + ": " + message.toUtf8();
}

void installLogOutput(LogFormat format)
{
    g_format = format;
    qInstallMessageHandler(handler);
}

void applyLogLevel(const QString &level)
{
    if (const auto rules = logRulesForLevel(level))
        QLoggingCategory::setFilterRules(*rules);
}

} // namespace parley::logging
