// The Debian packages (packaging/, scripts/package): built with cpack from this build tree,
// inspected with dpkg-deb, unpacked into a temporary root whose parley-server must start from
// there with the packaged settings file and answer /healthz; the systemd unit must pass
// `systemd-analyze verify`, the desktop entry and AppStream metainfo their validators.
#include "ApiTest.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace parley::test;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString describe(const QString &what) const
    {
        return u"%1: exit %2\n%3\n%4"_s.arg(what).arg(exitCode).arg(QString::fromUtf8(out),
                                                                    QString::fromUtf8(err));
    }
};

Run run(const QString &program, const QStringList &args, const QString &workDir = {},
        int timeoutMs = 120000)
{
    Run result;
    QProcess process;
    if (!workDir.isEmpty())
        process.setWorkingDirectory(workDir);
    process.start(program, args);
    if (!process.waitForStarted(10000)) {
        result.err = "cannot start " + program.toUtf8() + ": " + process.errorString().toUtf8();
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// Width and height from a PNG's IHDR chunk.
QSize pngSize(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray head = file.read(24);
    if (head.size() < 24 || !head.startsWith("\x89PNG\r\n\x1a\n"))
        return {};
    const auto be32 = [&head](int at) {
        return (uchar(head[at]) << 24) | (uchar(head[at + 1]) << 16) | (uchar(head[at + 2]) << 8) |
               uchar(head[at + 3]);
    };
    return QSize(int(be32(16)), int(be32(20)));
}

} // namespace

class tst_Package : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void serverControlFields();
    void serverFiles();
    void maintainerScripts();
    void installedServerAnswersHealthz();
    void unitPassesSystemdAnalyzeVerify();
    void appFiles();
    void appDataValidates();

private:
    QString field(const QString &deb, const QString &name);
    QStringList contents(const QString &deb);

    QTemporaryDir m_out;
    QTemporaryDir m_root; // both packages unpacked here
    QString m_serverDeb;
    QString m_appDeb;
};

void tst_Package::initTestCase()
{
    const Run cpack = run(u"cpack"_s, {u"-G"_s, u"DEB"_s, u"-B"_s, m_out.path()},
                          QStringLiteral(PARLEY_BUILD_DIR), 240000);
    QVERIFY2(cpack.exitCode == 0, qPrintable(cpack.describe(u"cpack"_s)));
    const QStringList debs = QDir(m_out.path()).entryList({u"*.deb"_s}, QDir::Files);
    for (const QString &name : debs) {
        if (name.startsWith(u"parley-server_"_s))
            m_serverDeb = m_out.filePath(name);
        else if (name.startsWith(u"parley_"_s))
            m_appDeb = m_out.filePath(name);
    }
    QVERIFY2(!m_serverDeb.isEmpty() && !m_appDeb.isEmpty(), qPrintable(debs.join(u' ')));
    QCOMPARE(QFileInfo(m_serverDeb).fileName(),
             u"parley-server_%1-1_amd64.deb"_s.arg(QStringLiteral(PARLEY_VERSION)));
    for (const QString &deb : {m_serverDeb, m_appDeb}) {
        const Run x = run(u"dpkg-deb"_s, {u"-x"_s, deb, m_root.path()});
        QVERIFY2(x.exitCode == 0, qPrintable(x.describe(u"dpkg-deb -x"_s)));
    }
}

QString tst_Package::field(const QString &deb, const QString &name)
{
    const Run f = run(u"dpkg-deb"_s, {u"-f"_s, deb, name});
    return f.exitCode == 0 ? QString::fromUtf8(f.out).simplified() : QString();
}

QStringList tst_Package::contents(const QString &deb)
{
    const Run c = run(u"dpkg-deb"_s, {u"-c"_s, deb});
    QStringList paths;
    const QStringList lines = QString::fromUtf8(c.out).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines)
        paths.append(line.section(u' ', -1).mid(1)); // "./usr/bin/x" -> "/usr/bin/x"
    return paths;
}

void tst_Package::serverControlFields()
{
    QCOMPARE(field(m_serverDeb, u"Package"_s), u"parley-server"_s);
    QCOMPARE(field(m_serverDeb, u"Version"_s), QStringLiteral(PARLEY_VERSION) + u"-1"_s);
    QCOMPARE(field(m_serverDeb, u"Architecture"_s), u"amd64"_s);
    const QString depends = field(m_serverDeb, u"Depends"_s);
    // dpkg-shlibdeps found the linked libraries; the rest is declared.
    for (const QString &needed :
         {u"libc6"_s, u"libqt6core6"_s, u"libqt6httpserver6"_s, u"libqt6websockets6"_s,
          u"libqt6sql6"_s, u"libsodium23"_s, u"libqt6sql6-sqlite"_s, u"adduser"_s})
        QVERIFY2(depends.contains(needed + u' ') || depends.contains(needed + u',') ||
                     depends.endsWith(needed),
                 qPrintable(u"%1 missing from Depends: %2"_s.arg(needed, depends)));
    QVERIFY2(field(m_serverDeb, u"Description"_s).startsWith(u"Parley chat server"_s),
             qPrintable(field(m_serverDeb, u"Description"_s)));
}

void tst_Package::serverFiles()
{
    const QStringList files = contents(m_serverDeb);
    for (const QString &path :
         {u"/usr/bin/parley-server"_s, u"/usr/lib/systemd/system/parley-server.service"_s,
          u"/etc/parley/server.conf"_s, u"/etc/default/parley-server"_s,
          u"/usr/share/doc/parley-server/OPERATIONS.md"_s})
        QVERIFY2(files.contains(path), qPrintable(path + u" not in\n"_s + files.join(u'\n')));
    for (const QString &path : files)
        QVERIFY2(path.startsWith(u"/usr/"_s) || path.startsWith(u"/etc/"_s), qPrintable(path));
    const Run file = run(u"file"_s, {m_root.filePath(u"usr/bin/parley-server"_s)});
    QVERIFY2(file.out.contains("ELF") && file.out.contains(", stripped"), file.out.constData());
}

void tst_Package::maintainerScripts()
{
    QTemporaryDir control;
    const Run e = run(u"dpkg-deb"_s, {u"-e"_s, m_serverDeb, control.path()});
    QVERIFY2(e.exitCode == 0, qPrintable(e.describe(u"dpkg-deb -e"_s)));
    QFile conffiles(control.filePath(u"conffiles"_s));
    QVERIFY(conffiles.open(QIODevice::ReadOnly));
    const QByteArray listed = conffiles.readAll();
    QVERIFY2(listed.contains("/etc/parley/server.conf\n") &&
                 listed.contains("/etc/default/parley-server\n"),
             listed.constData());
    for (const QString &script : {u"postinst"_s, u"prerm"_s, u"postrm"_s}) {
        const QFileInfo info(control.filePath(script));
        QVERIFY2(info.isExecutable(), qPrintable(script));
        const Run syntax = run(u"sh"_s, {u"-n"_s, info.filePath()});
        QVERIFY2(syntax.exitCode == 0, qPrintable(syntax.describe(script)));
    }
    QFile postinst(control.filePath(u"postinst"_s));
    QVERIFY(postinst.open(QIODevice::ReadOnly));
    QVERIFY(postinst.readAll().contains("adduser --system"));
}

void tst_Package::installedServerAnswersHealthz()
{
    // The unpacked binary with the packaged settings file; the test's --listen and --data-dir
    // replace its listen and data_dir (the command line wins over the file).
    TestServer server;
    server.setBinary(m_root.filePath(u"usr/bin/parley-server"_s));
    server.setEnv(u"PARLEY_CONFIG"_s, m_root.filePath(u"etc/parley/server.conf"_s));
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    const Reply health = api.get(u"/healthz"_s);
    EXPECT_STATUS(health, 200);
    QCOMPARE(health.obj().value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(health.obj().value("version"_L1).toString(), QStringLiteral(PARLEY_VERSION));
    server.stop();
    QCOMPARE(server.lastExitCode(), 0);
    QVERIFY(QFile::exists(QDir(server.dataDir()).filePath(u"parley.db"_s)));
}

void tst_Package::unitPassesSystemdAnalyzeVerify()
{
    // verify runs offline against a root: the unpacked package plus the host's targets and kill,
    // which the unit refers to.
    QTemporaryDir root;
    const QString units = root.filePath(u"usr/lib/systemd/system"_s);
    QVERIFY(QDir().mkpath(units));
    QVERIFY(QDir().mkpath(root.filePath(u"usr/bin"_s)));
    QVERIFY(QFile::link(u"usr/bin"_s, root.filePath(u"bin"_s)));
    QVERIFY(QFile::copy(m_root.filePath(u"usr/lib/systemd/system/parley-server.service"_s),
                        units + u"/parley-server.service"_s));
    QVERIFY(QFile::copy(m_root.filePath(u"usr/bin/parley-server"_s),
                        root.filePath(u"usr/bin/parley-server"_s)));
    QVERIFY(QFile::copy(u"/bin/kill"_s, root.filePath(u"usr/bin/kill"_s))); // procps
    QDirIterator targets(u"/usr/lib/systemd/system"_s, {u"*.target"_s}, QDir::Files);
    while (targets.hasNext()) {
        const QString target = targets.next();
        QFile::copy(target, units + u'/' + QFileInfo(target).fileName());
    }
    const Run verify =
        run(u"systemd-analyze"_s, {u"verify"_s, u"--root=%1"_s.arg(root.path()),
                                   u"/usr/lib/systemd/system/parley-server.service"_s});
    // verify answers 0 even for unknown keys and bad values: it must also say nothing.
    QVERIFY2(verify.exitCode == 0 && verify.out.trimmed().isEmpty() &&
                 verify.err.trimmed().isEmpty(),
             qPrintable(verify.describe(u"systemd-analyze verify"_s)));
}

void tst_Package::appFiles()
{
    QCOMPARE(field(m_appDeb, u"Package"_s), u"parley"_s);
    const QStringList files = contents(m_appDeb);
    const QString id = u"org.parley.Parley"_s;
    for (const QString &path : {u"/usr/share/applications/%1.desktop"_s.arg(id),
                                u"/usr/share/metainfo/%1.metainfo.xml"_s.arg(id),
                                u"/usr/share/icons/hicolor/scalable/apps/%1.svg"_s.arg(id)})
        QVERIFY2(files.contains(path), qPrintable(path + u" not in\n"_s + files.join(u'\n')));
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256, 512}) {
        const QString png = u"usr/share/icons/hicolor/%1x%1/apps/%2.png"_s.arg(size).arg(id);
        QCOMPARE(pngSize(m_root.filePath(png)), QSize(size, size));
    }
    if (files.contains(u"/usr/bin/parley"_s)) {
        const QString depends = field(m_appDeb, u"Depends"_s);
        QVERIFY2(depends.contains(u"libqt6core6"_s) && depends.contains(u"qml6-module-qtquick"_s),
                 qPrintable(depends));
    }
}

void tst_Package::appDataValidates()
{
    const Run appstream =
        run(u"appstreamcli"_s,
            {u"validate"_s, u"--no-net"_s,
             m_root.filePath(u"usr/share/metainfo/org.parley.Parley.metainfo.xml"_s)});
    QVERIFY2(appstream.exitCode == 0, qPrintable(appstream.describe(u"appstreamcli validate"_s)));
    const Run desktop =
        run(u"desktop-file-validate"_s,
            {m_root.filePath(u"usr/share/applications/org.parley.Parley.desktop"_s)});
    QVERIFY2(desktop.exitCode == 0 && desktop.out.trimmed().isEmpty(),
             qPrintable(desktop.describe(u"desktop-file-validate"_s)));
}

QTEST_GUILESS_MAIN(tst_Package)
#include "tst_package.moc"
