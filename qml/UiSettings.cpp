#include "UiSettings.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWindow>

using namespace Qt::StringLiterals;

namespace parley::app {

namespace {
const QString kTheme = u"ui/theme"_s;
const QString kNotifications = u"ui/notifications"_s;
const QString kGeometry = u"ui/window_geometry"_s;
const QString kMaximized = u"ui/window_maximized"_s;

void saveGeometry(const QWindow *window)
{
    QSettings settings;
    const bool maximized = window->windowStates().testFlag(Qt::WindowMaximized);
    settings.setValue(kMaximized, maximized);
    if (!maximized)
        settings.setValue(kGeometry, window->geometry());
}
} // namespace

UiSettings::UiSettings(QObject *parent)
    : QObject(parent)
{}

QString UiSettings::themeMode() const
{
    const QString mode = m_settings.value(kTheme, u"system"_s).toString();
    return mode == "light"_L1 || mode == "dark"_L1 ? mode : u"system"_s;
}

void UiSettings::setThemeMode(const QString &mode)
{
    if (mode == themeMode())
        return;
    m_settings.setValue(kTheme, mode);
    Q_EMIT themeModeChanged();
}

bool UiSettings::notifications() const
{
    return m_settings.value(kNotifications, true).toBool();
}

void UiSettings::setNotifications(bool on)
{
    if (on == notifications())
        return;
    m_settings.setValue(kNotifications, on);
    Q_EMIT notificationsChanged();
}

void UiSettings::trackWindow(QWindow *window)
{
    QSettings settings;
    const QRect saved = settings.value(kGeometry).toRect();
    bool onScreen = false;
    for (const QScreen *screen : QGuiApplication::screens())
        onScreen = onScreen || screen->availableGeometry().intersects(saved);
    if (saved.isValid() && onScreen)
        window->setGeometry(saved);
    if (settings.value(kMaximized, false).toBool())
        window->showMaximized();

    // Closing the window hides it before the app quits; quitting by shortcut does not.
    QObject::connect(window, &QWindow::visibleChanged, window, [window](bool visible) {
        if (!visible)
            saveGeometry(window);
    });
    QObject::connect(qApp, &QGuiApplication::aboutToQuit, window,
                     [window] { saveGeometry(window); });
}

} // namespace parley::app
