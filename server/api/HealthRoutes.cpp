#include "api/ApiContext.h"

namespace parley::api {

void addHealthRoutes(Router &router, ApiContext &ctx)
{
    router.add(
        Method::Get, QStringLiteral("/healthz"),
        [&ctx](const QHttpServerRequest &, const QStringList &) {
            const bool databaseOk = ctx.storage.ping().ok();
            const QString bus = ctx.bus.health();
            const bool busOk = bus == u"ok" || bus == u"none";
            const bool ok = databaseOk && busOk;
            return HttpReply::json(
                {{QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("error")},
                 {QStringLiteral("database"),
                  databaseOk ? QStringLiteral("ok") : QStringLiteral("error")},
                 {QStringLiteral("bus"), bus},
                 {QStringLiteral("version"), QStringLiteral(PARLEY_VERSION)}},
                ok ? 200 : 503);
        });

    // Prometheus text. Like /healthz it needs no token: expose the port only where scrapers and
    // load balancers reach it, or filter /metrics at the proxy.
    router.add(Method::Get, QStringLiteral("/metrics"),
               [&ctx](const QHttpServerRequest &, const QStringList &) {
                   return HttpReply::text(ctx.metrics.render(),
                                          QByteArrayLiteral("text/plain; version=0.0.4"));
               });
}

} // namespace parley::api
