#include "auth/Secrets.h"

#include "auth/Sodium.h"
#include "logging/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStringList>

#include <sodium.h>
#include <sys/stat.h>

namespace parley::auth {

namespace {

constexpr qsizetype NewSecretBytes = 48;
constexpr qint64 MaxSecretFileSize = 64 * 1024;
constexpr QFileDevice::Permissions OwnerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OwnerOnlyDir = OwnerOnlyFile | QFileDevice::ExeOwner;

std::optional<QByteArray> fail(QString *error, const QString &message)
{
    qCWarning(lcAuth).noquote() << message;
    if (error)
        *error = message;
    return std::nullopt;
}

void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        sodium_memzero(bytes.data(), static_cast<size_t>(bytes.size()));
}

// QSaveFile creates a new file's temporary with mode 0666 & ~umask, which the rename keeps. Where
// it cannot use an unnamed temporary (O_TMPFILE), someone could open it before a later chmod and
// read the secret once written. A umask of 077 makes it 0600 from the start (0600 whatever the
// previous umask, which the tests rely on). The umask is process-wide: other threads creating
// files meanwhile get private files too, which is harmless.
class PrivateUmask
{
public:
    PrivateUmask()
        : m_previous(::umask(077))
    {}
    ~PrivateUmask() { ::umask(m_previous); }
    PrivateUmask(const PrivateUmask &) = delete;
    PrivateUmask &operator=(const PrivateUmask &) = delete;

private:
    mode_t m_previous;
};

// Creates the missing directories of `dirPath`, each with mode 0700.
bool makePrivateDirs(const QString &dirPath, QString *error)
{
    QStringList missing;
    QString current = QDir::cleanPath(QFileInfo(dirPath).absoluteFilePath());
    while (!QFileInfo::exists(current)) {
        missing.prepend(current);
        const QString parent = QFileInfo(current).path();
        if (parent == current)
            break;
        current = parent;
    }
    for (const QString &dir : std::as_const(missing)) {
        if (!QDir().mkdir(dir, OwnerOnlyDir) && !QFileInfo(dir).isDir()) {
            fail(error, QStringLiteral("Cannot create directory %1").arg(dir));
            return false;
        }
    }
    return true;
}

std::optional<QByteArray> loadSecret(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(error,
                    QStringLiteral("Cannot read secret file %1: %2").arg(path, file.errorString()));

    // Checked on the open descriptor, so the file checked is the file read.
    struct stat info;
    if (::fstat(file.handle(), &info) != 0 || !S_ISREG(info.st_mode))
        return fail(error, QStringLiteral("Secret file %1 is not a regular file").arg(path));
    if ((info.st_mode & 077) != 0) {
        if (::fchmod(file.handle(), 0600) != 0)
            return fail(error, QStringLiteral("Secret file %1 is readable by other users and its "
                                              "mode cannot be changed to 0600")
                                   .arg(path));
        qCWarning(lcAuth).noquote()
            << QStringLiteral("Secret file %1 had mode %2, accessible to other users: changed to "
                              "0600. Consider replacing the secret.")
                   .arg(path, QString::number(info.st_mode & 0777, 8));
    }
    if (info.st_size > MaxSecretFileSize)
        return fail(error, QStringLiteral("Secret file %1 is too large").arg(path));

    QByteArray text = file.read(MaxSecretFileSize + 1);
    QByteArray trimmed = QByteArrayView(text).trimmed().toByteArray();
    wipe(text);
    auto decoded = QByteArray::fromBase64Encoding(
        trimmed, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    wipe(trimmed);
    if (!decoded)
        return fail(error, QStringLiteral("Secret file %1 does not hold base64 text").arg(path));
    if (decoded.decoded.size() < MinSecretBytes) {
        wipe(decoded.decoded);
        return fail(error,
                    QStringLiteral("Secret in %1 is too short (%2 bytes, at least %3 needed)")
                        .arg(path)
                        .arg(decoded.decoded.size())
                        .arg(MinSecretBytes));
    }
    return std::move(decoded.decoded);
}

std::optional<QByteArray> createSecret(const QString &path, QString *error)
{
    if (!makePrivateDirs(QFileInfo(path).absolutePath(), error))
        return std::nullopt;

    QByteArray secret(NewSecretBytes, Qt::Uninitialized);
    randombytes_buf(secret.data(), static_cast<size_t>(secret.size()));
    QByteArray text = secret.toBase64() + '\n';

    QSaveFile file(path);
    bool opened = false;
    {
        const PrivateUmask umask;
        opened = file.open(QIODevice::WriteOnly);
    }
    const bool written = opened && file.write(text) == text.size() && file.commit();
    wipe(text);
    if (!written) {
        wipe(secret);
        return fail(
            error, QStringLiteral("Cannot write secret file %1: %2").arg(path, file.errorString()));
    }
    qCInfo(lcAuth).noquote() << QStringLiteral("Created a new secret in %1").arg(path);
    return secret;
}

} // namespace

std::optional<QByteArray> loadOrCreateSecret(const QString &path, QString *error)
{
    ensureSodium();
    if (path.isEmpty())
        return fail(error, QStringLiteral("No secret file path given"));
    if (QFileInfo::exists(path))
        return loadSecret(path, error);
    return createSecret(path, error);
}

QByteArray secretFromEnvironment(const char *var)
{
    if (!var)
        return {};
    return qgetenv(var);
}

} // namespace parley::auth
