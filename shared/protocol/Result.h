#pragma once

#include "protocol/ErrorCode.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace parley {

// An error as a value: the protocol code, a human message and, for validation, the field.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString field;         // empty unless the error is about one field
    int retryAfterS = 0;   // for RateLimited: seconds until a retry may succeed

    static Error badRequest(const QString &message) { return {ErrorCode::BadRequest, message, {}}; }
    static Error validation(const QString &field, const QString &message)
    {
        return {ErrorCode::ValidationFailed, message, field};
    }
    static Error unauthorized(const QString &message = QStringLiteral("Authentication required"))
    {
        return {ErrorCode::Unauthorized, message, {}};
    }
    static Error forbidden(const QString &message = QStringLiteral("Not allowed"))
    {
        return {ErrorCode::Forbidden, message, {}};
    }
    static Error notFound(const QString &message = QStringLiteral("Not found"))
    {
        return {ErrorCode::NotFound, message, {}};
    }
    static Error conflict(const QString &message) { return {ErrorCode::Conflict, message, {}}; }
    static Error roomClosed() { return {ErrorCode::RoomClosed, QStringLiteral("Room is closed"), {}}; }
    static Error internal(const QString &message = QStringLiteral("Internal error"))
    {
        return {ErrorCode::Internal, message, {}};
    }

    // {"code": ..., "message": ..., "field"?: ...}: the inside of a REST error body and the
    // fields of a WebSocket error frame.
    QJsonObject toJson() const;
    static std::optional<Error> fromJson(const QJsonObject &obj);
};

// Either a value or an Error (a small std::expected for C++20).
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(const T &value) : m_v(value) {}
    Result(T &&value) : m_v(std::move(value)) {}
    Result(const Error &error) : m_v(error) {}
    Result(Error &&error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T *operator->() { return &std::get<0>(m_v); }
    const T *operator->() const { return &std::get<0>(m_v); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// Success or an Error.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(const Error &error) : m_error(error) {}
    static Status success() { return {}; }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace parley
