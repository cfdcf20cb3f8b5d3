#include "logging/Logging.h"

Q_LOGGING_CATEGORY(lcServer, "parley.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "parley.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEdge, "parley.edge", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "parley.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "parley.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcChat, "parley.chat", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRealtime, "parley.realtime", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBus, "parley.bus", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "parley.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWebhooks, "parley.webhooks", QtInfoMsg)
