// parley [--server URL] [--data-dir DIR]: the desktop app for customers, staff and admins.
#include "AppLoader.h"
#include "UiSettings.h"
#include "state/AppOptions.h"
#include "state/AppState.h"

#include <QApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    // QApplication (not QGuiApplication): desktop notifications go through the system tray.
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Parley"_s);
    QApplication::setApplicationName(u"parley"_s);
    QApplication::setApplicationDisplayName(u"Parley"_s);
    QApplication::setApplicationVersion(QStringLiteral(PARLEY_VERSION));
    QApplication::setDesktopFileName(u"parley"_s);
    QApplication::setWindowIcon(QIcon(u":/Parley/App/icons/parley.png"_s));

    const QStringList args = QApplication::arguments();
    if (args.contains(u"--help"_s) || args.contains(u"-h"_s)) {
        std::fputs("Usage: parley [--server URL] [--data-dir DIR]\n"
                   "  --server URL    the Parley server (default: the last one used, else "
                   "http://127.0.0.1:8080)\n"
                   "  --data-dir DIR  where the local cache and outbox live\n",
                   stdout);
        return 0;
    }
    if (args.contains(u"--version"_s)) {
        std::fputs("parley " PARLEY_VERSION "\n", stdout);
        return 0;
    }
    QString error;
    const auto options = parley::client::AppOptions::fromArguments(args, &error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "parley: %s\n", qPrintable(error));
        return 2;
    }

    parley::app::useDefaultStyle();
    parley::client::AppState state(options);
    QQmlApplicationEngine engine;
    QQuickWindow *window = parley::app::loadMainWindow(engine, state, &error);
    if (!window) {
        std::fprintf(stderr, "parley: %s\n", qPrintable(error));
        return 1;
    }
    parley::app::UiSettings::trackWindow(window);
    state.start();
    return QApplication::exec();
}
