#include "RedisService.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace parley::test {

namespace {

QString readUrl(const QString &dir)
{
    QFile file(QDir(dir).filePath(u"redis.url"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

} // namespace

RedisService::~RedisService()
{
    stop();
}

QString RedisService::fixtureUrl()
{
    return readUrl(qEnvironmentVariable("PARLEY_TEST_REDIS_DIR"));
}

bool RedisService::run(const QStringList &args)
{
    const QString script = qEnvironmentVariable("PARLEY_TEST_SERVICES") + u"/redis"_s;
    QProcess process;
    process.start(script, args);
    if (!process.waitForFinished(20000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        m_error = u"%1 %2 failed: %3 %4"_s.arg(script, args.join(u' '),
                                               QString::fromUtf8(process.readAllStandardError()),
                                               process.errorString());
        return false;
    }
    return true;
}

bool RedisService::start()
{
    QStringList args{u"start"_s, m_dir.path()};
    if (!m_port.isEmpty())
        args.append(m_port);
    if (!run(args))
        return false;
    m_url = readUrl(m_dir.path());
    m_port = QString::number(QUrl(m_url).port());
    m_running = true;
    return true;
}

void RedisService::stop()
{
    if (m_running)
        run({u"stop"_s, m_dir.path()});
    m_running = false;
}

} // namespace parley::test
