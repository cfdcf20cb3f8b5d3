#pragma once

#include "ApiClient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <QString>
#include <QTest>

// Assertions on REST answers whose failure message shows the whole exchange (method, path,
// status and body). Like QVERIFY they return from the calling (void) test function.

namespace parley::test {

// Empty when the reply has the status, else the failure message.
QString checkStatus(const Reply &reply, int status);
// Empty when the reply is the protocol's JSON error {"error": {code, message, field?}} with this
// status and code (and this field when `field` is not null), else the failure message.
QString checkError(const Reply &reply, int status, const QString &code, const QString &field = {});
// Empty when text matches the (anchored) pattern, else the failure message.
QString checkMatch(const QString &text, const QString &pattern, const char *expression);

inline const QString kRoomIdPattern = QStringLiteral("^CHAT\\d{8}[A-Z0-9]{8}$");
inline const QString kTimePattern =
    QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$");
inline const QString kUuidPattern =
    QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

} // namespace parley::test

// QCOMPARE on JSON values prints them (found by argument-dependent lookup).
char *toString(const QJsonValue &value);
char *toString(const QJsonObject &value);
char *toString(const QJsonArray &value);

#define PARLEY_CHECK(message_expr)                                                                 \
    do {                                                                                           \
        const QString parleyMessage_ = (message_expr);                                             \
        if (!parleyMessage_.isEmpty()) {                                                           \
            QTest::qFail(qPrintable(parleyMessage_), __FILE__, __LINE__);                          \
            return;                                                                                \
        }                                                                                          \
    } while (false)

// EXPECT_STATUS(reply, 201): the status, with the body printed when it differs.
#define EXPECT_STATUS(reply, status) PARLEY_CHECK(::parley::test::checkStatus((reply), (status)))

// EXPECT_ERROR(reply, 404, "not_found"): status + JSON error body with that code.
#define EXPECT_ERROR(reply, status, code)                                                          \
    PARLEY_CHECK(::parley::test::checkError((reply), (status), QStringLiteral(code)))

// EXPECT_VALIDATION(reply, "username"): 400 validation_failed naming the field.
#define EXPECT_VALIDATION(reply, field)                                                            \
    PARLEY_CHECK(::parley::test::checkError((reply), 400, QStringLiteral("validation_failed"),     \
                                            QStringLiteral(field)))

// EXPECT_ERROR_FIELD(reply, 400, code, field) with runtime strings (for _data tables).
#define EXPECT_ERROR_FIELD(reply, status, code, field)                                             \
    PARLEY_CHECK(::parley::test::checkError((reply), (status), (code), (field)))

// EXPECT_MATCH(room[u"id"_s].toString(), kRoomIdPattern)
#define EXPECT_MATCH(text, pattern)                                                                \
    PARLEY_CHECK(::parley::test::checkMatch((text), (pattern), #text))

// Stops the test when a helper that records failures (registerUser, send, ...) failed.
#define RETURN_IF_FAILED()                                                                         \
    do {                                                                                           \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)
