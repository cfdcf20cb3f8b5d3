// Assignment through the app's UI, end to end (ui-assign): an admin in the real Main.qml
// (offscreen) sees a customer's request as Unassigned in the console's filters, opens it, assigns
// it to a colleague with Ctrl+Shift+G, typing and Enter, takes it back with Ctrl+T (it moves to
// Mine), and in the admin's Desk tab meets the server's validation before saving a capacity. The
// customer and the colleague are REST sessions on the same real parley-server.
#include "ApiClient.h"
#include "AppLoader.h"
#include "TestServer.h"
#include "UiDriver.h"

#include "Helpers.h"

#include <QApplication>
#include <QQuickItem>
#include <QTest>

using namespace Qt::StringLiterals;
using parley::e2e::UiDriver;
using parley::test::ApiClient;
using parley::test::uniqueName;

class TestE2eAssign : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        m_customer = m_server.createUser(uniqueName(u"cust"_s), u"customer"_s);
        m_colleague = m_server.createUser(uniqueName(u"colleague"_s), u"staff"_s);
        m_admin = m_server.createUser(uniqueName(u"boss"_s), u"admin"_s);
        m_ui = std::make_unique<UiDriver>(m_server.baseUrl());
        QVERIFY2(
            m_ui->login(m_admin.username(), QString::fromLatin1(parley::test::kDefaultPassword)),
            qPrintable(m_ui->errorString()));
    }
    void cleanup()
    {
        if (QTest::currentTestFailed())
            m_server.dumpLogIfFailed();
    }

    void assignFromTheConsole()
    {
        QVERIFY(m_ui->showSection(u"console"_s));
        m_roomId = parley::test::openSupportRoom(m_api, m_customer, u"Wrong size"_s);
        QVERIFY(!m_roomId.isEmpty());

        // Waiting, nobody assigned: counted under Unassigned.
        QVERIFY(UiDriver::waitFor(
            [&] { return m_ui->findDelegate(u"queueList"_s, "roomId", m_roomId) != nullptr; }));
        QTRY_COMPARE(filterText(u"unassignedFilter"_s), u"Unassigned (1)"_s);
        QCOMPARE(filterText(u"mineFilter"_s), u"Mine (0)"_s);
        QVERIFY(m_ui->click(m_ui->findDelegate(u"queueList"_s, "roomId", m_roomId)));
        QVERIFY(UiDriver::waitFor([&] { return m_ui->find(u"assignButton"_s) != nullptr; }));

        // Ctrl+Shift+G, type the colleague's name, Enter.
        m_ui->pressKey(Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(UiDriver::waitFor([&] { return m_ui->find(u"assignFilter"_s) != nullptr; }));
        QQuickItem *filter = m_ui->find(u"assignFilter"_s);
        QVERIFY(UiDriver::waitFor([&] { return !m_ui->find(u"assignNoMatch"_s); }));
        m_ui->type(filter, m_colleague.user.displayName);
        m_ui->pressKey(Qt::Key_Return);
        QVERIFY(UiDriver::waitFor([&] { return assigneeId() == m_colleague.id(); }));
        QTRY_COMPARE(filterText(u"unassignedFilter"_s), u"Unassigned (0)"_s);

        // Ctrl+T: the admin takes it over; it is theirs now.
        m_ui->pressKey(Qt::Key_T, Qt::ControlModifier);
        QVERIFY(UiDriver::waitFor([&] { return assigneeId() == m_admin.id(); }));
        QTRY_COMPARE(filterText(u"mineFilter"_s), u"Mine (1)"_s);
        // Alt+U shows the unassigned ones only: not this one; Alt+M shows it.
        m_ui->pressKey(Qt::Key_U, Qt::AltModifier);
        QTRY_VERIFY(!m_ui->findDelegate(u"queueList"_s, "roomId", m_roomId));
        m_ui->pressKey(Qt::Key_M, Qt::AltModifier);
        QTRY_VERIFY(m_ui->findDelegate(u"queueList"_s, "roomId", m_roomId));
    }

    void deskSettingsInTheAdminPage()
    {
        QVERIFY(m_ui->showSection(u"admin"_s));
        QVERIFY(m_ui->click(m_ui->find(u"deskTab"_s)));
        QVERIFY(UiDriver::waitFor([&] {
            QQuickItem *field = m_ui->find(u"capacityField"_s);
            return field && field->isEnabled() && field->property("text").toString() == u"5"_s;
        }));
        QQuickItem *capacity = m_ui->find(u"capacityField"_s);

        // Out of range: the server's message under the form, nothing stored.
        capacity->forceActiveFocus();
        m_ui->pressKey(Qt::Key_A, Qt::ControlModifier);
        m_ui->type(capacity, u"0"_s);
        QVERIFY(m_ui->click(m_ui->find(u"deskSaveButton"_s)));
        QVERIFY(UiDriver::waitFor([&] { return m_ui->find(u"deskSettingsError"_s) != nullptr; }));
        QVERIFY(m_ui->find(u"deskSettingsError"_s)
                    ->property("text")
                    .toString()
                    .startsWith(u"capacity: "_s));
        QCOMPARE(deskSettings().value(u"capacity"_s).toInt(), 5);

        // Enter in the field saves; the error goes away.
        capacity->forceActiveFocus();
        m_ui->pressKey(Qt::Key_A, Qt::ControlModifier);
        m_ui->type(capacity, u"8"_s);
        m_ui->pressKey(Qt::Key_Return);
        QVERIFY(UiDriver::waitFor([&] { return deskSettings().value(u"capacity"_s) == 8; }));
        QTRY_VERIFY(!m_ui->find(u"deskSettingsError"_s));
    }

private:
    QString filterText(const QString &name) const
    {
        QQuickItem *button = m_ui->find(name);
        return button ? button->property("text").toString() : QString();
    }
    QString assigneeId()
    {
        const auto room = m_api.get(parley::test::roomPath(m_roomId), m_admin);
        return room.obj().value(u"assignee"_s).toObject().value(u"id"_s).toString();
    }
    QJsonObject deskSettings() { return m_api.get(u"/api/admin/desk/"_s, m_admin).obj(); }

    parley::test::TestServer m_server;
    ApiClient m_api{&m_server};
    parley::test::Session m_customer;
    parley::test::Session m_colleague;
    parley::test::Session m_admin;
    std::unique_ptr<UiDriver> m_ui;
    QString m_roomId;
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"ParleyE2EAssign"_s);
    parley::app::useDefaultStyle();
    TestE2eAssign test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_e2e_assign.moc"
