#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

namespace parley::client {

// How AppState starts: where it keeps its files and which server it talks to.
struct AppOptions
{
    // Cache databases and the token fallback file. Empty: QStandardPaths::AppDataLocation.
    QString dataDir;
    // INI file for the remembered settings. Empty: the platform's default QSettings.
    QString settingsPath;
    // `--server URL`: overrides the remembered server. Empty: the last login's, else the default.
    QUrl serverOverride;
    // false: the refresh token goes straight to the 0600 file (also PARLEY_KEYCHAIN=off).
    bool useKeychain = true;
    // Reconnect backoff range of the socket (tests shorten it).
    int reconnectMinMs = 500;
    int reconnectMaxMs = 30000;

    // `parley [--server URL] [--data-dir DIR]`; unknown arguments are left for Qt/QML.
    // An invalid --server URL is reported through `error` (empty when fine).
    static AppOptions fromArguments(const QStringList &arguments, QString *error = nullptr);
};

} // namespace parley::client
