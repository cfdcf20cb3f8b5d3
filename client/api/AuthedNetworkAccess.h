#pragma once

#include <QMutex>
#include <QQmlNetworkAccessManagerFactory>
#include <QString>
#include <QUrl>

#include <memory>

namespace parley::client {

// The access token and server origin, shared with the QML engine's loader threads.
class SharedCredentials
{
public:
    void set(const QUrl &server, const QString &token);
    QUrl server() const;
    QString token() const;

private:
    mutable QMutex m_mutex;
    QUrl m_server;
    QString m_token;
};

// Network managers for the QML engine that add `Authorization: Bearer <access>` to requests for
// the Parley server (and only for it), so `Image { source: model.thumbnailUrl }` loads
// attachments that need a login. Installed by AppState::installNetworkAccess().
class AuthedNetworkAccessFactory : public QQmlNetworkAccessManagerFactory
{
public:
    explicit AuthedNetworkAccessFactory(std::shared_ptr<SharedCredentials> credentials)
        : m_credentials(std::move(credentials))
    {}
    QNetworkAccessManager *create(QObject *parent) override;

private:
    std::shared_ptr<SharedCredentials> m_credentials;
};

} // namespace parley::client
