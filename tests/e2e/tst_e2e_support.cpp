// A support conversation through the app's UI, end to end: the real parley-server (demo data) on an
// ephemeral port, the customer alice in this process and the staff member sam in a second process
// (the same binary with --peer), each with the real Main.qml in an offscreen window. The customer
// starts a support request and writes; sam sees it waiting in the queue (with its waiting time),
// joins with one click and answers with a quote; alice sees the answer and her message's ticks turn
// to read; alice types (sam sees it), sends and edits her last message with the Up key (sam sees
// "edited"); sam closes the conversation and alice's composer says so.
#include "ApiClient.h"
#include "AppLoader.h"
#include "PeerProcess.h"
#include "TestServer.h"
#include "UiDriver.h"

#include <QApplication>
#include <QJsonArray>
#include <QQuickItem>
#include <QTest>

using namespace Qt::StringLiterals;
using parley::e2e::PeerProcess;
using parley::e2e::UiDriver;

class TestE2eSupport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY2(m_staff.start(m_server.baseUrl()), qPrintable(m_staff.errorString()));
        QVERIFY2(m_staff.command({u"login"_s, u"sam"_s, u"demo-password"_s}),
                 qPrintable(m_staff.errorString()));
        m_customer = std::make_unique<UiDriver>(m_server.baseUrl());
        QVERIFY2(m_customer->login(u"alice"_s, u"demo-password"_s),
                 qPrintable(m_customer->errorString()));
    }

    void cleanup()
    {
        if (QTest::currentTestFailed()) {
            m_server.dumpLogIfFailed();
            qWarning("staff peer log:\n%s", m_staff.log().constData());
        }
    }

    void customerAndStaffTalk()
    {
        const QString subject = u"Parcel not arrived"_s;
        const QString question = u"Hello, order ORD-1001 has not arrived."_s;
        const QString answer = u"Hi Alice, I am on it: it ships today."_s;

        QVERIFY(m_customer->startSupportRequest(subject));
        QVERIFY(m_customer->send(question));
        QTRY_VERIFY_WITH_TIMEOUT(m_customer->tickStatus(question) == "sent"_L1, 10000);

        QVERIFY2(m_staff.command({u"join"_s, subject}), qPrintable(m_staff.errorString()));
        QVERIFY2(m_staff.command({u"wait-message"_s, question}), qPrintable(m_staff.errorString()));
        QVERIFY2(m_staff.command({u"send"_s, answer}), qPrintable(m_staff.errorString()));

        QVERIFY(UiDriver::waitFor([&] {
            return m_customer->findDelegate(u"messageList"_s, "content", answer) != nullptr;
        }));
        // sam has the conversation open in a focused window: the question is read.
        QTRY_COMPARE_WITH_TIMEOUT(m_customer->tickStatus(question), u"read"_s, 15000);
        // ... and alice's open window reads the answer.
        QVERIFY2(m_staff.command({u"wait-tick"_s, answer, u"read"_s}),
                 qPrintable(m_staff.errorString()));
    }

    void typingAndEditing()
    {
        QQuickItem *input = m_customer->find(u"composerInput"_s);
        m_customer->type(input, u"Thanks a lot"_s);
        QVERIFY2(m_staff.command({u"wait-typing"_s, u"Alice"_s}),
                 qPrintable(m_staff.errorString()));
        m_customer->pressKey(Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(m_customer->tickStatus(u"Thanks a lot"_s) == "read"_L1, 10000);

        // Up in the empty composer edits my last message; Enter saves.
        m_customer->pressKey(Qt::Key_Up);
        QCOMPARE(input->property("text").toString(), u"Thanks a lot"_s);
        m_customer->type(input, u"!"_s);
        m_customer->pressKey(Qt::Key_Return);
        QVERIFY2(m_staff.command({u"wait-edited"_s, u"Thanks a lot!"_s}),
                 qPrintable(m_staff.errorString()));
    }

    void staffClosesTheConversation()
    {
        QVERIFY2(m_staff.command({u"close-room"_s}), qPrintable(m_staff.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(!m_customer->find(u"composerInput"_s)->isEnabled(), 10000);
        QCOMPARE(m_customer->find(u"closeRoomButton"_s)->property("text").toString(), u"Reopen"_s);
    }

    // ui-close: the closed conversation offers alice its rating card; she rates it with a star
    // and a comment, the card then shows the rating given, and the server has it for staff.
    void customerRatesTheConversation()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_customer->find(u"ratingCard"_s) != nullptr, 10000);
        QQuickItem *submit = m_customer->find(u"submitRatingButton"_s);
        QVERIFY(submit);
        QVERIFY(!submit->isEnabled()); // no star yet
        QVERIFY(m_customer->click(m_customer->find(u"star4"_s)));
        QVERIFY(submit->isEnabled());
        m_customer->type(m_customer->find(u"ratingComment"_s), u"Fast and friendly"_s);
        m_customer->pressKey(Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(m_customer->find(u"givenView"_s) != nullptr, 10000);
        QCOMPARE(m_customer->find(u"givenStars"_s)->property("text").toString(), u"★★★★☆"_s);

        parley::test::ApiClient api(&m_server);
        const parley::test::Session sam = api.login(u"sam"_s, u"demo-password"_s);
        const QJsonArray latest =
            api.get(u"/api/chat/ratings/"_s, sam).obj().value("latest"_L1).toArray();
        QVERIFY(!latest.isEmpty());
        QCOMPARE(latest.first().toObject().value("score"_L1).toInt(), 4);
        QCOMPARE(latest.first().toObject().value("comment"_L1).toString(), u"Fast and friendly"_s);
    }

private:
    parley::test::TestServer m_server{{u"--demo"_s}};
    PeerProcess m_staff;
    std::unique_ptr<UiDriver> m_customer;
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"ParleyE2E"_s);
    parley::app::useDefaultStyle();
    if (argc >= 3 && qstrcmp(argv[1], "--peer") == 0)
        return parley::e2e::runPeer(QUrl(QString::fromLocal8Bit(argv[2])));
    TestE2eSupport test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_e2e_support.moc"
