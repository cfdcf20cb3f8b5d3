#include "auth/Sodium.h"

#include "logging/Logging.h"

#include <sodium.h>

#include <cstdlib>

namespace parley::auth {

void ensureSodium()
{
    static const bool ready = [] {
        if (sodium_init() < 0) {
            qCCritical(lcAuth) << "libsodium failed to initialize";
            std::abort();
        }
        return true;
    }();
    Q_UNUSED(ready);
}

} // namespace parley::auth
