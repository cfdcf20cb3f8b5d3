#include "TestDatabase.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace parley::test {

namespace {

QAtomicInt connectionCounter;
QAtomicInt databaseCounter;

// Runs one statement on the server's maintenance database `postgres` over a short-lived
// connection. Empty on success, else the error.
QString runOnServer(const QString &serverUrl, const QString &statement, QVariant *value = nullptr)
{
    const QUrl url(serverUrl);
    const QString connection =
        u"parley-test-admin-%1"_s.arg(connectionCounter.fetchAndAddRelaxed(1));
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connection);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setDatabaseName(u"postgres"_s);
        if (!db.open()) {
            error = u"cannot connect to %1:%2: %3"_s.arg(url.host())
                        .arg(url.port(5432))
                        .arg(db.lastError().text());
        } else {
            QSqlQuery query(db);
            if (!query.exec(statement))
                error = u"%1: %2"_s.arg(statement, query.lastError().text());
            else if (value && query.next())
                *value = query.value(0);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return error;
}

} // namespace

bool TestDatabase::postgresConfigured()
{
    return !qEnvironmentVariableIsEmpty("PARLEY_TEST_POSTGRES") ||
           !qEnvironmentVariableIsEmpty("PARLEY_TEST_POSTGRES_FILE");
}

QString TestDatabase::postgresServerUrl(QString *error)
{
    QString url = qEnvironmentVariable("PARLEY_TEST_POSTGRES");
    if (url.isEmpty()) {
        const QString path = qEnvironmentVariable("PARLEY_TEST_POSTGRES_FILE");
        if (path.isEmpty())
            return {};
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = u"PARLEY_TEST_POSTGRES_FILE=%1: %2 (did the postgres fixture, "
                     "scripts/test-services/postgres start, run?)"_s.arg(path, file.errorString());
            return {};
        }
        url = QString::fromUtf8(file.readAll()).trimmed();
    }
    if (!url.startsWith("postgresql://"_L1) && !url.startsWith("postgres://"_L1)) {
        *error =
            u"the test PostgreSQL URL '%1' is not postgresql://user:password@host:port"_s.arg(url);
        return {};
    }
    if (url.endsWith(u'/'))
        url.chop(1);
    return url;
}

std::shared_ptr<TestDatabase> TestDatabase::create(QString *error)
{
    std::shared_ptr<TestDatabase> db(new TestDatabase);
    if (!postgresConfigured()) {
        db->m_sqliteDir = std::make_unique<QTemporaryDir>();
        if (!db->m_sqliteDir->isValid()) {
            *error =
                u"cannot create a temporary directory: %1"_s.arg(db->m_sqliteDir->errorString());
            return {};
        }
        db->m_url = u"sqlite://"_s + db->m_sqliteDir->filePath(u"parley.db"_s);
        return db;
    }

    const QString serverUrl = postgresServerUrl(error);
    if (serverUrl.isEmpty())
        return {};
    // Unique across the test processes that share the server: pid, a counter and a random tag.
    const QString name =
        u"parley_test_%1_%2_%3"_s.arg(QCoreApplication::applicationPid())
            .arg(databaseCounter.fetchAndAddRelaxed(1))
            .arg(QRandomGenerator::global()->generate() & 0xffffff, 6, 16, QLatin1Char('0'));
    if (const QString failed = runOnServer(serverUrl, u"CREATE DATABASE "_s + name);
        !failed.isEmpty()) {
        *error = u"cannot create the test database: "_s + failed;
        return {};
    }
    db->m_name = name;
    db->m_serverUrl = serverUrl;
    db->m_url = serverUrl + u'/' + name;
    return db;
}

std::shared_ptr<TestDatabase> TestDatabase::existing(const QString &url)
{
    std::shared_ptr<TestDatabase> db(new TestDatabase);
    db->m_url = url;
    return db;
}

QString TestDatabase::runAsAdmin(const QString &statement, QVariant *value) const
{
    if (m_name.isEmpty())
        return u"not a PostgreSQL database made by TestDatabase::create()"_s;
    return runOnServer(m_serverUrl, statement, value);
}

TestDatabase::~TestDatabase()
{
    if (m_name.isEmpty())
        return;
    // FORCE: a server killed with SIGKILL may leave its backend behind for a moment.
    const QString failed =
        runOnServer(m_serverUrl, u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_name));
    if (!failed.isEmpty())
        std::fprintf(stderr, "could not drop the test database: %s\n", qPrintable(failed));
}

} // namespace parley::test
