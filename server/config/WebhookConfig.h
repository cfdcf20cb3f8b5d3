#pragma once

namespace parley::app {

// Webhook delivery tuning (docs/API.md, "Webhooks"), from PARLEY_WEBHOOK_* environment variables.
// Tests make the waits small; the defaults suit production.
struct WebhookConfig
{
    int pollMs = 1000;         // PARLEY_WEBHOOK_POLL_MS: how often a node looks for due deliveries
    int backoffBaseMs = 10000; // PARLEY_WEBHOOK_BACKOFF_MS: first retry delay, doubling per attempt
    int backoffCapMs = 3600000; // PARLEY_WEBHOOK_BACKOFF_CAP_MS: longest backoff delay
    int maxAttempts = 8;        // PARLEY_WEBHOOK_MAX_ATTEMPTS: then the delivery is failed
    int timeoutMs = 10000;      // PARLEY_WEBHOOK_TIMEOUT_MS: one POST, connect to last byte
    int leaseMs = 60000;        // PARLEY_WEBHOOK_LEASE_MS: a claim; a crashed node's claims expire
};

} // namespace parley::app
