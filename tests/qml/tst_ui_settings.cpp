// UiSettings: the theme choice and notifications persist, and the main window comes back where it
// was closed (offscreen windows keep the geometry they are given).
#include "UiSettings.h"

#include <QGuiApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>

using namespace Qt::StringLiterals;
using parley::app::UiSettings;

class TestUiSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    }

    void themeMode_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("read");
        QTest::addRow("dark") << u"dark"_s << u"dark"_s;
        QTest::addRow("light") << u"light"_s << u"light"_s;
        QTest::addRow("system") << u"system"_s << u"system"_s;
        QTest::addRow("unknown falls back to system") << u"sepia"_s << u"system"_s;
    }

    void themeMode()
    {
        QFETCH(QString, set);
        QFETCH(QString, read);
        {
            UiSettings settings;
            settings.setThemeMode(set);
        }
        UiSettings again;
        QCOMPARE(again.themeMode(), read);
    }

    void notificationsDefaultOnAndPersist()
    {
        UiSettings settings;
        QCOMPARE(settings.notifications(), true);
        QSignalSpy changed(&settings, &UiSettings::notificationsChanged);
        settings.setNotifications(false);
        settings.setNotifications(false);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(UiSettings().notifications(), false);
        settings.setNotifications(true);
    }

    void windowGeometryRestored()
    {
        const QRect where(40, 50, 900, 640);
        {
            QWindow window;
            UiSettings::trackWindow(&window);
            window.setGeometry(where);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.hide(); // closing the window saves where it is
        }
        QWindow next;
        next.resize(300, 200);
        UiSettings::trackWindow(&next);
        QCOMPARE(next.geometry(), where);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestUiSettings)
#include "tst_ui_settings.moc"
