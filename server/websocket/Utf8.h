#pragma once

#include <QByteArrayView>

namespace parley::websocket {

// Whether `bytes` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF). Text frames that are not are closed with 1007.
bool isValidUtf8(QByteArrayView bytes);

} // namespace parley::websocket
