#include "session/TokenStore.h"

#include "state/ClientLogging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
bool keychainDisabledByEnv()
{
    return qEnvironmentVariable("PARLEY_KEYCHAIN").compare(u"off"_s, Qt::CaseInsensitive) == 0;
}

// Errors that say "there is no usable keychain here", as opposed to "no such entry".
bool isBackendFailure(QKeychain::Error error)
{
    return error != QKeychain::NoError && error != QKeychain::EntryNotFound;
}
} // namespace

TokenStore::TokenStore(const QString &service, const QString &fallbackDir, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_fallbackDir(fallbackDir)
{
    if (keychainDisabledByEnv())
        m_backend = Backend::File;
}

QString TokenStore::backendName() const
{
    switch (m_backend) {
    case Backend::Keychain:
        return u"keychain"_s;
    case Backend::File:
        return u"file"_s;
    case Backend::Undecided:
        break;
    }
    return {};
}

QString TokenStore::fallbackPath(const QString &key) const
{
    const auto hash =
        QCryptographicHash::hash((m_service + u'\n' + key).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(32);
    return QDir(m_fallbackDir).filePath(u"secrets/"_s + QString::fromLatin1(hash));
}

void TokenStore::fallBack(const QString &why)
{
    if (m_backend != Backend::File)
        qCInfo(lcClientSession) << "No keychain available (" << why
                                << "): keeping secrets in a file readable by this user only";
    m_backend = Backend::File;
}

Status TokenStore::writeFile(const QString &key, const QString &secret) const
{
    const QString path = fallbackPath(key);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error::internal(u"Cannot create %1"_s.arg(QFileInfo(path).absolutePath()));
    QFile::setPermissions(QFileInfo(path).absolutePath(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::internal(file.errorString());
    // Owner-only before the secret is written (QSaveFile writes a temporary file first).
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    file.write(secret.toUtf8());
    if (!file.commit())
        return Error::internal(file.errorString());
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return Status::success();
}

Result<QString> TokenStore::readFile(const QString &key) const
{
    QFile file(fallbackPath(key));
    if (!file.exists())
        return QString();
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(file.errorString());
    return QString::fromUtf8(file.readAll());
}

Status TokenStore::removeFile(const QString &key) const
{
    QFile file(fallbackPath(key));
    if (file.exists() && !file.remove())
        return Error::internal(file.errorString());
    return Status::success();
}

void TokenStore::write(const QString &key, const QString &secret, std::function<void(Status)> done)
{
    if (useFile())
        return done(writeFile(key, secret));
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key, secret, done](QKeychain::Job *j) {
        if (isBackendFailure(j->error())) {
            fallBack(j->errorString());
            return done(writeFile(key, secret));
        }
        m_backend = Backend::Keychain;
        if (Status removed = removeFile(key);
            !removed) // a secret left from a time without keychain
            qCWarning(lcClientSession) << "Could not remove" << fallbackPath(key);
        done(Status::success());
    });
    job->start();
}

void TokenStore::read(const QString &key, std::function<void(Result<QString>)> done)
{
    if (useFile())
        return done(readFile(key));
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key, done](QKeychain::Job *j) {
        if (isBackendFailure(j->error())) {
            fallBack(j->errorString());
            return done(readFile(key));
        }
        m_backend = Backend::Keychain;
        if (j->error() == QKeychain::EntryNotFound)
            return done(readFile(key)); // written while no keychain was available
        done(static_cast<QKeychain::ReadPasswordJob *>(j)->textData());
    });
    job->start();
}

void TokenStore::remove(const QString &key, std::function<void(Status)> done)
{
    const Status fileRemoved = removeFile(key);
    if (useFile())
        return done(fileRemoved);
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, done](QKeychain::Job *j) {
        if (isBackendFailure(j->error()))
            fallBack(j->errorString());
        done(Status::success());
    });
    job->start();
}

} // namespace parley::client
