#pragma once

#include <QString>
#include <QTemporaryDir>
#include <QVariant>

#include <memory>

namespace parley::test {

// The database behind one or more TestServers (`--database URL`).
//
// With a PostgreSQL server configured for tests, create() makes a fresh database on it (a unique
// name, dropped again when the last owner lets go); several TestServers given the same
// TestDatabase share it, as the nodes of a cluster do. The server is named by
//   PARLEY_TEST_POSTGRES=postgresql://user:password@127.0.0.1:PORT   (no database name), or
//   PARLEY_TEST_POSTGRES_FILE=<file holding that URL>  (set by CTest for the *_pg suites; the
//                                                      file is written by the postgres fixture,
//                                                      scripts/test-services/postgres)
// Without one, create() makes an SQLite file in a temporary directory.
class TestDatabase
{
public:
    ~TestDatabase();
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    // Null on failure, with the reason in *error.
    static std::shared_ptr<TestDatabase> create(QString *error);
    // An existing database this object does not own (never dropped).
    static std::shared_ptr<TestDatabase> existing(const QString &url);

    // True when PARLEY_TEST_POSTGRES or PARLEY_TEST_POSTGRES_FILE is set.
    static bool postgresConfigured();
    // The configured server's URL without a database name; empty with *error set when the
    // variable is set but unusable (file missing or empty).
    static QString postgresServerUrl(QString *error);

    QString url() const { return m_url; }
    bool isPostgres() const { return m_url.startsWith(QLatin1StringView("postgres")); }
    // The name of the PostgreSQL database create() made (empty otherwise).
    QString name() const { return m_name; }

    // PostgreSQL made by create(): runs `statement` as the test superuser on the server's
    // `postgres` database (to watch or disturb the server's sessions); the first column of the
    // first row, if any, goes to *value. Empty on success, else the error.
    QString runAsAdmin(const QString &statement, QVariant *value = nullptr) const;

private:
    TestDatabase() = default;

    QString m_url;
    QString m_name;      // PostgreSQL: dropped in the destructor
    QString m_serverUrl; // PostgreSQL: where it lives
    std::unique_ptr<QTemporaryDir> m_sqliteDir;
};

} // namespace parley::test
