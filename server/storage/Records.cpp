#include "storage/Records.h"

namespace parley::storage {

Attachment AttachmentRecord::toAttachment() const
{
    Attachment attachment;
    attachment.id = id;
    attachment.name = name;
    attachment.mime = mime;
    attachment.size = size;
    attachment.width = width;
    attachment.height = height;
    attachment.url = attachmentUrl(id);
    if (!thumbnailMime.isEmpty())
        attachment.thumbnailUrl = thumbnailUrl(id);
    return attachment;
}

} // namespace parley::storage
