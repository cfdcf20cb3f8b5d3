// End-to-end tests of GET /api/chat/search/ (docs/API.md "Search"): every word must match,
// partial words and CJK (including 1-2 character terms), case, LIKE wildcards taken literally,
// edited and deleted messages, who finds what, the room filter, paging and snippets.
#include "ApiTest.h"
#include "SqliteFile.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

// Runs statements on a stopped server's SQLite file through a connection of the test's own;
// returns the first error, empty when all ran.
QString execOnFile(const QString &path, const QStringList &statements)
{
    QString error;
    const QString opening = onSqliteFile(path, [&](QSqlDatabase &db) {
        for (const QString &statement : statements) {
            QSqlQuery query(db);
            if (error.isEmpty() && !query.exec(statement))
                error = statement + u": "_s + query.lastError().text();
        }
    });
    return opening.isEmpty() ? error : opening;
}

} // namespace

class tst_SearchApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { m_server.dumpLogIfFailed(); }

    void matching_data();
    void matching();
    void accessRules_data();
    void accessRules();
    void editedAndDeleted();
    void wordIndexAndTrigramsAgree();
    void roomFilter();
    void paging();
    void snippetHighlights();
    void validation_data();
    void validation();
    void indexRebuiltByMigration();
    void rowsLeftPendingAreIndexedAtStart();

private:
    // The contents found by `as` for q (and room), newest first; fails on a non-200.
    QStringList found(const Session &as, const QString &q, const QString &room = {});
    Reply search(const Session &as, const QString &q, const QString &extra = {});

    TestServer m_server;
    ApiClient m_api{&m_server};
    Session m_alice;
    Session m_bob;
    Session m_carol;
    Session m_dave; // member of no room
    Session m_staff;
    QString m_roomAb; // alice + bob
    QString m_roomC;  // carol alone
};

void tst_SearchApi::initTestCase()
{
    const auto dumpLog = qScopeGuard([this] { m_server.dumpLogIfFailed(); });
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_staff = m_server.createUser(uniqueName(u"staff"_s), u"staff"_s);
    m_alice = m_api.registerUser(uniqueName(u"alice"_s));
    m_bob = m_api.registerUser(uniqueName(u"bob"_s));
    m_carol = m_api.registerUser(uniqueName(u"carol"_s));
    m_dave = m_api.registerUser(uniqueName(u"dave"_s));
    RETURN_IF_FAILED();
    m_roomAb = openGroupRoom(m_api, m_alice, {m_bob}, u"ab"_s);
    m_roomC = openSupportRoom(m_api, m_carol, u"carol's question"_s);
    RETURN_IF_FAILED();
    send(m_api, m_alice, m_roomAb, u"The quick brown fox jumps"_s);
    send(m_api, m_bob, m_roomAb, u"Lazy dogs sleep all day"_s);
    send(m_api, m_alice, m_roomAb, u"東京タワーの夜景がきれい"_s);
    send(m_api, m_bob, m_roomAb, u"你好世界"_s);
    send(m_api, m_alice, m_roomAb, u"I am 100% sure about a_b"_s);
    send(m_api, m_alice, m_roomAb, u"Straße und Café"_s);
    // A long word is looked up by its rarest trigrams that share no character and checked whole
    // on the rows they yield: "qzx" and "vwk" (1 message each before the match below, "zxv" and
    // "xvw" in 2) are qzxvwk's rarest; the decoy holds both but not the word.
    send(m_api, m_alice, m_roomAb, u"qzx then vwk"_s);
    send(m_api, m_bob, m_roomAb, u"zxv xvw"_s);
    send(m_api, m_bob, m_roomAb, u"zxv xvw again"_s);
    send(m_api, m_alice, m_roomAb, u"QZXVWK!"_s);
    send(m_api, m_alice, m_roomAb, u"ÜBERMÜDET sind wir"_s);
    send(m_api, m_carol, m_roomC, u"The quick carol fox"_s);
}

Reply tst_SearchApi::search(const Session &as, const QString &q, const QString &extra)
{
    return searchMessages(m_api, as, q, extra);
}

QStringList tst_SearchApi::found(const Session &as, const QString &q, const QString &room)
{
    return searchContents(m_api, as, q, room.isEmpty() ? QString() : u"&room="_s + room);
}

void tst_SearchApi::matching_data()
{
    QTest::addColumn<QString>("q");
    QTest::addColumn<QStringList>("expected"); // as alice sees it, newest first
    const QString fox = u"The quick brown fox jumps"_s;
    QTest::addRow("word") << u"quick"_s << QStringList{fox};
    QTest::addRow("partial word") << u"uic"_s << QStringList{fox};
    QTest::addRow("case") << u"QUICK FoX"_s << QStringList{fox};
    QTest::addRow("every word must match") << u"quick dogs"_s << QStringList{};
    QTest::addRow("words in any order") << u"jumps brown"_s << QStringList{fox};
    QTest::addRow("no match") << u"elephant"_s << QStringList{};
    QTest::addRow("CJK 3+ chars") << u"タワー"_s << QStringList{u"東京タワーの夜景がきれい"_s};
    QTest::addRow("CJK 2 chars") << u"東京"_s << QStringList{u"東京タワーの夜景がきれい"_s};
    QTest::addRow("CJK 1 char") << u"世"_s << QStringList{u"你好世界"_s};
    QTest::addRow("CJK two short words") << u"你好 世界"_s << QStringList{u"你好世界"_s};
    QTest::addRow("short latin") << u"fo"_s << QStringList{fox};
    QTest::addRow("short and long") << u"ox jumps"_s << QStringList{fox};
    QTest::addRow("percent is literal") << u"%"_s << QStringList{u"I am 100% sure about a_b"_s};
    QTest::addRow("underscore is literal")
        << u"a_b"_s << QStringList{u"I am 100% sure about a_b"_s};
    QTest::addRow("no wildcard") << u"a%b"_s << QStringList{};
    QTest::addRow("quote in term") << u"\"quick"_s << QStringList{};
    QTest::addRow("accents") << u"straße café"_s << QStringList{u"Straße und Café"_s};
    QTest::addRow("long word, rare trigrams apart") << u"qzxvwk"_s << QStringList{u"QZXVWK!"_s};
    QTest::addRow("long words, each checked whole") << u"zxvxvw qzxv"_s << QStringList{};
    QTest::addRow("long word, non-ASCII case")
        << u"übermüdet"_s << QStringList{u"ÜBERMÜDET sind wir"_s};
    QTest::addRow("long partial word") << u"zxvwk"_s << QStringList{u"QZXVWK!"_s};
    QTest::addRow("newest first") << u"a"_s
                                  << QStringList{u"zxv xvw again"_s, u"Straße und Café"_s,
                                                 u"I am 100% sure about a_b"_s,
                                                 u"Lazy dogs sleep all day"_s};
}

void tst_SearchApi::matching()
{
    QFETCH(QString, q);
    QFETCH(QStringList, expected);
    QCOMPARE(found(m_alice, q), expected);
}

void tst_SearchApi::accessRules_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QStringList>("expected");
    const QString ab = u"The quick brown fox jumps"_s;
    const QString c = u"The quick carol fox"_s;
    QTest::addRow("member of one room") << u"alice"_s << QStringList{ab};
    QTest::addRow("other member") << u"bob"_s << QStringList{ab};
    QTest::addRow("customer elsewhere") << u"carol"_s << QStringList{c};
    QTest::addRow("staff see every room") << u"staff"_s << QStringList{c, ab};
    QTest::addRow("customer in no room") << u"dave"_s << QStringList{};
}

void tst_SearchApi::accessRules()
{
    QFETCH(QString, who);
    QFETCH(QStringList, expected);
    const Session &as = who == u"alice"_s   ? m_alice
                        : who == u"bob"_s   ? m_bob
                        : who == u"carol"_s ? m_carol
                        : who == u"dave"_s  ? m_dave
                                            : m_staff;
    QCOMPARE(found(as, u"quick fox"_s), expected);
}

void tst_SearchApi::editedAndDeleted()
{
    const parley::Message edited = send(m_api, m_alice, m_roomAb, u"original wording zebra"_s);
    const parley::Message gone = send(m_api, m_bob, m_roomAb, u"secretword to remove"_s);
    RETURN_IF_FAILED();
    QCOMPARE(found(m_alice, u"zebra"_s).size(), 1);
    QCOMPARE(found(m_alice, u"secretword"_s).size(), 1);

    EXPECT_STATUS(
        m_api.patch(messagePath(edited.id), {{u"content"_s, u"replacement giraffe"_s}}, m_alice),
        200);
    EXPECT_STATUS(m_api.del(messagePath(gone.id), m_bob), 200);
    QCOMPARE(found(m_alice, u"zebra"_s), QStringList{});
    QCOMPARE(found(m_alice, u"original"_s), QStringList{});
    QCOMPARE(found(m_alice, u"giraffe"_s), QStringList{u"replacement giraffe"_s});
    QCOMPARE(found(m_staff, u"secretword"_s), QStringList{});
    QCOMPARE(found(m_staff, u"se"_s).contains(u"secretword to remove"_s), false);

    const Reply hit = search(m_alice, u"giraffe"_s);
    const QJsonObject message = hit.results().at(0).toObject();
    QCOMPARE(message.value("id"_L1).toString(), edited.id);
    QVERIFY(!message.value("edited_at"_L1).isNull());
}

// Since migration 11 a term that is one word and sits inside few vocabulary words is looked up
// in the word index; one inside many words, or holding a separator, in the trigram index. Both
// must give what a substring search of the text gives.
void tst_SearchApi::wordIndexAndTrigramsAgree()
{
    const QString room = openGroupRoom(m_api, m_alice, {m_bob}, u"words"_s);
    RETURN_IF_FAILED();
    // 20 words holding "vexo": more than the word index takes for one term, so "vexo" goes to
    // the trigrams; each whole word goes to the word index.
    QStringList vexo;
    for (int i = 1; i <= 20; ++i) {
        vexo.prepend(u"item vexo%1 listed"_s.arg(i, 2, 10, QLatin1Char('0')));
        send(m_api, m_alice, room, vexo.front());
    }
    send(m_api, m_bob, room, u"Order#4521 shipped, tracking-id KX9"_s);
    RETURN_IF_FAILED();
    const QString order = u"Order#4521 shipped, tracking-id KX9"_s;
    const auto inRoom = [&](const QString &q) {
        const Reply reply = search(m_alice, q, u"&limit=50&room="_s + room);
        QStringList contents;
        for (const QJsonValue &v : reply.results())
            contents << v.toObject().value("content"_L1).toString();
        return reply.status == 200 ? contents : QStringList{reply.describe()};
    };
    QCOMPARE(inRoom(u"vexo"_s), vexo);                                  // trigrams
    QCOMPARE(inRoom(u"VEXO07"_s), QStringList{vexo.at(13)});            // word index
    QCOMPARE(inRoom(u"exo1"_s).size(), 10);                             // word index, partial
    QCOMPARE(inRoom(u"vexo07 vexo"_s), QStringList{vexo.at(13)});       // word + checked term
    QCOMPARE(inRoom(u"rder"_s), QStringList{order});                    // inside Order#4521
    QCOMPARE(inRoom(u"4521"_s), QStringList{order});                    // after the separator
    QCOMPARE(inRoom(u"der#45"_s), QStringList{order});                  // across it: trigrams
    QCOMPARE(inRoom(u"tracking-id kx9 shipped"_s), QStringList{order}); // mixed
    QCOMPARE(inRoom(u"vexo07 shipped"_s), QStringList{});               // every term must match
    QCOMPARE(inRoom(u"ordered"_s), QStringList{});                      // longer than any word
}

void tst_SearchApi::roomFilter()
{
    QCOMPARE(found(m_staff, u"quick"_s, m_roomC), QStringList{u"The quick carol fox"_s});
    QCOMPARE(found(m_staff, u"quick"_s, m_roomAb), QStringList{u"The quick brown fox jumps"_s});
    QCOMPARE(found(m_bob, u"quick"_s, m_roomAb), QStringList{u"The quick brown fox jumps"_s});
    // A room the caller may not see answers like one that does not exist.
    EXPECT_ERROR(search(m_alice, u"quick"_s, u"&room="_s + m_roomC), 404, "not_found");
    EXPECT_ERROR(search(m_alice, u"quick"_s, u"&room=CHAT20260101AAAAAAAA"_s), 404, "not_found");
}

void tst_SearchApi::paging()
{
    const QString room = openGroupRoom(m_api, m_alice, {m_bob}, u"paging"_s);
    QStringList sent;
    for (int i = 1; i <= 7; ++i) {
        sent.prepend(u"pageword item %1"_s.arg(i));
        send(m_api, i % 2 ? m_alice : m_bob, room, sent.front());
    }
    RETURN_IF_FAILED();
    for (const QString &q : {u"pageword"_s, u"item"_s, u"em"_s}) { // trigram and short paths
        QStringList collected;
        QString cursor;
        QList<int> sizes;
        do {
            const Reply page = search(m_bob, q,
                                      u"&limit=3&room="_s + room +
                                          (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor));
            EXPECT_STATUS(page, 200);
            sizes << int(page.results().size());
            for (const QJsonValue &v : page.results())
                collected << v.toObject().value("content"_L1).toString();
            const QJsonValue next = page.obj().value("next_cursor"_L1);
            cursor = next.isNull() ? QString() : next.toString();
            QVERIFY(sizes.size() < 10);
        } while (!cursor.isEmpty());
        QCOMPARE(sizes, (QList<int>{3, 3, 1}));
        QCOMPARE(collected, sent); // newest first, nothing twice, nothing missing
    }
}

void tst_SearchApi::snippetHighlights()
{
    const QString content = u"Order %1: "_s.arg(QString(u'x').repeated(300)) +
                            u"the parcel 日本 arrives at the PARCEL depot"_s;
    send(m_api, m_alice, m_roomAb, content);
    RETURN_IF_FAILED();
    const Reply reply = search(m_alice, u"parcel 日本"_s);
    EXPECT_STATUS(reply, 200);
    QCOMPARE(reply.results().size(), 1);
    const QJsonObject hit = reply.results().at(0).toObject();
    const QString snippet = hit.value("snippet"_L1).toString();
    QVERIFY2(snippet.startsWith(u"\u2026"_s) && snippet.size() < 200, qPrintable(snippet));
    const QJsonArray highlights = hit.value("highlights"_L1).toArray();
    QStringList marked;
    for (const QJsonValue &h : highlights) {
        const QJsonArray range = h.toArray();
        marked << snippet.mid(range.at(0).toInt(), range.at(1).toInt());
    }
    QCOMPARE(marked, (QStringList{u"parcel"_s, u"日本"_s, u"PARCEL"_s}));
    QCOMPARE(hit.value("content"_L1).toString(), content); // the full message as well
}

void tst_SearchApi::validation_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");
    QTest::addRow("no q") << QString() << u"q"_s;
    QTest::addRow("blank q") << u"q=%20%20"_s << u"q"_s;
    QTest::addRow("too many words") << u"q=a%20b%20c%20d%20e%20f%20g%20h%20i"_s << u"q"_s;
    QTest::addRow("limit 0") << u"q=fox&limit=0"_s << u"limit"_s;
    QTest::addRow("limit text") << u"q=fox&limit=ten"_s << u"limit"_s;
    QTest::addRow("bad cursor") << u"q=fox&cursor=%21%21"_s << u"cursor"_s;
}

void tst_SearchApi::validation()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    const Reply reply = m_api.get(u"/api/chat/search/?"_s + query, m_alice);
    EXPECT_ERROR_FIELD(reply, 400, u"validation_failed"_s, field);
    EXPECT_ERROR(m_api.get(u"/api/chat/search/?q=fox"_s), 401, "unauthorized");
}

// A database from before migration 9 (search index of migration 2: external content, no room
// scope, rowids as in messages) gets the new index on start, with the messages already stored.
void tst_SearchApi::indexRebuiltByMigration()
{
    if (m_server.usesPostgres())
        QSKIP("the FTS5 index is SQLite's");
    m_server.stop();
    const QString error =
        execOnFile(m_server.dataDir() + u"/parley.db"_s,
                   {u"DROP TRIGGER messages_fts_insert"_s, u"DROP TRIGGER messages_fts_delete"_s,
                    u"DROP TRIGGER messages_fts_update"_s, u"DROP TABLE messages_fts"_s,
                    u"CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', "
                    "content_rowid='rowid', tokenize='trigram')"_s,
                    u"INSERT INTO messages_fts(messages_fts) VALUES('rebuild')"_s,
                    u"DELETE FROM schema_migrations WHERE version >= 9"_s});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QCOMPARE(found(m_alice, u"quick"_s), QStringList{u"The quick brown fox jumps"_s});
    QCOMPARE(found(m_staff, u"quick fox"_s),
             (QStringList{u"The quick carol fox"_s, u"The quick brown fox jumps"_s}));
    QCOMPARE(found(m_carol, u"fox"_s, m_roomC), QStringList{u"The quick carol fox"_s});
    QCOMPARE(found(m_bob, u"夜景"_s), QStringList{u"東京タワーの夜景がきれい"_s});
    // The triggers of the new index follow new messages.
    send(m_api, m_bob, m_roomAb, u"A quick reply after the upgrade"_s);
    QCOMPARE(found(m_alice, u"quick"_s),
             (QStringList{u"A quick reply after the upgrade"_s, u"The quick brown fox jumps"_s}));
}

// Since migration 10 an insert records its rowid and the transaction indexes it before it commits.
// A process that committed without doing so (here: plain SQL) leaves rows pending, which the
// server indexes when it opens the database; an edit or a deletion of a row still pending must
// leave the index alone (a contentless FTS5 'delete' of a row it never held corrupts it).
void tst_SearchApi::rowsLeftPendingAreIndexedAtStart()
{
    if (m_server.usesPostgres())
        QSKIP("the FTS5 index is SQLite's");
    m_server.stop();
    const QString edited = u"00000000-0000-4000-8000-00000000e017"_s;
    const QString deleted = u"00000000-0000-4000-8000-00000000de1e"_s;
    const QString removed = u"00000000-0000-4000-8000-0000000000ae"_s;
    const QString copyOf = u"INSERT INTO messages (id, room_id, seq, sender_id, type, content, "
                           "metadata, created_at, deleted) SELECT '%1', room_id, seq + %2, "
                           "sender_id, 'text', '%3', '{}', created_at, 0 FROM messages WHERE "
                           "content = 'Lazy dogs sleep all day'"_s;
    const QString error = execOnFile(
        m_server.dataDir() + u"/parley.db"_s,
        {u"BEGIN"_s, copyOf.arg(edited).arg(1000).arg(u"zebra first draft"_s),
         u"UPDATE messages SET content = 'zebra final words' WHERE id = '%1'"_s.arg(edited),
         copyOf.arg(deleted).arg(1001).arg(u"zebra regrets"_s),
         u"UPDATE messages SET content = '', deleted = 1 WHERE id = '%1'"_s.arg(deleted),
         copyOf.arg(removed).arg(1002).arg(u"zebra removed"_s),
         u"DELETE FROM messages WHERE id = '%1'"_s.arg(removed), u"COMMIT"_s});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QCOMPARE(found(m_alice, u"zebra"_s), QStringList{u"zebra final words"_s});
    QCOMPARE(found(m_alice, u"draft"_s), QStringList{});
    QCOMPARE(found(m_alice, u"regrets"_s), QStringList{});
    // Edited again through the API (now in the index): the old words leave it, the new ones come.
    const Reply patched = m_api.patch(u"/api/chat/messages/%1/"_s.arg(edited),
                                      QJsonObject{{u"content"_s, u"zebra crossing"_s}}, m_bob);
    QVERIFY2(patched.status == 200, qPrintable(patched.describe()));
    QCOMPARE(found(m_alice, u"zebra"_s), QStringList{u"zebra crossing"_s});
    QCOMPARE(found(m_alice, u"final"_s), QStringList{});
    QCOMPARE(found(m_alice, u"crossing"_s), QStringList{u"zebra crossing"_s});
}

QTEST_GUILESS_MAIN(tst_SearchApi)
#include "tst_search_api.moc"
