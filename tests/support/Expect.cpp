#include "Expect.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace parley::test {

QString checkStatus(const Reply &reply, int status)
{
    if (reply.status == status)
        return {};
    return u"expected HTTP %1, got: %2"_s.arg(status).arg(reply.describe());
}

QString checkError(const Reply &reply, int status, const QString &code, const QString &field)
{
    QStringList problems;
    if (reply.status != status)
        problems << u"status %1 (expected %2)"_s.arg(reply.status).arg(status);
    if (!reply.header("content-type").startsWith("application/json"))
        problems << u"Content-Type \"%1\" (expected application/json)"_s.arg(
            QString::fromLatin1(reply.header("content-type")));
    const QJsonObject error = reply.obj().value("error"_L1).toObject();
    if (error.isEmpty()) {
        problems << u"no {\"error\": {...}} object in the body"_s;
    } else {
        if (error.value("code"_L1).toString() != code)
            problems << u"code \"%1\" (expected \"%2\")"_s.arg(error.value("code"_L1).toString(),
                                                               code);
        if (!error.value("message"_L1).isString() || error.value("message"_L1).toString().isEmpty())
            problems << u"no error.message string"_s;
        if (!field.isNull() && error.value("field"_L1).toString() != field)
            problems << u"field \"%1\" (expected \"%2\")"_s.arg(error.value("field"_L1).toString(),
                                                                field);
    }
    if (problems.isEmpty())
        return {};
    return u"expected %1 %2%3; wrong: %4\n  answer: %5"_s.arg(
        QString::number(status), code, field.isNull() ? QString() : u" field \""_s + field + u'"',
        problems.join(u"; "_s), reply.describe());
}

QString checkMatch(const QString &text, const QString &pattern, const char *expression)
{
    if (QRegularExpression(pattern).match(text).hasMatch())
        return {};
    return u"%1 = \"%2\" does not match %3"_s.arg(QString::fromLatin1(expression), text, pattern);
}

} // namespace parley::test

char *toString(const QJsonValue &value)
{
    QByteArray text;
    if (value.isObject())
        text = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    else if (value.isArray())
        text = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    else if (value.isUndefined())
        text = "(absent)";
    else // wrap the scalar to serialize it
        text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1).mid(1);
    return qstrdup(text.constData());
}

char *toString(const QJsonObject &value)
{
    return toString(QJsonValue(value));
}

char *toString(const QJsonArray &value)
{
    return toString(QJsonValue(value));
}
