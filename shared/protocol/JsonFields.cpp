#include "protocol/JsonFields.h"

#include "protocol/Time.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace parley::json {

using namespace Qt::StringLiterals;

namespace {

bool isAbsent(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull();
}

Error missing(const QString &field)
{
    return Error::validation(field, field + u" is required"_s);
}

Error wrongType(const QString &field, QLatin1StringView what)
{
    return Error::validation(field, field + u" must be "_s + what);
}

Result<qint64> toInt(const QJsonValue &v, const QString &field, qint64 min, qint64 max)
{
    if (!v.isDouble())
        return wrongType(field, QLatin1StringView("an integer"));
    // Qt keeps exact 64-bit integers, but every JSON reader does not: past 2^53 a number is no
    // longer an exact integer, so it is refused rather than silently rounded.
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d)
        return wrongType(field, QLatin1StringView("an integer"));
    if (std::fabs(d) > static_cast<double>(kMaxSafeInteger))
        return Error::validation(field, field + u" is out of range"_s);
    const auto i = static_cast<qint64>(d);
    if (i < min || i > max) {
        if (max >= kMaxSafeInteger)
            return Error::validation(field, field + u" must be at least "_s + QString::number(min));
        return Error::validation(field, field + u" must be between "_s + QString::number(min) +
                                            u" and "_s + QString::number(max));
    }
    return i;
}

} // namespace

Result<QString> requireString(const QJsonObject &obj, const QString &field)
{
    const QJsonValue v = obj.value(field);
    if (isAbsent(v))
        return missing(field);
    if (!v.isString())
        return wrongType(field, QLatin1StringView("a string"));
    return v.toString();
}

Result<std::optional<QString>> optionalString(const QJsonObject &obj, const QString &field)
{
    const QJsonValue v = obj.value(field);
    if (isAbsent(v))
        return std::optional<QString>();
    if (!v.isString())
        return wrongType(field, QLatin1StringView("a string"));
    return std::optional<QString>(v.toString());
}

Result<bool> requireBool(const QJsonObject &obj, const QString &field)
{
    const QJsonValue v = obj.value(field);
    if (isAbsent(v))
        return missing(field);
    if (!v.isBool())
        return wrongType(field, QLatin1StringView("true or false"));
    return v.toBool();
}

Result<std::optional<bool>> optionalBool(const QJsonObject &obj, const QString &field)
{
    const QJsonValue v = obj.value(field);
    if (isAbsent(v))
        return std::optional<bool>();
    if (!v.isBool())
        return wrongType(field, QLatin1StringView("true or false"));
    return std::optional<bool>(v.toBool());
}

Result<qint64> requireInt(const QJsonObject &obj, const QString &field, qint64 min, qint64 max)
{
    const QJsonValue v = obj.value(field);
    if (isAbsent(v))
        return missing(field);
    return toInt(v, field, min, max);
}

Result<std::optional<qint64>> optionalInt(const QJsonObject &obj, const QString &field, qint64 min,
                                          qint64 max)
{
    const QJsonValue v = obj.value(field);
    if (isAbsent(v))
        return std::optional<qint64>();
    auto i = toInt(v, field, min, max);
    if (!i)
        return i.error();
    return std::optional<qint64>(*i);
}

Result<std::optional<QJsonObject>> optionalObject(const QJsonObject &obj, const QString &field)
{
    const QJsonValue v = obj.value(field);
    if (isAbsent(v))
        return std::optional<QJsonObject>();
    if (!v.isObject())
        return wrongType(field, QLatin1StringView("an object"));
    return std::optional<QJsonObject>(v.toObject());
}

Result<std::optional<QJsonArray>> optionalArray(const QJsonObject &obj, const QString &field)
{
    const QJsonValue v = obj.value(field);
    if (isAbsent(v))
        return std::optional<QJsonArray>();
    if (!v.isArray())
        return wrongType(field, QLatin1StringView("an array"));
    return std::optional<QJsonArray>(v.toArray());
}

Result<QJsonObject> requireObject(const QJsonObject &obj, const QString &field)
{
    const QJsonValue v = obj.value(field);
    if (isAbsent(v))
        return missing(field);
    if (!v.isObject())
        return wrongType(field, QLatin1StringView("an object"));
    return v.toObject();
}

Result<QDateTime> requireTime(const QJsonObject &obj, const QString &field)
{
    const QJsonValue v = obj.value(field);
    if (isAbsent(v))
        return missing(field);
    const auto time = v.isString() ? fromWireTime(v.toString()) : std::nullopt;
    if (!time)
        return wrongType(field, QLatin1StringView("an RFC 3339 timestamp"));
    return *time;
}

Result<QDateTime> optionalTime(const QJsonObject &obj, const QString &field)
{
    if (isAbsent(obj.value(field)))
        return QDateTime();
    return requireTime(obj, field);
}

Error nested(Error error, const QString &prefix)
{
    if (error.field.isEmpty())
        error.field = prefix;
    else if (error.field.startsWith(u'['))
        error.field = prefix + error.field;
    else
        error.field = prefix + u'.' + error.field;
    return error;
}

namespace {

const QByteArray kUtf8Bom("\xEF\xBB\xBF"); // U+FEFF in UTF-8

// Text that cannot be stored and read back as it is: a surrogate that pairs with nothing (Qt's
// parser accepts "\ud800" escapes) is not a character at all, and U+FFFE / U+FFFF come back
// from SQLite as U+FFFD.
bool hasUnstorableText(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate() || c.unicode() == 0xFFFE || c.unicode() == 0xFFFF)
            return true;
    }
    return false;
}

bool hasUnstorableText(const QJsonValue &value)
{
    if (value.isString())
        return hasUnstorableText(value.toString());
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (hasUnstorableText(item))
                return true;
        }
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (hasUnstorableText(it.key()) || hasUnstorableText(it.value()))
                return true;
        }
    }
    return false;
}

// Qt writes U+FEFF as raw UTF-8, and Qt parsers (ours, the desktop app's) drop it at the start of
// a string: the escape survives any parser. Outside strings JSON text holds no such bytes.
QByteArray withEscapedBoms(QByteArray json)
{
    if (json.contains(kUtf8Bom))
        json.replace(kUtf8Bom, QByteArrayLiteral("\\ufeff"));
    return json;
}

// Qt's parser drops a raw U+FEFF (bytes EF BB BF) at the start of a string; the \ufeff escape
// keeps it. A BOM at the very start of the body is left alone (and skipped, as before).
QByteArray escapeInnerBoms(const QByteArray &body)
{
    if (body.indexOf(kUtf8Bom, 1) < 0)
        return body;
    QByteArray rest = body.mid(1);
    rest.replace(kUtf8Bom, QByteArrayLiteral("\\ufeff"));
    return body.left(1) + rest;
}

} // namespace

Result<QJsonObject> parseObject(const QByteArray &raw)
{
    const Error notObject = Error::badRequest(QStringLiteral("Body must be a JSON object"));
    if (raw.trimmed().isEmpty())
        return notObject;
    const QByteArray body = escapeInnerBoms(raw);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt refuses a bare scalar as a document; wrapped in an array it parses if it is one, and
        // then the body is well-formed JSON that is simply not an object.
        QJsonParseError wrappedError;
        QJsonDocument::fromJson('[' + body + ']', &wrappedError);
        if (wrappedError.error == QJsonParseError::NoError)
            return notObject;
        return Error::badRequest(u"Malformed JSON: "_s + parseError.errorString() +
                                 u" at offset "_s + QString::number(parseError.offset));
    }
    if (!doc.isObject())
        return notObject;
    const QJsonObject object = doc.object();
    if (hasUnstorableText(QJsonValue(object)))
        return Error::badRequest(QStringLiteral(
            "Malformed JSON: text holds a lone surrogate, U+FFFE or U+FFFF (not characters)"));
    return object;
}

QByteArray compact(const QJsonObject &obj)
{
    return withEscapedBoms(QJsonDocument(obj).toJson(QJsonDocument::Compact));
}

QByteArray compact(const QJsonArray &array)
{
    return withEscapedBoms(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace parley::json
