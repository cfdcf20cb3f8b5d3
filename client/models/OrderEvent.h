#pragma once

#include "protocol/Message.h"

#include <QVariantMap>

namespace parley::client::present {

// The typed order event an integration posted (docs/API.md "Integrations": a system message
// whose metadata is {event: job_update | payment_initiated | dispute_opened, event_id,
// order_ref, ...fields}) as a map for the conversation's event card; {} for any other message
// (including the room's own system messages: joined, closed, ...).
QVariantMap orderEvent(const Message &message);

} // namespace parley::client::present
