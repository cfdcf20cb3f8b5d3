#include "app/ServerApp.h"

#include "api/ApiContext.h"
#include "auth/PasswordHasher.h"
#include "auth/Secrets.h"
#include "demo/DemoData.h"
#include "http/ApiServer.h"
#include "logging/Logging.h"
#include "realtime/Hub.h"
#include "service/AdminService.h"
#include "service/AuthService.h"
#include "service/ChatService.h"
#include "storage/Storage.h"

#include <QDir>

namespace parley::app {

ServerApp::ServerApp(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{}

ServerApp::~ServerApp() = default;

Result<QByteArray> ServerApp::jwtSecret() const
{
    if (!m_config.jwtSecret.isEmpty()) {
        if (m_config.jwtSecret.size() < 32)
            return Error::badRequest(QStringLiteral("PARLEY_JWT_SECRET must be at least 32 bytes"));
        return m_config.jwtSecret;
    }
    QString error;
    const auto secret = auth::loadOrCreateSecret(
        QDir(m_config.dataDir).filePath(QStringLiteral("jwt-secret")), &error);
    if (!secret)
        return Error::internal(error);
    return *secret;
}

Status ServerApp::start()
{
    auto storage = storage::openStorage(
        {m_config.databaseUrl, m_config.dataDir, m_config.sqliteSynchronousFull});
    if (!storage)
        return storage.error();
    m_storage = std::move(*storage);
    qCInfo(lcServer) << "Storage:" << m_storage->describe() << "schema"
                     << m_storage->schemaVersion();

    auto secret = jwtSecret();
    if (!secret)
        return secret.error();

    m_hasher = std::make_unique<auth::PasswordHasher>(m_config.hashThreads);
    m_auth = std::make_unique<service::AuthService>(*m_storage, *m_hasher, *secret);
    m_chat = std::make_unique<service::ChatService>(*m_storage, m_bus);
    realtime::HubSettings hub;
    hub.heartbeatS = m_config.heartbeatS;
    hub.ratePerS = m_config.wsRatePerS;
    hub.rateBurst = m_config.wsRateBurst;
    hub.allowedOrigins = m_config.allowedOrigins;
    m_hub = std::make_unique<realtime::Hub>(hub, *m_storage, *m_chat, *m_auth, m_bus);
    m_admin = std::make_unique<service::AdminService>(*m_storage, *m_hasher, m_bus,
                                                      [this] { return m_hub->connectionCount(); });
    m_context = std::make_unique<api::ApiContext>(
        api::ApiContext{*m_storage, m_bus, *m_auth, *m_chat, *m_admin, m_hub->presence()});

    if (m_config.demo) {
        if (auto s = demo::seedDemoData(*m_storage, *m_chat); !s)
            return s;
    }

    api::addAuthRoutes(m_router, *m_context);
    api::addRoomRoutes(m_router, *m_context);
    api::addMessageRoutes(m_router, *m_context);
    api::addAdminRoutes(m_router, *m_context);
    api::addHealthRoutes(m_router, *m_context);

    http::EdgeLimits limits;
    limits.maxBodyBytes = m_config.maxBodyBytes;
    limits.idleTimeoutMs = m_config.idleTimeoutS * 1000;
    m_http = std::make_unique<http::ApiServer>(m_router, limits);
    m_http->setWebSocketPaths({QStringLiteral("/ws"), QStringLiteral("/ws/chat/")});
    connect(m_http.get(), &http::ApiServer::newWebSocketConnection, this, [this] {
        while (m_http->hasPendingWebSocketConnections())
            m_hub->accept(m_http->nextPendingWebSocketConnection());
    });
    if (!m_http->listenOn(QHostAddress(m_config.listenHost), m_config.listenPort))
        return Error::internal(QStringLiteral("Cannot listen on %1:%2: %3")
                                   .arg(m_config.listenHost)
                                   .arg(m_config.listenPort)
                                   .arg(m_http->errorString()));
    return {};
}

quint16 ServerApp::port() const
{
    return m_http ? m_http->port() : 0;
}

} // namespace parley::app
