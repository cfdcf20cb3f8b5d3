#pragma once

#include <QSize>
#include <QString>

#include <functional>
#include <optional>

namespace parley::attachments {

// Longest side of a thumbnail, and the largest image (in pixels) that is decoded at all: a small
// file can declare a huge canvas (a decompression bomb), so the size is read from the header
// first and anything above the cap keeps its dimensions but gets no thumbnail.
inline constexpr int kThumbnailSide = 320;
inline constexpr qint64 kMaxDecodePixels = 40'000'000;

struct ImageInfo
{
    std::optional<QSize> size; // from the header; nullopt when unreadable
    QString thumbnailMime;     // "image/jpeg" or "image/png"; empty: none made
};

// Reads an image file's dimensions and, unless thumbnailPathFor(mime) exists already, writes a
// thumbnail there (JPEG, or PNG when the image has transparency) no larger than kThumbnailSide
// on its longest side. Blocking: run it off the event loop.
ImageInfo inspectImage(const QString &path,
                       const std::function<QString(const QString &mime)> &thumbnailPathFor);

} // namespace parley::attachments
