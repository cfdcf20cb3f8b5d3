#include "AppLoader.h"

#include "state/AppState.h"

#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QUrl>
#include <QtQml/qqmlextensionplugin.h>

// Both QML modules are static libraries: their plugins are linked in and imported here.
Q_IMPORT_QML_PLUGIN(Parley_AppPlugin)
Q_IMPORT_QML_PLUGIN(Parley_ClientPlugin)

using namespace Qt::StringLiterals;

namespace parley::app {

void useDefaultStyle()
{
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(u"Fusion"_s);
}

QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine, client::AppState &state, QString *error)
{
    engine.addImportPath(u"qrc:/"_s);
    state.installNetworkAccess(&engine);
    QStringList warnings;
    QObject::connect(&engine, &QQmlEngine::warnings, &engine,
                     [&warnings](const QList<QQmlError> &list) {
                         for (const QQmlError &e : list)
                             warnings << e.toString();
                     });
    engine.load(QUrl(u"qrc:/Parley/App/Main.qml"_s));
    QObject::disconnect(&engine, &QQmlEngine::warnings, &engine, nullptr);
    auto *window = engine.rootObjects().isEmpty()
                       ? nullptr
                       : qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window && error)
        *error = warnings.isEmpty() ? u"Main.qml did not create a window"_s : warnings.join(u'\n');
    return window;
}

} // namespace parley::app
