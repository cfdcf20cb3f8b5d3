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
class SearchService;
class DeskService;
class AutoAssigner;
class IntegrationService;
} // namespace parley::service
namespace parley::attachments {
class AttachmentService;
}
namespace parley::http {
class ApiServer;
}
namespace parley::api {
struct ApiContext;
}
namespace parley::realtime {
class Hub;
}
namespace parley::websocket {
class RawWsServer;
}

namespace parley::events {
class RedisEventBus;
}
namespace parley::webhooks {
class WebhookService;
class WebhookSender;
} // namespace parley::webhooks

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

    // Lifecycle (ServerLifecycle.cpp).
    // SIGTERM: stops listening, has the hub commit and ack the sends it holds and close every
    // socket with 1001, waits for the sockets to go (at most shutdown_timeout_s), then ends the
    // event loop with exit code 0. A second call ends it at once.
    void shutdown();
    // SIGHUP: re-reads the settings file (and environment) and applies log_level, ws_rate,
    // ws_burst and allowed_origins. A file that does not parse changes nothing.
    void reload();

private:
    Result<QByteArray> jwtSecret() const;
    Status createBus();
    // Webhooks: queued from this node's message events, sent by this node's sender.
    void startWebhooks();
    void registerMetrics();
    http::EdgeLimits edgeLimits() const;
    api::ThrottleSettings throttleSettings() const;

    ServerConfig m_config;
    std::unique_ptr<storage::Storage> m_storage;
    std::unique_ptr<events::EventBus> m_bus;
    events::RedisEventBus *m_redis = nullptr; // m_bus, when it is one
    metrics::Metrics m_metrics;
    std::unique_ptr<auth::PasswordHasher> m_hasher;
    std::unique_ptr<service::AuthService> m_auth;
    std::unique_ptr<service::ChatService> m_chat;
    std::unique_ptr<service::AdminService> m_admin;
    std::unique_ptr<service::SearchService> m_search;
    std::unique_ptr<attachments::AttachmentService> m_attachments;
    std::unique_ptr<service::DeskService> m_desk;
    std::unique_ptr<service::AutoAssigner> m_autoAssigner;
    // Before the hub: they outlive it, so events it publishes while it goes still find them.
    std::unique_ptr<webhooks::WebhookService> m_webhooks;
    std::unique_ptr<webhooks::WebhookSender> m_webhookSender;
    std::unique_ptr<service::IntegrationService> m_integrations;
    // Before the hub: the raw WebSockets the hub's connections own call back into it.
    std::unique_ptr<websocket::RawWsServer> m_rawWs;
    std::unique_ptr<realtime::Hub> m_hub;
    std::unique_ptr<api::Throttles> m_throttles;
    std::unique_ptr<api::ApiContext> m_context;
    http::Router m_router;
    std::unique_ptr<http::ApiServer> m_http;
    bool m_stopping = false;
};

} // namespace parley::app
