#include "SqliteFile.h"

#include <QSqlError>
#include <QUuid>

namespace parley::test {

QString onSqliteFile(const QString &path, const std::function<void(QSqlDatabase &)> &work)
{
    QString error;
    const QString name = QStringLiteral("file-%1").arg(QUuid::createUuid().toString());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open())
            work(db);
        else
            error = db.lastError().text();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace parley::test
