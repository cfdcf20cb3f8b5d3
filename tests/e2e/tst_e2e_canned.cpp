// Canned responses through the app's UI, end to end: a staff member in the real Main.qml
// (offscreen) against the real parley-server. In a conversation, "/" plus a shortcut and Enter put
// the response, rendered with the customer's name, into the composer without sending it; Enter
// sends it. Ctrl+Shift+K opens the management dialog, where the server's validation errors show
// under the field they name, and a created response is at once offered by the composer.
#include "AppLoader.h"
#include "TestServer.h"
#include "UiDriver.h"

#include "models/CannedResponseModel.h"
#include "state/AppState.h"

#include <QApplication>
#include <QQuickItem>
#include <QTest>

using namespace Qt::StringLiterals;
using parley::e2e::UiDriver;
using parley::test::Session;

class TestE2eCanned : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        const QString tag = QString::number(QDateTime::currentMSecsSinceEpoch() % 100000);
        m_staff = m_server.createUser(u"agent"_s + tag, u"staff"_s);
        m_customer = m_server.createUser(u"buyer"_s + tag, u"customer"_s);
        // A support conversation of the customer that the staff member is in.
        const auto room =
            m_api.post(u"/api/chat/rooms/"_s, {{u"kind"_s, u"support"_s}}, m_customer);
        QCOMPARE(room.status, 201);
        m_roomId = room.obj().value(u"id"_s).toString();
        QCOMPARE(m_api.post(u"/api/chat/rooms/%1/join/"_s.arg(m_roomId), {}, m_staff).status, 200);
        m_shortcut = u"/hello"_s + tag;
        QCOMPARE(m_api
                     .post(u"/api/chat/canned/"_s,
                           {{u"title"_s, u"Greeting"_s},
                            {u"shortcut"_s, m_shortcut},
                            {u"body"_s, u"Hello {customer_name}, {agent_name} here."_s}},
                           m_staff)
                     .status,
                 201);

        m_ui = std::make_unique<UiDriver>(m_server.baseUrl());
        QVERIFY2(
            m_ui->login(m_staff.username(), QString::fromLatin1(parley::test::kDefaultPassword)),
            qPrintable(m_ui->errorString()));
        QVERIFY(m_ui->showSection(u"console"_s));
        // Loaded at login.
        QVERIFY(UiDriver::waitFor([&] { return m_ui->state().canned()->count() > 0; }));
    }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            m_server.dumpLogIfFailed();
    }

    void slashShortcutInsertsTheRenderedBody()
    {
        openConversation();
        QQuickItem *input = m_ui->find(u"composerInput"_s);
        QVERIFY(input);
        m_ui->type(input, m_shortcut.left(4));
        QVERIFY(UiDriver::waitFor([&] { return m_ui->find(u"cannedList"_s) != nullptr; }, 5000));
        m_ui->type(input, m_shortcut.mid(4));
        m_ui->pressKey(Qt::Key_Return);
        const QString expected =
            u"Hello %1, %2 here."_s.arg(m_customer.user.displayName, m_staff.user.displayName);
        QVERIFY2(UiDriver::waitFor([&] { return input->property("text").toString() == expected; },
                                   10000),
                 qPrintable(input->property("text").toString()));
        // Not sent: only in the composer.
        QTest::qWait(300);
        QVERIFY(!m_ui->findDelegate(u"messageList"_s, "content", expected));
        m_ui->pressKey(Qt::Key_Return);
        QVERIFY(UiDriver::waitFor(
            [&] { return m_ui->findDelegate(u"messageList"_s, "content", expected) != nullptr; }));
    }

    void dialogShowsTheServersFieldErrors()
    {
        m_ui->pressKey(Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(
            UiDriver::waitFor([&] { return m_ui->find(u"cannedTitleField"_s) != nullptr; }, 5000));
        QVERIFY(m_ui->click(m_ui->find(u"cannedNewButton"_s)));

        // No title: the server's message under the title.
        m_ui->type(m_ui->find(u"cannedShortcutField"_s), m_shortcut.mid(1)); // after the "/"
        m_ui->type(m_ui->find(u"cannedBodyField"_s), u"Goodbye {customer_name}."_s);
        m_ui->pressKey(Qt::Key_S, Qt::ControlModifier);
        QVERIFY(UiDriver::waitFor([&] { return m_ui->find(u"cannedTitleError"_s) != nullptr; }));
        QVERIFY(
            m_ui->find(u"cannedTitleError"_s)->property("text").toString().contains(u"title"_s));
        QVERIFY(!m_ui->find(u"cannedShortcutError"_s));

        // A taken shortcut: the server's message under the shortcut.
        m_ui->type(m_ui->find(u"cannedTitleField"_s), u"Goodbye"_s);
        m_ui->pressKey(Qt::Key_S, Qt::ControlModifier);
        QVERIFY(UiDriver::waitFor([&] { return m_ui->find(u"cannedShortcutError"_s) != nullptr; }));
        QVERIFY(
            m_ui->find(u"cannedShortcutError"_s)->property("text").toString().contains(m_shortcut));
        QVERIFY(!m_ui->find(u"cannedTitleError"_s));

        // A free one: created, the errors gone, and the composer offers it.
        const QString bye = m_shortcut + u"-bye"_s;
        m_ui->type(m_ui->find(u"cannedShortcutField"_s), u"-bye"_s);
        m_ui->pressKey(Qt::Key_S, Qt::ControlModifier);
        auto *canned = m_ui->state().canned();
        QVERIFY(UiDriver::waitFor([&] {
            for (int i = 0; i < canned->count(); ++i) {
                if (canned->get(i).value(u"shortcut"_s).toString() == bye)
                    return true;
            }
            return false;
        }));
        QVERIFY(!m_ui->find(u"cannedShortcutError"_s));
        m_ui->pressKey(Qt::Key_Escape);
        QVERIFY(
            UiDriver::waitFor([&] { return m_ui->find(u"cannedTitleField"_s) == nullptr; }, 5000));

        QQuickItem *input = m_ui->find(u"composerInput"_s);
        m_ui->type(input, bye);
        m_ui->pressKey(Qt::Key_Return);
        const QString expected = u"Goodbye %1."_s.arg(m_customer.user.displayName);
        QVERIFY2(UiDriver::waitFor([&] { return input->property("text").toString() == expected; },
                                   10000),
                 qPrintable(input->property("text").toString()));
    }

private:
    void openConversation()
    {
        QQuickItem *row = nullptr;
        QVERIFY(UiDriver::waitFor([&] {
            return (row = m_ui->findDelegate(u"queueList"_s, "roomId", m_roomId)) != nullptr;
        }));
        QVERIFY(m_ui->click(row));
        QVERIFY(UiDriver::waitFor([&] { return m_ui->find(u"composerInput"_s) != nullptr; }));
    }

    parley::test::TestServer m_server;
    parley::test::ApiClient m_api{&m_server};
    Session m_staff;
    Session m_customer;
    QString m_roomId;
    QString m_shortcut;
    std::unique_ptr<UiDriver> m_ui;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"ParleyE2E"_s);
    parley::app::useDefaultStyle();
    TestE2eCanned test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_e2e_canned.moc"
