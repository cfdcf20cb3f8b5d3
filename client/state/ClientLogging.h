#pragma once

#include <QLoggingCategory>

// Logging categories of the client library (enable with QT_LOGGING_RULES="parley.client.*=true").
Q_DECLARE_LOGGING_CATEGORY(lcClientApi)
Q_DECLARE_LOGGING_CATEGORY(lcClientSession)
Q_DECLARE_LOGGING_CATEGORY(lcClientRealtime)
Q_DECLARE_LOGGING_CATEGORY(lcClientOutbox)
Q_DECLARE_LOGGING_CATEGORY(lcClientCache)
Q_DECLARE_LOGGING_CATEGORY(lcClientModels)
