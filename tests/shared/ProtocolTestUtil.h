#pragma once

#include "protocol/ErrorCode.h"
#include "protocol/Result.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QTest>

// Helpers shared by the protocol suites.
namespace parley::testutil {

// A JSON object from a literal; fails the test (via an empty object and a warning) if it is not
// one.
inline QJsonObject object(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        qWarning("test fixture is not a JSON object: %s", json.constData());
    return doc.object();
}

inline QStringList sortedKeys(const QJsonObject &obj)
{
    QStringList keys = obj.keys();
    keys.sort();
    return keys;
}

inline QByteArray text(const QJsonObject &obj)
{
    return QJsonDocument(obj).toJson(QJsonDocument::Compact);
}

// "" for success, else the wire name of the error code.
template<typename R>
QString codeOf(const R &result)
{
    return result.ok() ? QString() : errorCodeName(result.error().code);
}

template<typename R>
QString fieldOf(const R &result)
{
    return result.ok() ? QString() : result.error().field;
}

} // namespace parley::testutil

// Compares JSON objects by their compact text, so a failure prints both.
#define PARLEY_COMPARE_JSON(actual, expected)                                                      \
    QCOMPARE(parley::testutil::text(actual), parley::testutil::text(expected))

// Checks a Result/Status against an expected code ("" = success) and field.
#define PARLEY_CHECK_RESULT(result, expectedCode, expectedField)                                   \
    do {                                                                                           \
        const auto &r_ = (result);                                                                 \
        const QString code_ = parley::testutil::codeOf(r_);                                        \
        const QString field_ = parley::testutil::fieldOf(r_);                                      \
        if (!r_.ok() && (code_ != (expectedCode) || field_ != (expectedField)))                    \
            qWarning("unexpected error: %s", qUtf8Printable(r_.error().message));                  \
        QCOMPARE(code_, QString(expectedCode));                                                    \
        QCOMPARE(field_, QString(expectedField));                                                  \
    } while (false)
