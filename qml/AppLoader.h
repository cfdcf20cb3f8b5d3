#pragma once

#include <QString>

class QQmlApplicationEngine;
class QQuickWindow;

namespace parley::client {
class AppState;
}

namespace parley::app {

// The Qt Quick Controls style the app is drawn with (Fusion, which follows the palette Theme
// sets), unless QT_QUICK_CONTROLS_STYLE names another. Call before the first engine.
void useDefaultStyle();

// Loads the app's window (qrc:/Parley/App/Main.qml) into `engine` with `state` as the `Parley`
// singleton's network access. Returns the window, or nullptr (with `error`) when QML failed.
QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine, client::AppState &state,
                             QString *error = nullptr);

} // namespace parley::app
