#pragma once

#include <QString>

namespace parley::service {

// CHAT{YYYYMMDD}{8 chars A-Z0-9}: today's UTC date and 8 characters from the system CSPRNG.
QString newRoomId();

} // namespace parley::service
