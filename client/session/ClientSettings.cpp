#include "session/ClientSettings.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
QString userKey(const QUrl &server)
{
    // QSettings keys cannot hold '/' meaningfully: use the encoded origin.
    return u"users/"_s + QString::fromLatin1(server.toString(QUrl::StripTrailingSlash)
                                                 .toUtf8()
                                                 .toBase64(QByteArray::Base64UrlEncoding |
                                                           QByteArray::OmitTrailingEquals));
}
} // namespace

ClientSettings::ClientSettings(const QString &path)
    : m_settings(path.isEmpty() ? std::make_unique<QSettings>()
                                : std::make_unique<QSettings>(path, QSettings::IniFormat))
{}

ClientSettings::~ClientSettings() = default;

QUrl ClientSettings::defaultServerUrl()
{
    return QUrl(u"http://127.0.0.1:8080"_s);
}

QUrl ClientSettings::lastServerUrl() const
{
    const QUrl url(m_settings->value(u"server/url"_s).toString());
    return url.isValid() && !url.isEmpty() ? url : defaultServerUrl();
}

void ClientSettings::setLastServerUrl(const QUrl &url)
{
    m_settings->setValue(u"server/url"_s, url.toString(QUrl::StripTrailingSlash));
    m_settings->sync();
}

std::optional<User> ClientSettings::lastUser(const QUrl &server) const
{
    const auto json = m_settings->value(userKey(server)).toByteArray();
    if (json.isEmpty())
        return std::nullopt;
    auto user = User::fromJson(QJsonDocument::fromJson(json).object());
    if (!user)
        return std::nullopt;
    return *user;
}

void ClientSettings::setLastUser(const QUrl &server, const std::optional<User> &user)
{
    if (user)
        m_settings->setValue(userKey(server),
                             QJsonDocument(user->toJson()).toJson(QJsonDocument::Compact));
    else
        m_settings->remove(userKey(server));
    m_settings->sync();
}

} // namespace parley::client
