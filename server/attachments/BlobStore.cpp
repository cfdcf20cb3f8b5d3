#include "attachments/BlobStore.h"

#include "logging/Logging.h"

#include <QDir>
#include <QFile>
#include <QTemporaryFile>

namespace parley::attachments {

BlobStore::BlobStore(const QString &dataDir)
    : m_root(QDir(dataDir).filePath(QStringLiteral("files")))
{}

Status BlobStore::init()
{
    QDir root(m_root);
    for (const QString &dir :
         {QStringLiteral("blobs"), QStringLiteral("thumbs"), QStringLiteral("tmp")}) {
        if (!root.mkpath(dir))
            return Error::internal(QStringLiteral("Cannot create %1").arg(root.filePath(dir)));
    }
    QDir tmp(root.filePath(QStringLiteral("tmp")));
    const QStringList leftovers = tmp.entryList(QDir::Files | QDir::Hidden);
    for (const QString &name : leftovers)
        tmp.remove(name);
    return {};
}

Result<std::unique_ptr<QTemporaryFile>> BlobStore::createTemp() const
{
    auto file = std::make_unique<QTemporaryFile>(
        QDir(m_root).filePath(QStringLiteral("tmp/upload-XXXXXX")));
    if (!file->open()) {
        qCWarning(lcStorage) << "cannot create an upload file:" << file->errorString();
        return Error::internal(QStringLiteral("Cannot store the upload"));
    }
    return file;
}

QString BlobStore::blobPath(const QString &sha256) const
{
    return QDir(m_root).filePath(QStringLiteral("blobs/%1/%2").arg(sha256.left(2), sha256));
}

QString BlobStore::thumbnailPath(const QString &sha256, const QString &mime) const
{
    const QString ext = mime == u"image/png" ? QStringLiteral("png") : QStringLiteral("jpg");
    return QDir(m_root).filePath(QStringLiteral("thumbs/%1.%2").arg(sha256, ext));
}

Status BlobStore::commit(QTemporaryFile &file, const QString &sha256) const
{
    const QString target = blobPath(sha256);
    if (QFile::exists(target))
        return {}; // deduplicated: the temporary file goes away with its object
    if (!QDir(m_root).mkpath(QStringLiteral("blobs/") + sha256.left(2)))
        return Error::internal(QStringLiteral("Cannot store the upload"));
    file.close();
    if (!file.rename(target)) {
        if (QFile::exists(target))
            return {}; // the same bytes landed at the same moment
        qCWarning(lcStorage) << "cannot move an upload to" << target << file.errorString();
        return Error::internal(QStringLiteral("Cannot store the upload"));
    }
    file.setAutoRemove(false);
    QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    return {};
}

} // namespace parley::attachments
