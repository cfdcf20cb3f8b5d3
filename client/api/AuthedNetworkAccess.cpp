#include "api/AuthedNetworkAccess.h"

#include <QMutexLocker>
#include <QNetworkAccessManager>
#include <QNetworkRequest>

namespace parley::client {

void SharedCredentials::set(const QUrl &server, const QString &token)
{
    QMutexLocker lock(&m_mutex);
    m_server = server;
    m_token = token;
}

QUrl SharedCredentials::server() const
{
    QMutexLocker lock(&m_mutex);
    return m_server;
}

QString SharedCredentials::token() const
{
    QMutexLocker lock(&m_mutex);
    return m_token;
}

namespace {
// Adds the token to requests whose scheme, host and port are the server's.
class AuthedNetworkAccessManager : public QNetworkAccessManager
{
public:
    AuthedNetworkAccessManager(std::shared_ptr<SharedCredentials> credentials, QObject *parent)
        : QNetworkAccessManager(parent)
        , m_credentials(std::move(credentials))
    {}

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &original,
                                 QIODevice *outgoingData) override
    {
        QNetworkRequest req(original);
        const QUrl server = m_credentials->server();
        const QUrl url = req.url();
        const QString token = m_credentials->token();
        if (!token.isEmpty() && url.scheme() == server.scheme() && url.host() == server.host() &&
            url.port(-1) == server.port(-1))
            req.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        return QNetworkAccessManager::createRequest(op, req, outgoingData);
    }

private:
    std::shared_ptr<SharedCredentials> m_credentials;
};
} // namespace

QNetworkAccessManager *AuthedNetworkAccessFactory::create(QObject *parent)
{
    return new AuthedNetworkAccessManager(m_credentials, parent);
}

} // namespace parley::client
