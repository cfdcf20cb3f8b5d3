#pragma once

#include "api/Throttles.h"
#include "config/ServerConfig.h"
#include "events/EventBus.h"
#include "http/EdgeLimits.h"
#include "http/Router.h"
#include "metrics/Metrics.h"
#include "protocol/Result.h"

#include <QObject>

#include <memory>

namespace parley::storage {
class Storage;
}
namespace parley::auth {
class PasswordHasher;
}
namespace parley::service {
class AuthService;
class ChatService;
class AdminService;
} // namespace parley::service
namespace parley::http {
class ApiServer;
}
namespace parley::api {
struct ApiContext;
}
namespace parley::realtime {
class Hub;
}

namespace parley::app {

// The running server: storage, services, routes and the listening socket, wired once.
class ServerApp : public QObject
{
public:
    explicit ServerApp(ServerConfig config, QObject *parent = nullptr);
    ~ServerApp() override;

    // Opens storage (migrating it), seeds demo data if asked, and listens.
    Status start();
    quint16 port() const;
    bool usesTls() const;

private:
    Result<QByteArray> jwtSecret() const;
    void registerMetrics();
    http::EdgeLimits edgeLimits() const;
    api::ThrottleSettings throttleSettings() const;

    ServerConfig m_config;
    std::unique_ptr<storage::Storage> m_storage;
    events::LocalEventBus m_bus;
    metrics::Metrics m_metrics;
    std::unique_ptr<auth::PasswordHasher> m_hasher;
    std::unique_ptr<service::AuthService> m_auth;
    std::unique_ptr<service::ChatService> m_chat;
    std::unique_ptr<service::AdminService> m_admin;
    std::unique_ptr<realtime::Hub> m_hub;
    std::unique_ptr<api::Throttles> m_throttles;
    std::unique_ptr<api::ApiContext> m_context;
    http::Router m_router;
    std::unique_ptr<http::ApiServer> m_http;
};

} // namespace parley::app
