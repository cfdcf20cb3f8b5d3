#include "attachments/ImageProcessor.h"

#include "logging/Logging.h"

#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QSaveFile>

namespace parley::attachments {
namespace {

// A thumbnail made by an earlier upload of the same bytes.
QString existingThumbnail(const std::function<QString(const QString &)> &pathFor)
{
    for (const QString &mime : {QStringLiteral("image/jpeg"), QStringLiteral("image/png")}) {
        if (QFile::exists(pathFor(mime)))
            return mime;
    }
    return {};
}

} // namespace

ImageInfo inspectImage(const QString &path,
                       const std::function<QString(const QString &mime)> &thumbnailPathFor)
{
    ImageInfo info;
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size(); // the header only
    if (!size.isValid() || size.isEmpty())
        return info;
    info.size = size;
    if (qint64(size.width()) * size.height() > kMaxDecodePixels) {
        qCInfo(lcStorage) << "no thumbnail for a" << size << "image: above the pixel cap";
        return info;
    }
    info.thumbnailMime = existingThumbnail(thumbnailPathFor);
    if (!info.thumbnailMime.isEmpty())
        return info;

    const QSize target = size.width() <= kThumbnailSide && size.height() <= kThumbnailSide
                             ? size
                             : size.scaled(kThumbnailSide, kThumbnailSide, Qt::KeepAspectRatio)
                                   .expandedTo(QSize(1, 1));
    // JPEG decodes straight to the smaller size; other formats decode, then scale.
    reader.setScaledSize(target);
    QImage image = reader.read();
    if (image.isNull()) {
        qCInfo(lcStorage) << "no thumbnail:" << reader.errorString();
        return info;
    }
    if (image.size() != target)
        image = image.scaled(target, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    const bool alpha = image.hasAlphaChannel();
    const QString mime = alpha ? QStringLiteral("image/png") : QStringLiteral("image/jpeg");
    QSaveFile out(thumbnailPathFor(mime));
    if (!out.open(QIODevice::WriteOnly) || !image.save(&out, alpha ? "PNG" : "JPEG", 80) ||
        !out.commit()) {
        qCWarning(lcStorage) << "cannot write a thumbnail:" << out.errorString();
        return info;
    }
    info.thumbnailMime = mime;
    return info;
}

} // namespace parley::attachments
