#pragma once

#include "protocol/Result.h"

namespace parley::storage {
class Storage;
}
namespace parley::service {
class ChatService;
}

namespace parley::demo {

// Demo accounts (password "demo-password"): alice (customer), sam (staff), admin (admin), and a few
// conversations, one of them waiting in the staff queue, the order one with two order events.
// Only into an empty database: a database that has users is left alone.
Status seedDemoData(storage::Storage &storage, service::ChatService &chat);

inline constexpr char kDemoPassword[] = "demo-password";

} // namespace parley::demo
