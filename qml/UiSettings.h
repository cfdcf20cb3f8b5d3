#pragma once

#include <QObject>
#include <QSettings>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QWindow;

namespace parley::app {

// The app's own look-and-feel settings (QSettings, group "ui"): theme choice, notifications, and
// the main window's geometry, restored at start. QML singleton `UiSettings` in Parley.App.
class UiSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    // "system" (follow the system palette), "light" or "dark".
    Q_PROPERTY(QString themeMode READ themeMode WRITE setThemeMode NOTIFY themeModeChanged)
    Q_PROPERTY(
        bool notifications READ notifications WRITE setNotifications NOTIFY notificationsChanged)

public:
    explicit UiSettings(QObject *parent = nullptr);

    QString themeMode() const;
    void setThemeMode(const QString &mode);
    bool notifications() const;
    void setNotifications(bool on);

    // Puts the window where it was when the app last closed (if that screen still exists), and
    // remembers its geometry whenever it closes.
    static void trackWindow(QWindow *window);

Q_SIGNALS:
    void themeModeChanged();
    void notificationsChanged();

private:
    QSettings m_settings;
};

} // namespace parley::app
