#include "config/WebhookConfig.h"

#include "config/ServerConfig.h"

namespace parley::app {

Status applyWebhookEnvironment(ServerConfig &config)
{
    WebhookConfig &hooks = config.webhooks;
    const struct
    {
        const char *name;
        int *field;
        int min;
    } settings[] = {
        {"PARLEY_WEBHOOK_POLL_MS", &hooks.pollMs, 10},
        {"PARLEY_WEBHOOK_BACKOFF_MS", &hooks.backoffBaseMs, 1},
        {"PARLEY_WEBHOOK_BACKOFF_CAP_MS", &hooks.backoffCapMs, 1},
        {"PARLEY_WEBHOOK_MAX_ATTEMPTS", &hooks.maxAttempts, 1},
        {"PARLEY_WEBHOOK_TIMEOUT_MS", &hooks.timeoutMs, 100},
        {"PARLEY_WEBHOOK_LEASE_MS", &hooks.leaseMs, 100},
    };
    for (const auto &setting : settings) {
        if (!qEnvironmentVariableIsSet(setting.name))
            continue;
        bool ok = false;
        const int value = qEnvironmentVariableIntValue(setting.name, &ok);
        if (!ok || value < setting.min)
            return Error::badRequest(QStringLiteral("%1 must be a whole number of at least %2")
                                         .arg(QLatin1StringView(setting.name))
                                         .arg(setting.min));
        *setting.field = value;
    }
    if (hooks.leaseMs <= hooks.timeoutMs)
        return Error::badRequest(QStringLiteral(
            "PARLEY_WEBHOOK_LEASE_MS must be longer than PARLEY_WEBHOOK_TIMEOUT_MS"));
    return {};
}

} // namespace parley::app
