// The app's canned responses (Parley.canned, CannedFilterModel) against the real parley-server:
// loaded for staff at login, live over the real WebSocket when a colleague edits, filtered by
// shortcut/title prefix, created/edited/deleted with the server's field errors, rendered for a
// room; a customer never gets them.
#include "ClientTest.h"

#include "models/CannedFilterModel.h"
#include "models/CannedResponseModel.h"
#include "session/Session.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace parley;
using namespace parley::test;
using namespace parley::client;

class tst_ClientCanned : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }

    void loadsAtLoginAndFollowsColleagues();
    void filters_data();
    void filters();
    void createEditDeleteAndRender();
    void saveErrorsNameTheField_data();
    void saveErrorsNameTheField();
    void customerNeverLoadsThem();
    void cleanupTestCase() { m_filterApp.reset(); }

private:
    // A client app of a new staff member, logged in and online (nullptr and a failure otherwise).
    // `who`: set to the staff member's session.
    std::unique_ptr<ClientApp> staffApp(const QString &name, test::Session *who = nullptr);
    CannedResponse createAs(const test::Session &as, const QString &title, const QString &shortcut,
                            const QString &body);

    TestServer m_server;
    test::Session m_colleague;
    std::unique_ptr<ClientApp> m_filterApp;
    QString m_prefix; // keeps this suite's shortcuts apart from the demo's and each other's
};

void tst_ClientCanned::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_colleague = m_server.createUser(uniqueName(u"colleague"_s), u"staff"_s);
    QVERIFY(!m_colleague.access.isEmpty());
    m_prefix = u"t%1"_s.arg(QDateTime::currentMSecsSinceEpoch() % 100000);
}

std::unique_ptr<ClientApp> tst_ClientCanned::staffApp(const QString &name, test::Session *who)
{
    const auto staff = m_server.createUser(uniqueName(name), u"staff"_s);
    if (who)
        *who = staff;
    auto app = std::make_unique<ClientApp>(m_server);
    if (!app->loginOnline(staff.username())) {
        QTest::qFail("the staff app did not come online", __FILE__, __LINE__);
        return nullptr;
    }
    return app;
}

CannedResponse tst_ClientCanned::createAs(const test::Session &as, const QString &title,
                                          const QString &shortcut, const QString &body)
{
    CannedRequest req;
    req.title = title;
    req.shortcut = shortcut;
    req.body = body;
    auto created = await<CannedResponse>(
        [&](auto done) { restAs(m_server, as, this)->createCanned(req, done); });
    if (!created) {
        QTest::qFail(qPrintable(why(created)), __FILE__, __LINE__);
        return {};
    }
    return *created;
}

void tst_ClientCanned::loadsAtLoginAndFollowsColleagues()
{
    const CannedResponse before =
        createAs(m_colleague, u"Before login"_s, u"/%1-before"_s.arg(m_prefix), u"Hello"_s);
    const auto staff = m_server.createUser(uniqueName(u"agent"_s), u"staff"_s);
    ClientApp app(m_server);
    CannedResponseModel *canned = app->canned();
    QAbstractItemModelTester tester(canned, kModelTesterMode);
    QCOMPARE(canned->count(), 0);
    QVERIFY(app.loginOnline(staff.username()));
    QTRY_VERIFY(rowWhere(canned, "cannedId", before.id) >= 0);
    QCOMPARE(roleAt(canned, rowWhere(canned, "cannedId", before.id), "shortcut").toString(),
             before.shortcut);

    // A colleague's create, edit and delete show without a reload, through the socket.
    auto *colleague = restAs(m_server, m_colleague, this);
    const CannedResponse made = createAs(m_colleague, u"Shipping"_s, u"/%1-ship"_s.arg(m_prefix),
                                         u"It ships today.\nBye"_s);
    QTRY_VERIFY(rowWhere(canned, "cannedId", made.id) >= 0);
    int row = rowWhere(canned, "cannedId", made.id);
    QCOMPARE(roleAt(canned, row, "title").toString(), u"Shipping"_s);
    QCOMPARE(roleAt(canned, row, "preview").toString(), u"It ships today."_s);
    // Sorted by shortcut: "-before" comes before "-ship".
    QVERIFY(rowWhere(canned, "cannedId", before.id) < row);

    CannedRequest rename;
    rename.title = u"Shipping times"_s;
    rename.shortcut = u"/%1-a-ship"_s.arg(m_prefix); // moves it before "-before"
    QVERIFY(
        await<CannedResponse>([&](auto done) { colleague->updateCanned(made.id, rename, done); }));
    QTRY_COMPARE(roleAt(canned, rowWhere(canned, "cannedId", made.id), "title").toString(),
                 u"Shipping times"_s);
    QVERIFY(rowWhere(canned, "cannedId", made.id) < rowWhere(canned, "cannedId", before.id));

    const int count = canned->count();
    QVERIFY(awaitStatus([&](auto done) { colleague->deleteCanned(made.id, done); }));
    QTRY_COMPARE(rowWhere(canned, "cannedId", made.id), -1);
    QCOMPARE(canned->count(), count - 1);

    // Logging out empties it.
    app->session()->logout();
    QTRY_COMPARE(canned->count(), 0);
}

void tst_ClientCanned::filters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected"); // shortcut suffixes, in order

    QTest::addRow("empty: all") << u""_s << QStringList{u"-greet"_s, u"-refund"_s, u"-return"_s};
    QTest::addRow("shortcut with slash") << u"/%P-re"_s << QStringList{u"-refund"_s, u"-return"_s};
    QTest::addRow("shortcut without slash") << u"%P-ref"_s << QStringList{u"-refund"_s};
    QTest::addRow("any case") << u"/%P-RET"_s << QStringList{u"-return"_s};
    QTest::addRow("title prefix") << u"%P Money"_s << QStringList{u"-refund"_s};
    QTest::addRow("not inside a word") << u"fund"_s << QStringList{};
    QTest::addRow("no match") << u"/%P-zzz"_s << QStringList{};
}

void tst_ClientCanned::filters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    const QString p = m_prefix + u"f"_s;
    if (!m_filterApp) { // one staff app and three responses for every row of the table
        for (const auto &[title, suffix] :
             {std::pair{u"%1 Hello"_s, u"-greet"_s}, std::pair{u"%1 Money back"_s, u"-refund"_s},
              std::pair{u"%1 Returns"_s, u"-return"_s}})
            createAs(m_colleague, title.arg(p), u"/"_s + p + suffix, u"Body"_s);
        m_filterApp = staffApp(u"filter"_s);
        QVERIFY(m_filterApp);
    }
    CannedResponseModel *canned = (*m_filterApp)->canned();
    QTRY_VERIFY(!canned->isLoading() && canned->count() >= 3);

    CannedFilterModel filter;
    QAbstractItemModelTester tester(&filter, kModelTesterMode);
    filter.setSource(canned);
    filter.setQuery(query.replace(u"%P"_s, p));
    QStringList mine; // this table's rows only: the server holds other tests' responses too
    for (int i = 0; i < filter.rowCount(); ++i) {
        const QString shortcut = roleAt(&filter, i, "shortcut").toString();
        if (shortcut.startsWith(u"/"_s + p))
            mine << shortcut.mid(p.size() + 1);
    }
    QCOMPARE(mine, expected);
    QCOMPARE(filter.count(), filter.rowCount());
    // Widening the query again brings every row back.
    filter.setQuery({});
    QCOMPARE(filter.rowCount(), canned->count());
}

void tst_ClientCanned::createEditDeleteAndRender()
{
    test::Session staff;
    const auto app = staffApp(u"editor"_s, &staff);
    QVERIFY(app);
    const auto customer = m_server.createUser(uniqueName(u"buyer"_s), u"customer"_s);
    CannedResponseModel *canned = (*app)->canned();
    QAbstractItemModelTester tester(canned, kModelTesterMode);
    QTRY_VERIFY(!canned->isLoading());

    QSignalSpy saved(canned, &CannedResponseModel::saved);
    QSignalSpy failed(canned, &CannedResponseModel::saveFailed);
    const int createRequest = canned->create(u"Greeting"_s, u"%1-Hi"_s.arg(m_prefix),
                                             u"Hi {customer_name}, {agent_name} here."_s);
    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(saved.first().at(0).toInt(), createRequest);
    const QString id = saved.first().at(1).toString();
    int row = canned->indexOf(id);
    QVERIFY(row >= 0);
    // Stored lower-case with its "/".
    QCOMPARE(roleAt(canned, row, "shortcut").toString(), u"/%1-hi"_s.arg(m_prefix));

    const int updateRequest =
        canned->update(id, u"Hello"_s, u"/%1-hi"_s.arg(m_prefix), u"Hello {customer_name}."_s);
    QTRY_COMPARE(saved.size(), 2);
    QCOMPARE(saved.at(1).at(0).toInt(), updateRequest);
    row = canned->indexOf(id);
    QCOMPARE(roleAt(canned, row, "title").toString(), u"Hello"_s);
    QCOMPARE(roleAt(canned, row, "body").toString(), u"Hello {customer_name}."_s);
    // The server has it too.
    auto listed = await<QList<CannedResponse>>([&](auto done) {
        restAs(m_server, m_colleague, this)->cannedResponses(u"/%1-hi"_s.arg(m_prefix), done);
    });
    QVERIFY2(listed, qPrintable(why(listed)));
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->first().title, u"Hello"_s);

    // Rendered for a room: the customer's name filled in.
    const QString room = roomWithStaff(m_server, customer, staff);
    QVERIFY(!room.isEmpty());
    QSignalSpy rendered(canned, &CannedResponseModel::rendered);
    QSignalSpy renderFailed(canned, &CannedResponseModel::renderFailed);
    const int renderRequest = canned->render(room, id);
    QTRY_COMPARE(rendered.size(), 1);
    QCOMPARE(rendered.first().at(0).toInt(), renderRequest);
    QCOMPARE(rendered.first().at(1).toString(), u"Hello %1."_s.arg(customer.user.displayName));
    canned->render(u"CHAT-no-such-room"_s, id);
    QTRY_COMPARE(renderFailed.size(), 1);
    QCOMPARE(rendered.size(), 1);

    QSignalSpy removed(canned, &CannedResponseModel::removed);
    const int removeRequest = canned->remove(id);
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(0).toInt(), removeRequest);
    QCOMPARE(canned->indexOf(id), -1);
    listed = await<QList<CannedResponse>>([&](auto done) {
        restAs(m_server, m_colleague, this)->cannedResponses(u"/%1-hi"_s.arg(m_prefix), done);
    });
    QVERIFY(listed);
    QVERIFY(listed->isEmpty());
}

void tst_ClientCanned::saveErrorsNameTheField_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("shortcut");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("field");

    QTest::addRow("empty title") << u""_s << u"/%P-e1"_s << u"Body"_s << u"title"_s;
    QTest::addRow("title too long") << QString(101, u'x') << u"/%P-e2"_s << u"Body"_s << u"title"_s;
    QTest::addRow("bad shortcut") << u"Title"_s << u"/has space"_s << u"Body"_s << u"shortcut"_s;
    QTest::addRow("empty body") << u"Title"_s << u"/%P-e3"_s << u""_s << u"body"_s;
    QTest::addRow("shortcut in use") << u"Title"_s << u"/%P-taken"_s << u"Body"_s << u"shortcut"_s;
}

void tst_ClientCanned::saveErrorsNameTheField()
{
    QFETCH(QString, title);
    QFETCH(QString, shortcut);
    QFETCH(QString, body);
    QFETCH(QString, field);
    shortcut.replace(u"%P"_s, m_prefix);
    if (shortcut.endsWith(u"-taken"_s)) {
        // Taken by a colleague; also on an edit of another response.
        createAs(m_colleague, u"Taken"_s, shortcut, u"Mine"_s);
    }
    const auto app = staffApp(u"err"_s);
    QVERIFY(app);
    CannedResponseModel *canned = (*app)->canned();
    QTRY_VERIFY(!canned->isLoading());
    const int count = canned->count();

    QSignalSpy saved(canned, &CannedResponseModel::saved);
    QSignalSpy failed(canned, &CannedResponseModel::saveFailed);
    const int request = canned->create(title, shortcut, body);
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(0).toInt(), request);
    QCOMPARE(failed.first().at(1).toString(), field);
    QVERIFY(!failed.first().at(2).toString().isEmpty());
    QCOMPARE(saved.size(), 0);
    QCOMPARE(canned->count(), count);
}

void tst_ClientCanned::customerNeverLoadsThem()
{
    const auto customer = m_server.createUser(uniqueName(u"cust"_s), u"customer"_s);
    ClientApp customerApp(m_server);
    CannedResponseModel *theirs = customerApp->canned();
    // The app does not even ask for a customer (no "not allowed" toast at login).
    QSignalSpy errors(theirs, &CannedResponseModel::errorOccurred);
    QVERIFY(customerApp.loginOnline(customer.username()));
    const auto staff = staffApp(u"watch"_s);
    QVERIFY(staff);
    QTRY_VERIFY(!(*staff)->canned()->isLoading());

    // A colleague's new response reaches the staff app, and not the customer's socket.
    const CannedResponse made =
        createAs(m_colleague, u"Secret"_s, u"/%1-cust"_s.arg(m_prefix), u"Staff only"_s);
    QTRY_VERIFY(rowWhere((*staff)->canned(), "cannedId", made.id) >= 0);
    QCoreApplication::processEvents();
    QCOMPARE(theirs->count(), 0);
    QCOMPARE(errors.size(), 0);

    // Asking explicitly is refused by the server, and the model stays empty.
    theirs->refresh();
    QTRY_COMPARE(errors.size(), 1);
    QVERIFY(!theirs->isLoading());
    QCOMPARE(theirs->count(), 0);
}

QTEST_MAIN(tst_ClientCanned)
#include "tst_client_canned.moc"
