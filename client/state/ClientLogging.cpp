#include "state/ClientLogging.h"

Q_LOGGING_CATEGORY(lcClientApi, "parley.client.api", QtWarningMsg)
Q_LOGGING_CATEGORY(lcClientSession, "parley.client.session", QtWarningMsg)
Q_LOGGING_CATEGORY(lcClientRealtime, "parley.client.realtime", QtWarningMsg)
Q_LOGGING_CATEGORY(lcClientOutbox, "parley.client.outbox", QtWarningMsg)
Q_LOGGING_CATEGORY(lcClientCache, "parley.client.cache", QtWarningMsg)
Q_LOGGING_CATEGORY(lcClientModels, "parley.client.models", QtWarningMsg)
