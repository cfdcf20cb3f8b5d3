// decodeClientFrame() on arbitrary text frames: a value or an Error, never a crash. A frame that
// decodes must encode (encodeClientFrame) to a frame that decodes to the same thing.
#include "FuzzApp.h"

#include "protocol/JsonFields.h"
#include "protocol/WsFrames.h"

#include <cstdlib>

using namespace parley;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QString ref;
    auto decoded = ws::decodeClientFrame(fuzz::bytes(data, size), &ref);
    if (!decoded)
        return 0;
    const QByteArray encoded = json::compact(ws::encodeClientFrame(decoded->frame, decoded->ref));
    auto again = ws::decodeClientFrame(encoded);
    if (!again || again->ref != decoded->ref || again->frame.index() != decoded->frame.index())
        std::abort();
    const QByteArray reencoded = json::compact(ws::encodeClientFrame(again->frame, again->ref));
    if (reencoded != encoded)
        std::abort();
    return 0;
}
