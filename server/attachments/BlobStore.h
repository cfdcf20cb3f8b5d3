#pragma once

#include "protocol/Result.h"

#include <QString>

#include <memory>

QT_BEGIN_NAMESPACE
class QTemporaryFile;
QT_END_NAMESPACE

namespace parley::attachments {

// Upload bytes on disk, content-addressed under <data dir>/files:
//   blobs/<first 2 hex>/<sha256>   the files (identical uploads share one)
//   thumbs/<sha256>.jpg|.png        their thumbnails
//   tmp/                            uploads still arriving (cleared at start)
// Paths come from hex digests only, never from names a client sent.
class BlobStore
{
public:
    explicit BlobStore(const QString &dataDir);

    // Creates the directories and clears tmp/ (uploads a previous run left unfinished).
    Status init();
    // A new temporary file in tmp/, open for writing, removed when dropped unless committed.
    Result<std::unique_ptr<QTemporaryFile>> createTemp() const;
    // Moves a complete temporary file to its content address; when that exists already (the
    // same bytes were uploaded before) the temporary file is simply dropped.
    Status commit(QTemporaryFile &file, const QString &sha256) const;

    QString blobPath(const QString &sha256) const;
    // The thumbnail of a blob for this mime ("image/jpeg" or "image/png").
    QString thumbnailPath(const QString &sha256, const QString &mime) const;

private:
    QString m_root;
};

} // namespace parley::attachments
