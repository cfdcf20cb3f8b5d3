#include "attachments/AttachmentService.h"

#include "attachments/FileTypes.h"
#include "attachments/ImageProcessor.h"
#include "attachments/UploadReceiver.h"
#include "http/RequestFramer.h"
#include "logging/Logging.h"
#include "protocol/Time.h"
#include "protocol/Validation.h"

#include <QPointer>
#include <QTemporaryFile>
#include <QUuid>

namespace parley::attachments {

AttachmentService::AttachmentService(AttachmentSettings settings, storage::Storage &storage,
                                     service::AuthService &auth)
    : m_settings(std::move(settings))
    , m_storage(storage)
    , m_auth(auth)
    , m_blobs(m_settings.dataDir)
{
    m_imagePool.setMaxThreadCount(1);
}

AttachmentService::~AttachmentService()
{
    m_imagePool.waitForDone();
}

Status AttachmentService::init()
{
    return m_blobs.init();
}

std::unique_ptr<http::BodyTaker> AttachmentService::takerFor(const http::RequestHead &head)
{
    if (head.method != "POST" ||
        (head.path != "/api/chat/uploads" && head.path != "/api/chat/uploads/"))
        return nullptr;
    return std::make_unique<UploadReceiver>(*this);
}

void AttachmentService::store(ReceivedUpload upload,
                              std::function<void(Result<storage::AttachmentRecord>)> done)
{
    if (auto committed = m_blobs.commit(*upload.file, upload.sha256); !committed)
        return done(committed.error());
    upload.file.reset();

    auto record = std::make_shared<storage::AttachmentRecord>();
    record->id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record->uploaderId = upload.uploader.id;
    record->sha256 = upload.sha256;
    record->name = upload.name;
    record->mime = upload.mime;
    record->size = upload.size;
    record->createdAtMs = nowMs();

    auto insert = [this, record, done = std::move(done)] {
        if (auto inserted = m_storage.attachments().insert(*record); !inserted)
            return done(inserted.error());
        qCInfo(lcChat).noquote() << "upload" << record->id << record->mime << record->size
                                 << "bytes";
        done(*record);
    };
    if (!isImageType(record->mime))
        return insert();

    const QString path = m_blobs.blobPath(record->sha256);
    const BlobStore blobs = m_blobs;
    const QString sha = record->sha256;
    QPointer<AttachmentService> self(this);
    m_imagePool.start([self, record, path, blobs, sha, insert = std::move(insert)]() mutable {
        const ImageInfo info = inspectImage(
            path, [&blobs, &sha](const QString &mime) { return blobs.thumbnailPath(sha, mime); });
        if (info.size) {
            record->width = info.size->width();
            record->height = info.size->height();
        }
        record->thumbnailMime = info.thumbnailMime;
        // The destructor waits for this job, so self is alive when the call is queued.
        QMetaObject::invokeMethod(self.data(), std::move(insert), Qt::QueuedConnection);
    });
}

Result<storage::AttachmentRecord> AttachmentService::visibleRecord(const User &actor,
                                                                   const QString &id)
{
    const Error notFound = Error::notFound(QStringLiteral("No such file"));
    if (!validation::isUuid(id))
        return notFound;
    auto visible = m_storage.attachments().visibleTo(id, actor.id, isStaff(actor.role));
    if (!visible)
        return visible.error();
    if (!*visible)
        return notFound;
    return m_storage.attachments().byId(id);
}

Result<FileAccess> AttachmentService::file(const User &actor, const QString &id)
{
    auto record = visibleRecord(actor, id);
    if (!record)
        return record.error();
    return FileAccess{*record, m_blobs.blobPath(record->sha256), record->mime,
                      u'"' + record->sha256 + u'"'};
}

Result<FileAccess> AttachmentService::thumbnail(const User &actor, const QString &id)
{
    auto record = visibleRecord(actor, id);
    if (!record)
        return record.error();
    if (record->thumbnailMime.isEmpty())
        return Error::notFound(QStringLiteral("This file has no thumbnail"));
    return FileAccess{*record, m_blobs.thumbnailPath(record->sha256, record->thumbnailMime),
                      record->thumbnailMime,
                      QStringLiteral("\"%1-t%2\"").arg(record->sha256).arg(kThumbnailSide)};
}

} // namespace parley::attachments
