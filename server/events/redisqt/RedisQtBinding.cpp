#include "RedisQtBinding.h"

#include <hiredis/adapters/qt.h>

namespace parley::events::redisqt {
namespace {

// The adapter's destructor writes to the context it was last given; once hiredis frees the real
// context, the adapter is pointed at `parked`, which lives exactly as long as the adapter.
struct Binding : QObject
{
    redisAsyncContext parked{};
    RedisQtAdapter adapter; // declared after `parked`: destroyed first
};

} // namespace

QObject *attach(redisAsyncContext *context)
{
    auto *binding = new Binding;
    binding->adapter.setContext(context);
    return binding;
}

void detach(QObject *object)
{
    auto *binding = static_cast<Binding *>(object);
    binding->adapter.setContext(&binding->parked);
    binding->deleteLater();
}

} // namespace parley::events::redisqt
