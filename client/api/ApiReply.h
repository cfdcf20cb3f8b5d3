#pragma once

#include "protocol/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

class QNetworkReply;

// Turning HTTP answers into values: the one place where statuses, network failures and the
// protocol's `{error: {code, message, field}}` body become an Error.
namespace parley::client::reply {

// A finished reply: its JSON body (null for an empty 2xx body) or the Error.
Result<QJsonValue> decode(QNetworkReply *reply);
// The Error for a failed request, from its status, body and network error.
Error errorOf(int status, const QByteArray &body, const QString &networkError);
// A human sentence for an error, for the UI ("Cannot reach the server", the server's message).
QString describe(const Error &error);

// T::fromJson of an object body.
template<typename T>
Result<T> object(const Result<QJsonValue> &value)
{
    if (!value)
        return value.error();
    if (!value->isObject())
        return Error::internal(QStringLiteral("Unexpected answer from the server"));
    return T::fromJson(value->toObject());
}

// Each element of an array through T::fromJson.
template<typename T>
Result<QList<T>> list(const QJsonArray &array)
{
    QList<T> out;
    out.reserve(array.size());
    for (const auto &v : array) {
        auto item = T::fromJson(v.toObject());
        if (!item)
            return item.error();
        out.append(std::move(*item));
    }
    return out;
}

// {results: [T]} (and the answer's next_cursor, when asked for).
template<typename T>
Result<QList<T>> results(const Result<QJsonValue> &value, QString *nextCursor = nullptr)
{
    if (!value)
        return value.error();
    const auto obj = value->toObject();
    if (nextCursor)
        *nextCursor = obj.value(QStringLiteral("next_cursor")).toString();
    return list<T>(obj.value(QStringLiteral("results")).toArray());
}

} // namespace parley::client::reply
