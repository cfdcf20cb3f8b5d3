// The validation rules of Validation.h with their boundaries.
#include "ProtocolTestUtil.h"

#include "protocol/Validation.h"

#include <QJsonArray>
#include <QTest>

#include <limits>

using namespace parley;
using namespace Qt::StringLiterals;
using testutil::object;

namespace {

const QString kEmoji = u"😀"_s; // one code point, two UTF-16 units

QString repeat(const QString &unit, int times)
{
    return unit.repeated(times);
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void username_data();
    void username();
    void password_data();
    void password();
    void displayName_data();
    void displayName();
    void textContent_data();
    void textContent();
    void location_data();
    void location();
    void clientId_data();
    void clientId();
    void customFieldNames();
    void isRoomId_data();
    void isRoomId();
    void isUuid_data();
    void isUuid();
    void codePointCount_data();
    void codePointCount();
};

void TestValidation::username_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addRow("2 chars") << u"ab"_s << false;
    QTest::addRow("3 chars") << u"abc"_s << true;
    QTest::addRow("32 chars") << repeat(u"a"_s, 32) << true;
    QTest::addRow("33 chars") << repeat(u"a"_s, 33) << false;
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("all allowed symbols") << u"a_b.c-d09"_s << true;
    QTest::addRow("digits only") << u"123"_s << true;
    QTest::addRow("symbols only") << u"._-"_s << true;
    QTest::addRow("uppercase") << u"Alice"_s << false;
    QTest::addRow("all uppercase") << u"BOB"_s << false;
    QTest::addRow("space") << u"al ice"_s << false;
    QTest::addRow("leading space") << u" alice"_s << false;
    QTest::addRow("trailing newline") << u"alice\n"_s << false;
    QTest::addRow("at sign") << u"alice@x"_s << false;
    QTest::addRow("plus") << u"a+b"_s << false;
    QTest::addRow("slash") << u"a/b"_s << false;
    QTest::addRow("accented") << u"zoë"_s << false;
    QTest::addRow("cyrillic a") << u"аlice"_s << false;
    QTest::addRow("fullwidth digit") << u"abc１"_s << false;
    QTest::addRow("NUL") << QString(u"abc\0d"_s) << false;
    QTest::addRow("emoji") << u"abc"_s + kEmoji << false;
}

void TestValidation::username()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    PARLEY_CHECK_RESULT(validation::username(value), valid ? QString() : u"validation_failed"_s,
                        valid ? QString() : u"username"_s);
}

void TestValidation::password_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("7 chars") << repeat(u"x"_s, 7) << false;
    QTest::addRow("8 chars") << repeat(u"x"_s, 8) << true;
    QTest::addRow("128 chars") << repeat(u"x"_s, 128) << true;
    QTest::addRow("129 chars") << repeat(u"x"_s, 129) << false;
    QTest::addRow("spaces count") << u"   a   b"_s << true;
    QTest::addRow("any characters") << u"Pä$$ wörd\t!"_s << true;
    // Surrogate pairs count once: 7 emoji are 14 UTF-16 units but only 7 characters.
    QTest::addRow("7 emoji") << repeat(kEmoji, 7) << false;
    QTest::addRow("8 emoji") << repeat(kEmoji, 8) << true;
    QTest::addRow("128 emoji") << repeat(kEmoji, 128) << true;
    QTest::addRow("129 emoji") << repeat(kEmoji, 129) << false;
}

void TestValidation::password()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    PARLEY_CHECK_RESULT(validation::password(value), valid ? QString() : u"validation_failed"_s,
                        valid ? QString() : u"password"_s);
}

void TestValidation::displayName_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("blank") << u"   "_s << false;
    QTest::addRow("tabs and newlines only") << u"\t\n"_s << false;
    QTest::addRow("1 char") << u"A"_s << true;
    QTest::addRow("64 chars") << repeat(u"a"_s, 64) << true;
    QTest::addRow("65 chars") << repeat(u"a"_s, 65) << false;
    QTest::addRow("64 chars padded") << u"  "_s + repeat(u"a"_s, 64) + u"  "_s << true;
    QTest::addRow("64 emoji") << repeat(kEmoji, 64) << true;
    QTest::addRow("65 emoji") << repeat(kEmoji, 65) << false;
    QTest::addRow("uppercase and spaces") << u"Alice Smith"_s << true;
    QTest::addRow("unicode") << u"Zoë 🎉 Ærø"_s << true;
    QTest::addRow("inner newline") << u"Bob\nSmith"_s << false;
    QTest::addRow("inner tab") << u"Bob\tSmith"_s << false;
    QTest::addRow("bell") << u"Bob\u0007"_s << false;
    QTest::addRow("NUL") << QString(u"Bob\0"_s) << false;
    QTest::addRow("DEL") << u"Bob\u007f"_s << false;
    QTest::addRow("C1 control") << u"Bob\u0085x"_s << false;
    QTest::addRow("trailing newline trimmed") << u"Bob\n"_s << true;
}

void TestValidation::displayName()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    PARLEY_CHECK_RESULT(validation::displayName(value), valid ? QString() : u"validation_failed"_s,
                        valid ? QString() : u"display_name"_s);
}

void TestValidation::textContent_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("space") << u" "_s << false;
    QTest::addRow("whitespace mix") << u" \t\r\n "_s << false;
    QTest::addRow("ideographic space") << u"\u3000"_s << false;
    QTest::addRow("no-break space") << u"\u00a0"_s << false;
    QTest::addRow("1 char") << u"a"_s << true;
    QTest::addRow("padded") << u"  hi  "_s << true;
    QTest::addRow("multi-line") << u"line 1\nline 2"_s << true;
    QTest::addRow("4000 chars") << repeat(u"a"_s, 4000) << true;
    QTest::addRow("4001 chars") << repeat(u"a"_s, 4001) << false;
    QTest::addRow("4000 emoji") << repeat(kEmoji, 4000) << true;
    QTest::addRow("4001 emoji") << repeat(kEmoji, 4001) << false;
    QTest::addRow("3999 + space") << repeat(u"a"_s, 3999) + u" "_s << true;
    QTest::addRow("NUL inside") << QString(u"hi\0there"_s) << false;
    QTest::addRow("only NUL") << QString(QChar(u'\0')) << false;
    QTest::addRow("emoji") << kEmoji << true;
}

void TestValidation::textContent()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    PARLEY_CHECK_RESULT(validation::textContent(value), valid ? QString() : u"validation_failed"_s,
                        valid ? QString() : u"content"_s);
}

void TestValidation::location_data()
{
    QTest::addColumn<QJsonObject>("metadata");
    QTest::addColumn<QString>("field"); // "" = valid

    QTest::addRow("origin") << object(R"({"lat":0,"lng":0})") << QString();
    QTest::addRow("fractions") << object(R"({"lat":52.5163,"lng":13.3777})") << QString();
    QTest::addRow("max corners") << object(R"({"lat":90,"lng":180})") << QString();
    QTest::addRow("min corners") << object(R"({"lat":-90,"lng":-180})") << QString();
    QTest::addRow("90.0 as float") << object(R"({"lat":90.0,"lng":-180.0})") << QString();
    QTest::addRow("extra keys") << object(R"({"lat":1,"lng":2,"label":"Gate 3","acc":5})")
                                << QString();
    QTest::addRow("lat 90.0001") << object(R"({"lat":90.0001,"lng":0})") << u"metadata.lat"_s;
    QTest::addRow("lat -90.0001") << object(R"({"lat":-90.0001,"lng":0})") << u"metadata.lat"_s;
    QTest::addRow("lng 180.0001") << object(R"({"lat":0,"lng":180.0001})") << u"metadata.lng"_s;
    QTest::addRow("lng -180.0001") << object(R"({"lat":0,"lng":-180.0001})") << u"metadata.lng"_s;
    QTest::addRow("lat 1e300") << object(R"({"lat":1e300,"lng":0})") << u"metadata.lat"_s;
    QTest::addRow("lat string") << object(R"({"lat":"52.5","lng":13.4})") << u"metadata.lat"_s;
    QTest::addRow("lng string") << object(R"({"lat":52.5,"lng":"13.4"})") << u"metadata.lng"_s;
    QTest::addRow("lat bool") << object(R"({"lat":true,"lng":0})") << u"metadata.lat"_s;
    QTest::addRow("lat array") << object(R"({"lat":[1],"lng":0})") << u"metadata.lat"_s;
    QTest::addRow("lat object") << object(R"({"lat":{},"lng":0})") << u"metadata.lat"_s;
    QTest::addRow("lat null") << object(R"({"lat":null,"lng":0})") << u"metadata.lat"_s;
    QTest::addRow("lat missing") << object(R"({"lng":0})") << u"metadata.lat"_s;
    QTest::addRow("lng missing") << object(R"({"lat":0})") << u"metadata.lng"_s;
    QTest::addRow("empty") << QJsonObject() << u"metadata.lat"_s;
    QTest::addRow("latitude spelled out")
        << object(R"({"latitude":1,"longitude":2})") << u"metadata.lat"_s;
    QTest::addRow("lat NaN") << QJsonObject{{u"lat"_s, qQNaN()}, {u"lng"_s, 0}}
                             << u"metadata.lat"_s;
    QTest::addRow("lng infinity") << QJsonObject{{u"lat"_s, 0},
                                                 {u"lng"_s,
                                                  std::numeric_limits<double>::infinity()}}
                                  << u"metadata.lng"_s;
}

void TestValidation::location()
{
    QFETCH(QJsonObject, metadata);
    QFETCH(QString, field);
    PARLEY_CHECK_RESULT(validation::location(metadata),
                        field.isEmpty() ? QString() : u"validation_failed"_s, field);
}

void TestValidation::clientId_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("1 char") << u"x"_s << true;
    QTest::addRow("uuid") << u"3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"_s << true;
    QTest::addRow("64 chars") << repeat(u"k"_s, 64) << true;
    QTest::addRow("65 chars") << repeat(u"k"_s, 65) << false;
}

void TestValidation::clientId()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    PARLEY_CHECK_RESULT(validation::clientId(value), valid ? QString() : u"validation_failed"_s,
                        valid ? QString() : u"client_id"_s);
}

void TestValidation::customFieldNames()
{
    // Every rule names the field it was given (e.g. `message_type` on the socket).
    PARLEY_CHECK_RESULT(validation::username(u"A"_s, u"login"_s), u"validation_failed"_s,
                        u"login"_s);
    PARLEY_CHECK_RESULT(validation::password(u"short"_s, u"new_password"_s), u"validation_failed"_s,
                        u"new_password"_s);
    PARLEY_CHECK_RESULT(validation::displayName(QString(), u"name"_s), u"validation_failed"_s,
                        u"name"_s);
    PARLEY_CHECK_RESULT(validation::textContent(u" "_s, u"message"_s), u"validation_failed"_s,
                        u"message"_s);
    PARLEY_CHECK_RESULT(validation::location(QJsonObject{{u"lat"_s, 0}}, u"meta"_s),
                        u"validation_failed"_s, u"meta.lng"_s);
    PARLEY_CHECK_RESULT(validation::clientId(QString(), u"ref"_s), u"validation_failed"_s,
                        u"ref"_s);
    // Messages are for humans: non-empty, and empty vs blank content are told apart.
    const Status empty = validation::textContent(QString());
    const Status blank = validation::textContent(u"  "_s);
    QVERIFY(!empty.ok() && !blank.ok());
    QVERIFY(!empty.error().message.isEmpty());
    QVERIFY(empty.error().message != blank.error().message);
}

void TestValidation::isRoomId_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addRow("protocol example") << u"CHAT20261121AB12CD34"_s << true;
    QTest::addRow("all digits suffix") << u"CHAT2026112112345678"_s << true;
    QTest::addRow("all letters suffix") << u"CHAT20261121ABCDEFGH"_s << true;
    QTest::addRow("leap day") << u"CHAT20240229AB12CD34"_s << true;
    QTest::addRow("year 2000") << u"CHAT20000101AB12CD34"_s << true;
    QTest::addRow("not a leap year") << u"CHAT20230229AB12CD34"_s << false;
    QTest::addRow("month 13") << u"CHAT20261321AB12CD34"_s << false;
    QTest::addRow("month 00") << u"CHAT20260021AB12CD34"_s << false;
    QTest::addRow("day 32") << u"CHAT20261132AB12CD34"_s << false;
    QTest::addRow("day 00") << u"CHAT20261100AB12CD34"_s << false;
    QTest::addRow("year 0000") << u"CHAT00000101AB12CD34"_s << false;
    QTest::addRow("year 1999") << u"CHAT19991231AB12CD34"_s << false;
    QTest::addRow("year 2999") << u"CHAT29991231AB12CD34"_s << true;
    QTest::addRow("year 3000") << u"CHAT30000101AB12CD34"_s << false;
    QTest::addRow("lowercase prefix") << u"chat20261121AB12CD34"_s << false;
    QTest::addRow("lowercase suffix") << u"CHAT20261121ab12cd34"_s << false;
    QTest::addRow("7-char suffix") << u"CHAT20261121AB12CD3"_s << false;
    QTest::addRow("9-char suffix") << u"CHAT20261121AB12CD345"_s << false;
    QTest::addRow("symbol in suffix") << u"CHAT20261121AB12CD-4"_s << false;
    QTest::addRow("short date") << u"CHAT2026112AB12CD34X"_s << false;
    QTest::addRow("other prefix") << u"ROOM20261121AB12CD34"_s << false;
    QTest::addRow("trailing newline") << u"CHAT20261121AB12CD34\n"_s << false;
    QTest::addRow("leading space") << u" CHAT20261121AB12CD34"_s << false;
    QTest::addRow("fullwidth digit") << u"CHAT2026112１AB12CD34"_s << false;
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("uuid") << u"3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"_s << false;
}

void TestValidation::isRoomId()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QCOMPARE(validation::isRoomId(value), valid);
}

void TestValidation::isUuid_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addRow("lowercase") << u"3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"_s << true;
    QTest::addRow("uppercase") << u"3F2B1C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D"_s << true;
    QTest::addRow("mixed case") << u"3F2b1C4d-5e6F-4a7B-8c9D-0e1F2a3B4c5D"_s << true;
    QTest::addRow("nil uuid") << u"00000000-0000-0000-0000-000000000000"_s << true;
    QTest::addRow("braces") << u"{3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d}"_s << false;
    QTest::addRow("no dashes") << u"3f2b1c4d5e6f4a7b8c9d0e1f2a3b4c5d"_s << false;
    QTest::addRow("non-hex g") << u"3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5g"_s << false;
    QTest::addRow("short last group") << u"3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5"_s << false;
    QTest::addRow("long last group") << u"3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d0"_s << false;
    QTest::addRow("misplaced dash") << u"3f2b1c4-d5e6f-4a7b-8c9d-0e1f2a3b4c5d"_s << false;
    QTest::addRow("trailing newline") << u"3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d\n"_s << false;
    QTest::addRow("urn prefix") << u"urn:uuid:3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"_s << false;
    QTest::addRow("room id") << u"CHAT20261121AB12CD34"_s << false;
    QTest::addRow("empty") << QString() << false;
}

void TestValidation::isUuid()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QCOMPARE(validation::isUuid(value), valid);
}

void TestValidation::codePointCount_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<qsizetype>("count");
    QTest::addRow("empty") << QString() << qsizetype(0);
    QTest::addRow("ascii") << u"abc"_s << qsizetype(3);
    QTest::addRow("bmp accented") << u"zoë"_s << qsizetype(3);
    QTest::addRow("surrogate pair") << kEmoji << qsizetype(1);
    QTest::addRow("mixed") << u"a"_s + kEmoji + u"b"_s + kEmoji << qsizetype(4);
    QTest::addRow("lone high surrogate") << QString(QChar(0xD83D)) << qsizetype(1);
    QTest::addRow("lone low surrogate then a") << QString(QChar(0xDE00)) + u"a"_s << qsizetype(2);
}

void TestValidation::codePointCount()
{
    QFETCH(QString, value);
    QFETCH(qsizetype, count);
    QCOMPARE(validation::codePointCount(value), count);
}

QTEST_APPLESS_MAIN(TestValidation)
#include "tst_validation.moc"
