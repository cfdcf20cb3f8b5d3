// The QML module Parley.Client as the app's QML sees it: the singleton, its properties and
// enums, and the creatable models, loaded by a real QQmlEngine.
#include "ClientTest.h"

#include "models/MessageListModel.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Parley_ClientPlugin)

using namespace Qt::StringLiterals;
using namespace parley::test;

class tst_ClientQml : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.start(), qPrintable(m_server.errorString())); }
    void cleanup() { m_server.dumpLogIfFailed(); }
    void moduleLoads();

private:
    TestServer m_server;
};

void tst_ClientQml::moduleLoads()
{
    const auto user = m_server.createUser(uniqueName(u"qml"_s), u"customer"_s);
    ClientApp app(m_server);
    QQmlEngine engine;
    engine.addImportPath(u"qrc:/"_s);
    app->installNetworkAccess(&engine);
    QQmlComponent component(&engine);
    component.setData(R"(
        import Parley.Client
        UserAdminModel {
            property string title: Parley.windowTitle
            property bool loggedIn: Parley.session.loggedIn
            property string user: Parley.session.username
            property bool offline: Parley.connectionState === RealtimeClient.Offline
            property int rooms: Parley.rooms.count
            property int pendingState: MessageListModel.Pending
            property MessageListModel messages: MessageListModel { roomId: "" }
            property StaffQueueModel allOpen: StaffQueueModel { scope: StaffQueueModel.AllOpen }
            property ReportListModel reports: ReportListModel {}
            property SearchResultModel search: SearchResultModel {}
            property OnlineStaffModel staff: Parley.onlineStaff
            function login(name, password) { Parley.session.login(name, password) }
        }
    )",
                      QUrl(u"qrc:/tst_client_qml.qml"_s));
    std::unique_ptr<QObject> root(component.create());
    QVERIFY2(root, qPrintable(component.errorString()));
    QCOMPARE(root->property("title").toString(), u"Parley"_s);
    QCOMPARE(root->property("loggedIn").toBool(), false);
    QCOMPARE(root->property("offline").toBool(), true);
    QCOMPARE(root->property("pendingState").toInt(),
             int(parley::client::MessageListModel::Pending));

    QMetaObject::invokeMethod(root.get(), "login", Q_ARG(QVariant, user.username()),
                              Q_ARG(QVariant, QString::fromLatin1(kDefaultPassword)));
    QTRY_VERIFY(root->property("loggedIn").toBool());
    QCOMPARE(root->property("user").toString(), user.username());
    QTRY_VERIFY(!root->property("offline").toBool());
}

QTEST_MAIN(tst_ClientQml)
#include "tst_client_qml.moc"
