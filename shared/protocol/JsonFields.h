#pragma once

#include "protocol/Result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace parley::json {

// Typed readers for request bodies and frames. A missing required field or a field of the wrong
// JSON type is a ValidationFailed error naming the field. Optional readers accept absent and null.
Result<QString> requireString(const QJsonObject &obj, const QString &field);
Result<std::optional<QString>> optionalString(const QJsonObject &obj, const QString &field);
Result<bool> requireBool(const QJsonObject &obj, const QString &field);
Result<std::optional<bool>> optionalBool(const QJsonObject &obj, const QString &field);
// Integers must be whole JSON numbers within [min, max].
Result<qint64> requireInt(const QJsonObject &obj, const QString &field, qint64 min, qint64 max);
Result<std::optional<qint64>> optionalInt(const QJsonObject &obj, const QString &field,
                                          qint64 min, qint64 max);
Result<std::optional<QJsonObject>> optionalObject(const QJsonObject &obj, const QString &field);
Result<std::optional<QJsonArray>> optionalArray(const QJsonObject &obj, const QString &field);

// The largest integer a JSON number (a double) carries exactly, 2^53 - 1; integer readers reject
// anything beyond it whatever their own bounds.
constexpr qint64 kMaxSafeInteger = 9007199254740991LL;
Result<QJsonObject> requireObject(const QJsonObject &obj, const QString &field);
// Timestamps in the wire format of Time.h. optionalTime gives an invalid QDateTime for absent/null.
Result<QDateTime> requireTime(const QJsonObject &obj, const QString &field);
Result<QDateTime> optionalTime(const QJsonObject &obj, const QString &field);
// The same error about a nested field: nested(error about "id", "sender") is about "sender.id".
Error nested(Error error, const QString &prefix);

// A request body must be a JSON object: BadRequest otherwise (not JSON, array, scalar).
Result<QJsonObject> parseObject(const QByteArray &body);
// Compact serialization (QJsonDocument::Compact).
QByteArray compact(const QJsonObject &obj);
QByteArray compact(const QJsonArray &array);

inline QJsonValue stringOrNull(const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); }

} // namespace parley::json
