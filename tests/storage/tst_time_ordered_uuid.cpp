// Message ids (storage/TimeOrderedUuid.h): UUIDs of version 7 that sort in the order they were
// made, within a millisecond too, and still read as UUIDs everywhere the protocol checks one.
#include "protocol/Validation.h"
#include "storage/TimeOrderedUuid.h"

#include <QSet>
#include <QTest>
#include <QUuid>

using parley::storage::timeOrderedUuid;

class TestTimeOrderedUuid : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isAVersion7Uuid();
    void carriesItsMillisecond();
    void sortsInOrderMadeWithinAMillisecond();
    void staysInOrderWhenTheClockGoesBack();
    void unique();
};

void TestTimeOrderedUuid::isAVersion7Uuid()
{
    const QString id = timeOrderedUuid(1763800000123);
    QVERIFY(parley::validation::isUuid(id));
    QCOMPARE(id, id.toLower());
    const QUuid parsed(id);
    QVERIFY(!parsed.isNull());
    QCOMPARE(parsed.toString(QUuid::WithoutBraces), id);
    QCOMPARE(parsed.variant(), QUuid::DCE); // the RFC's variant, bits 10
    QCOMPARE(id.at(14), u'7');              // the version (Qt 6.4's QUuid knows 1-5 only)
    QVERIFY(QStringLiteral("89ab").contains(id.at(19)));
}

void TestTimeOrderedUuid::carriesItsMillisecond()
{
    const qint64 ms = 1763800000123; // 2025-11-22
    const QString id = timeOrderedUuid(ms);
    const QString hex = id.left(8) + id.mid(9, 4);
    bool ok = false;
    QCOMPARE(hex.toLongLong(&ok, 16), ms);
    QVERIFY(ok);
}

void TestTimeOrderedUuid::sortsInOrderMadeWithinAMillisecond()
{
    // More ids in one millisecond than the counter holds: the next millisecond is borrowed.
    const qint64 ms = 1800000000000;
    QString previous = timeOrderedUuid(ms - 1);
    for (int i = 0; i < 10000; ++i) {
        const QString id = timeOrderedUuid(ms);
        QVERIFY2(previous < id, qPrintable(previous + QStringLiteral(" >= ") + id));
        previous = id;
    }
    const QString later = timeOrderedUuid(ms + 1000);
    QVERIFY(previous < later);
}

void TestTimeOrderedUuid::staysInOrderWhenTheClockGoesBack()
{
    const QString first = timeOrderedUuid(1900000000000);
    const QString second = timeOrderedUuid(1900000000000 - 60000); // the clock moved back a minute
    QVERIFY(first < second);
}

void TestTimeOrderedUuid::unique()
{
    QSet<QString> seen;
    for (int i = 0; i < 20000; ++i)
        seen.insert(timeOrderedUuid(2000000000000 + i / 100));
    QCOMPARE(seen.size(), 20000);
}

QTEST_GUILESS_MAIN(TestTimeOrderedUuid)
#include "tst_time_ordered_uuid.moc"
