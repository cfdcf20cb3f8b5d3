#pragma once

#include "protocol/User.h"

#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QSettings;

namespace parley::client {

// What the app remembers between runs (QSettings): the server of the last login and, per server,
// the user who is logged in there (so the app opens on its cache before the server answers).
class ClientSettings
{
public:
    // path empty: the platform's default QSettings for the application; else an INI file there.
    explicit ClientSettings(const QString &path = {});
    ~ClientSettings();

    static QUrl defaultServerUrl(); // http://127.0.0.1:8080

    QUrl lastServerUrl() const; // defaultServerUrl() when never set
    void setLastServerUrl(const QUrl &url);

    std::optional<User> lastUser(const QUrl &server) const;
    void setLastUser(const QUrl &server, const std::optional<User> &user);

    QSettings &raw() { return *m_settings; }

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace parley::client
