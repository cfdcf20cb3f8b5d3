#pragma once

// Everything an end-to-end REST test needs.
#include "ApiClient.h"
#include "Expect.h"
#include "Helpers.h"
#include "Jwt.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTest>
