#include "protocol/Result.h"

namespace parley {

QJsonObject Error::toJson() const
{
    QJsonObject obj{{QStringLiteral("code"), errorCodeName(code)},
                    {QStringLiteral("message"), message}};
    if (!field.isEmpty())
        obj.insert(QStringLiteral("field"), field);
    return obj;
}

std::optional<Error> Error::fromJson(const QJsonObject &obj)
{
    const auto code = errorCodeFromName(obj.value(QStringLiteral("code")).toString());
    if (!code)
        return std::nullopt;
    return Error{*code, obj.value(QStringLiteral("message")).toString(),
                 obj.value(QStringLiteral("field")).toString()};
}

} // namespace parley
