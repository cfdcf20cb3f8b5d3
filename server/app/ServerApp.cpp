#include "app/ServerApp.h"

#include "api/ApiContext.h"
#include "attachments/AttachmentService.h"
#include "auth/PasswordHasher.h"
#include "auth/Secrets.h"
#include "demo/DemoData.h"
#include "events/RedisEventBus.h"
#include "http/ApiServer.h"
#include "http/BodyTaker.h"
#include "http/TlsFiles.h"
#include "logging/Logging.h"
#include "realtime/Hub.h"
#include "realtime/PeerSocket.h"
#include "realtime/QtWsTransport.h"
#include "realtime/UpgradeRequest.h"
#include "service/AdminService.h"
#include "service/AuthService.h"
#include "service/AutoAssigner.h"
#include "service/ChatService.h"
#include "service/DeskService.h"
#include "service/IntegrationService.h"
#include "service/SearchService.h"
#include "storage/Storage.h"
#include "webhooks/WebhookSender.h"
#include "webhooks/WebhookService.h"
#include "websocket/RawWsServer.h"

#include <QDateTime>
#include <QDir>
#include <QPointer>
#include <QTcpSocket>
#include <QUuid>
#include <QWebSocket>

namespace parley::app {
namespace {

// See HubSettings::offlineGraceMs.
constexpr int kClusterOfflineGraceMs = 1000;

} // namespace

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

Status ServerApp::createBus()
{
    if (m_config.redisUrl.isEmpty()) {
        m_bus = std::make_unique<events::LocalEventBus>();
        return {};
    }
    auto settings = events::RedisSettings::fromUrl(m_config.redisUrl);
    if (!settings)
        return settings.error();
    settings->heartbeatMs = m_config.nodeHeartbeatMs;
    auto bus = std::make_unique<events::RedisEventBus>(*settings);
    m_redis = bus.get();
    m_bus = std::move(bus);
    return {};
}

Status ServerApp::start()
{
    auto storage = storage::openStorage({.url = m_config.databaseUrl,
                                         .dataDir = m_config.dataDir,
                                         .synchronousFull = m_config.sqliteSynchronousFull,
                                         .checkpointPages = m_config.sqliteCheckpointPages,
                                         .cacheMiB = m_config.sqliteCacheMiB,
                                         .mmapMiB = m_config.sqliteMmapMiB});
    if (!storage)
        return storage.error();
    m_storage = std::move(*storage);
    qCInfo(lcServer) << "Storage:" << m_storage->describe() << "schema"
                     << m_storage->schemaVersion();

    auto secret = jwtSecret();
    if (!secret)
        return secret.error();

    if (auto s = createBus(); !s)
        return s;
    m_hasher = std::make_unique<auth::PasswordHasher>(m_config.hashThreads);
    m_auth = std::make_unique<service::AuthService>(*m_storage, *m_hasher, *secret);
    m_chat = std::make_unique<service::ChatService>(*m_storage, *m_bus);
    realtime::HubSettings hub;
    hub.heartbeatS = m_config.heartbeatS;
    hub.ratePerS = m_config.wsRatePerS;
    hub.rateBurst = m_config.wsRateBurst;
    hub.allowedOrigins = m_config.allowedOrigins;
    hub.groupCommit = m_config.groupCommit;
    if (m_redis)
        hub.offlineGraceMs = kClusterOfflineGraceMs;
    m_hub = std::make_unique<realtime::Hub>(hub, *m_storage, *m_chat, *m_auth, *m_bus);
    m_admin = std::make_unique<service::AdminService>(*m_storage, *m_hasher, *m_bus,
                                                      [this] { return m_hub->connectionCount(); });
    m_throttles = std::make_unique<api::Throttles>(throttleSettings());
    m_search = std::make_unique<service::SearchService>(*m_storage);
    m_attachments = std::make_unique<attachments::AttachmentService>(
        attachments::AttachmentSettings{m_config.dataDir, m_config.maxUploadBytes}, *m_storage,
        *m_auth);
    if (auto s = m_attachments->init(); !s)
        return s;
    m_desk = std::make_unique<service::DeskService>(
        *m_storage, *m_bus, service::DeskSettings{m_config.autoAssign, m_config.assignCapacity});
    m_autoAssigner = std::make_unique<service::AutoAssigner>(*m_desk, *m_bus, [this] {
        QSet<QString> online;
        for (const User &user : m_hub->presence().onlineStaff())
            online.insert(user.id);
        return online;
    });
    m_integrations = std::make_unique<service::IntegrationService>(*m_storage, *m_bus, *m_chat);
    startWebhooks();
    m_context = std::make_unique<api::ApiContext>(api::ApiContext{
        *m_storage, *m_bus, *m_auth, *m_chat, *m_admin, *m_desk, m_hub->presence(), m_metrics,
        *m_throttles, *m_attachments, *m_search, *m_webhooks, *m_integrations});
    registerMetrics();

    if (m_config.demo) {
        if (auto s = demo::seedDemoData(*m_storage, *m_chat); !s)
            return s;
    }

    if (m_redis)
        m_redis->start(); // once the hub observes the cluster
    api::addAuthRoutes(m_router, *m_context);
    api::addRoomRoutes(m_router, *m_context);
    api::addMessageRoutes(m_router, *m_context);
    api::addAdminRoutes(m_router, *m_context);
    api::addNoteRoutes(m_router, *m_context);
    api::addCannedRoutes(m_router, *m_context);
    api::addRatingRoutes(m_router, *m_context);
    api::addTranscriptRoutes(m_router, *m_context);
    api::addAssignRoutes(m_router, *m_context);
    api::addHealthRoutes(m_router, *m_context);
    api::addFileRoutes(m_router, *m_context);
    api::addSearchRoutes(m_router, *m_context);
    api::addWebhookRoutes(m_router, *m_context);
    api::addIntegrationRoutes(m_router, *m_context);

    m_http = std::make_unique<http::ApiServer>(m_router, edgeLimits());
    if (!m_config.tlsCertFile.isEmpty()) {
        auto tls = http::loadTlsFiles(m_config.tlsCertFile, m_config.tlsKeyFile);
        if (!tls)
            return tls.error();
        m_http->setTlsConfiguration(*tls);
    }
    m_http->setWebSocketPaths({QStringLiteral("/ws"), QStringLiteral("/ws/chat/")});
    m_http->setObserver([this](int status, double seconds) {
        static const QByteArray classes[] = {"code=\"1xx\"", "code=\"2xx\"", "code=\"3xx\"",
                                             "code=\"4xx\"", "code=\"5xx\""};
        m_metrics.inc("parley_http_requests_total", classes[std::clamp(status / 100, 1, 5) - 1]);
        m_metrics.observeHttp(seconds);
    });
    connect(m_http.get(), &http::ApiServer::newWebSocketConnection, this, [this] {
        while (m_http->hasPendingWebSocketConnections()) {
            std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection();
            QTcpSocket *tcp = m_http->socketOf(socket->peerAddress(), socket->peerPort());
            auto transport = std::make_unique<realtime::QtWsTransport>(
                std::move(socket), tcp, m_hub->settings().maxFrameBytes);
            const realtime::UpgradeRequest request = transport->request();
            m_hub->accept(request, std::move(transport));
        }
    });
    if (m_config.rawWebSockets) {
        QPointer<http::ApiServer> http = m_http.get();
        m_rawWs = std::make_unique<websocket::RawWsServer>(
            m_hub->settings().maxFrameBytes,
            [http](const QString &path) { return http && http->isWebSocketPath(path); },
            [this](const realtime::UpgradeRequest &request,
                   std::unique_ptr<realtime::WsTransport> transport) {
                m_hub->accept(request, std::move(transport));
            },
            [http](const QHostAddress &peer) {
                if (http)
                    http->connectionEnded(peer);
            });
        m_rawWs->setAfterReading([this] { m_hub->flushSends(); });
        if (m_rawWs->isReady())
            m_http->setUpgradeTaker([raw = m_rawWs.get()](qintptr fd, const QByteArray &bytes,
                                                          const QHostAddress &peer) {
                return raw->take(fd, bytes, peer);
            });
    }
    if (!m_http->listenOn(QHostAddress(m_config.listenHost), m_config.listenPort))
        return Error::internal(QStringLiteral("Cannot listen on %1:%2: %3")
                                   .arg(m_config.listenHost)
                                   .arg(m_config.listenPort)
                                   .arg(m_http->errorString()));
    return {};
}

void ServerApp::startWebhooks()
{
    m_webhooks = std::make_unique<webhooks::WebhookService>(
        *m_storage, [this](const QString &userId) { return m_hub->presence().isOnline(userId); },
        m_config.webhooks.pollMs);
    // The lease owner: this process (node ids repeat across restarts, leases must not).
    m_webhookSender = std::make_unique<webhooks::WebhookSender>(
        *m_storage, m_config.webhooks,
        m_bus->nodeId() + u'/' + QUuid::createUuid().toString(QUuid::WithoutBraces));
    m_webhooks->setQueuedObserver([this] { m_webhookSender->poke(); });
    m_bus->subscribe([this](const events::Event &event) { m_webhooks->onEvent(event); });
    m_webhookSender->start();
}

http::EdgeLimits ServerApp::edgeLimits() const
{
    http::EdgeLimits limits;
    limits.maxBodyBytes = m_config.maxBodyBytes;
    limits.idleTimeoutMs = m_config.idleTimeoutS * 1000;
    limits.maxHeaderBytes = m_config.maxHeaderBytes;
    limits.maxUrlBytes = m_config.maxUrlBytes;
    limits.requestTimeoutMs = m_config.requestTimeoutS * 1000;
    limits.maxConnectionsPerIp = m_config.maxConnectionsPerIp;
    limits.bodyTakerFor = [this](const http::RequestHead &head) {
        return m_attachments->takerFor(head);
    };
    return limits;
}

api::ThrottleSettings ServerApp::throttleSettings() const
{
    api::ThrottleSettings settings;
    settings.loginFailuresPerUser = m_config.loginFailuresPerUser;
    settings.loginFailuresPerIp = m_config.loginFailuresPerIp;
    settings.loginWindowS = m_config.loginWindowS;
    settings.writeRatePerS = m_config.writeRatePerS;
    settings.writeBurst = m_config.writeBurst;
    return settings;
}

bool ServerApp::usesTls() const
{
    return m_http && m_http->usesTls();
}

void ServerApp::registerMetrics()
{
    m_metrics.describe("parley_messages_stored_total",
                       "Messages stored (system messages included).");
    m_metrics.describe("parley_http_requests_total", "HTTP requests answered, by status class.");
    m_bus->subscribe([this](const events::Event &event) {
        if (event.kind == events::Event::Kind::MessageCreated)
            m_metrics.inc("parley_messages_stored_total");
    });
    m_hub->setSendObserver([this](double seconds) { m_metrics.observeSend(seconds); });
    m_metrics.counter("parley_ws_frames_sent_total", "WebSocket frames written (every copy).",
                      [this] { return double(m_hub->framesSent()); });
    m_metrics.gauge("parley_ws_connections", "Open WebSocket connections.",
                    [this] { return double(m_hub->connectionCount()); });
    m_metrics.gauge("parley_ws_raw_connections",
                    "WebSocket connections on the server's own RFC 6455 layer (plain TCP).",
                    [this] { return m_rawWs ? double(m_rawWs->connectionCount()) : 0.0; });
    m_metrics.gauge("parley_queue_length", "Open support rooms waiting for staff.", [this] {
        auto waiting = m_storage->rooms().countWaiting();
        return waiting ? double(*waiting) : -1.0;
    });
    m_metrics.gauge("parley_rooms_open", "Open rooms.", [this] {
        auto open = m_storage->rooms().countOpen();
        return open ? double(*open) : -1.0;
    });
    m_metrics.counter("parley_ws_messages_delivered_total",
                      "Message frames written to sockets (one per receiving socket).",
                      [this] { return double(m_hub->messagesDelivered()); });
    m_metrics.gauge("parley_ws_pending_sends",
                    "WebSocket sends received and waiting for the next group commit.",
                    [this] { return double(m_hub->pendingSends()); });
    m_metrics.addHistogram("parley_db_commit_duration_seconds",
                           "Time to store one group commit of WebSocket sends.");
    m_metrics.describe("parley_db_commit_sends_total", "WebSocket sends stored by group commits.");
    m_hub->setCommitObserver([this](double seconds, qsizetype sends) {
        m_metrics.observe("parley_db_commit_duration_seconds", seconds);
        m_metrics.inc("parley_db_commit_sends_total", {}, quint64(sends));
    });
    m_metrics.gauge("parley_start_time_seconds",
                    "Start time of the server, seconds since the epoch.",
                    [started = double(QDateTime::currentSecsSinceEpoch())] { return started; });
    m_metrics.gauge("parley_database_up", "1 when the database answers.",
                    [this] { return m_storage->ping().ok() ? 1.0 : 0.0; });
    if (m_redis) {
        m_metrics.counter("parley_bus_reconnects_total", "Redis connection attempts after a loss.",
                          [this] { return double(m_redis->reconnects()); });
        m_metrics.counter("parley_bus_published_total", "Events this node published to Redis.",
                          [this] { return double(m_redis->published()); });
        m_metrics.counter("parley_bus_received_total", "Events received from other nodes.",
                          [this] { return double(m_redis->received()); });
        m_metrics.counter("parley_bus_dropped_total",
                          "Events not published while Redis was down (caught up from the "
                          "database).",
                          [this] { return double(m_redis->dropped()); });
    }
    m_metrics.gauge("parley_bus_up", "1 when the event bus is healthy (or there is none).", [this] {
        const QString health = m_bus->health();
        return health == u"ok" || health == u"none" ? 1.0 : 0.0;
    });
}

quint16 ServerApp::port() const
{
    return m_http ? m_http->port() : 0;
}

} // namespace parley::app
