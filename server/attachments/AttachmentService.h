#pragma once

#include "attachments/BlobStore.h"
#include "protocol/Result.h"
#include "protocol/User.h"
#include "storage/Storage.h"

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QTemporaryFile;
QT_END_NAMESPACE

namespace parley::http {
class BodyTaker;
struct RequestHead;
} // namespace parley::http
namespace parley::service {
class AuthService;
}

namespace parley::attachments {

struct AttachmentSettings
{
    QString dataDir;
    qint64 maxUploadBytes = 10 * 1024 * 1024;
};

// A complete upload, checked and hashed, waiting to be stored.
struct ReceivedUpload
{
    User uploader;
    std::unique_ptr<QTemporaryFile> file;
    QString sha256;
    QString name; // sanitized
    QString mime; // detected
    qint64 size = 0;
};

// A file a caller may download: its record and where its bytes are.
struct FileAccess
{
    storage::AttachmentRecord record;
    QString path;
    QString mime; // of what is at path (the thumbnail's own type for thumbnails)
    QString etag; // strong, from the content hash
};

// Uploads and downloads (PROTOCOL.md "Uploads", /api/chat/files/): receives upload bodies from
// the HTTP edge (UploadReceiver), stores them content-addressed (BlobStore), reads image
// dimensions and makes thumbnails on its own thread pool, and decides who may download what.
// Lives on the event-loop thread, like the storage it uses.
class AttachmentService : public QObject
{
public:
    AttachmentService(AttachmentSettings settings, storage::Storage &storage,
                      service::AuthService &auth);
    ~AttachmentService() override; // waits for image work still running

    Status init();
    qint64 maxUploadBytes() const { return m_settings.maxUploadBytes; }
    const BlobStore &blobs() const { return m_blobs; }
    service::AuthService &auth() { return m_auth; }

    // For EdgeLimits::bodyTakerFor: an UploadReceiver for POST /api/chat/uploads[/], else null.
    std::unique_ptr<http::BodyTaker> takerFor(const http::RequestHead &head);

    // Stores a received upload and answers with its record (images: after their dimensions are
    // read and their thumbnail made, off the event loop). `done` runs on this thread.
    void store(ReceivedUpload upload, std::function<void(Result<storage::AttachmentRecord>)> done);

    // The file, or its thumbnail, if `actor` may see it; NotFound otherwise (never 403: no leak).
    Result<FileAccess> file(const User &actor, const QString &id);
    Result<FileAccess> thumbnail(const User &actor, const QString &id);

private:
    Result<storage::AttachmentRecord> visibleRecord(const User &actor, const QString &id);

    AttachmentSettings m_settings;
    storage::Storage &m_storage;
    service::AuthService &m_auth;
    BlobStore m_blobs;
    QThreadPool m_imagePool; // one thread: bounds the memory decoding can take
};

} // namespace parley::attachments
