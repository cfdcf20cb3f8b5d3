#pragma once

#include "storage/Records.h"

#include <QString>

#include <optional>

namespace parley::service {

// Opaque list cursors ("next_cursor"): a keyset position, base64url encoded.
QString encodeCursor(const storage::RoomCursor &cursor);
std::optional<storage::RoomCursor> decodeCursor(const QString &text);

} // namespace parley::service
