// packaging/nginx/parley.conf, as shipped, in front of two nodes: `nginx -t` accepts it, and a real
// nginx balances REST and WebSockets (upgrade headers) across the nodes.
#include "Cluster.h"
#include "RedisService.h"
#include "WsTest.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace parley::test;

class tst_ClusterNginx : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void configIsValid();
    void balancesRestAndWebSockets();

private:
    QProcess m_nginx;
    QTemporaryDir m_dir;
    QString m_mainConf;
    quint16 m_port = 0;
    Cluster m_cluster{2};
};

void tst_ClusterNginx::initTestCase()
{
    const QString nginx =
        QStandardPaths::findExecutable(u"nginx"_s, {u"/usr/sbin"_s, u"/usr/bin"_s});
    QVERIFY2(!nginx.isEmpty(),
             "nginx is not installed (scripts/install-deps installs nginx-light)");
    QVERIFY2(m_cluster.start(RedisService::fixtureUrl()), qPrintable(m_cluster.errorString()));
    {
        QTcpServer probe; // a free port for nginx
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        m_port = probe.serverPort();
    }

    // The shipped example with this test's nodes and port.
    QFile example(QString::fromUtf8(PARLEY_SOURCE_DIR) + u"/packaging/nginx/parley.conf"_s);
    QVERIFY2(example.open(QIODevice::ReadOnly), qPrintable(example.fileName()));
    QString conf = QString::fromUtf8(example.readAll());
    static const QRegularExpression nodeLines(uR"((\n\s*server 10\.0\.0\.\d+:8080[^\n]*;)+)"_s);
    QVERIFY2(conf.contains(nodeLines), "no `server 10.0.0.x:8080` lines in the upstream block");
    conf.replace(nodeLines, u"\n    server 127.0.0.1:%1;\n    server 127.0.0.1:%2;"_s
                                .arg(m_cluster.node(0).port())
                                .arg(m_cluster.node(1).port()));
    QVERIFY(conf.contains(u"listen 80;"_s));
    conf.replace(u"listen 80;"_s, u"listen 127.0.0.1:%1;"_s.arg(m_port));
    QFile site(m_dir.filePath(u"parley.conf"_s));
    QVERIFY(site.open(QIODevice::WriteOnly));
    site.write(conf.toUtf8());
    site.close();

    const QString d = m_dir.path();
    m_mainConf = m_dir.filePath(u"nginx.conf"_s);
    QFile main(m_mainConf);
    QVERIFY(main.open(QIODevice::WriteOnly));
    main.write(u"worker_processes 1;\npid %1/nginx.pid;\nerror_log %1/error.log;\n"
               "events { worker_connections 256; }\n"
               "http {\n  access_log off;\n  client_body_temp_path %1/body;\n"
               "  proxy_temp_path %1/proxy;\n  fastcgi_temp_path %1/fastcgi;\n"
               "  uwsgi_temp_path %1/uwsgi;\n  scgi_temp_path %1/scgi;\n"
               "  include %1/parley.conf;\n}\n"_s.arg(d)
                   .toUtf8());
    main.close();
    QFile::setPermissions(d,
                          QFile::permissions(d) | QFileDevice::ExeOther | QFileDevice::ReadOther);

    m_nginx.setProgram(nginx);
    m_nginx.setArguments({u"-p"_s, d, u"-c"_s, m_mainConf, u"-g"_s, u"daemon off;"_s});
    m_nginx.setProcessChannelMode(QProcess::MergedChannels);
}

void tst_ClusterNginx::cleanupTestCase()
{
    if (m_nginx.state() != QProcess::NotRunning) {
        m_nginx.terminate();
        if (!m_nginx.waitForFinished(5000))
            m_nginx.kill();
    }
}

void tst_ClusterNginx::cleanup()
{
    m_cluster.dumpLogsIfFailed();
}

void tst_ClusterNginx::configIsValid()
{
    QProcess check;
    check.start(m_nginx.program(), {u"-t"_s, u"-p"_s, m_dir.path(), u"-c"_s, m_mainConf});
    QVERIFY(check.waitForFinished(10000));
    const QString output = QString::fromUtf8(check.readAllStandardError());
    QVERIFY2(check.exitCode() == 0 && output.contains(u"test is successful"_s), qPrintable(output));
}

void tst_ClusterNginx::balancesRestAndWebSockets()
{
    m_nginx.start();
    QVERIFY(m_nginx.waitForStarted(5000));
    ApiClient proxy(QUrl(u"http://127.0.0.1:%1"_s.arg(m_port)));
    QTRY_VERIFY2_WITH_TIMEOUT(proxy.get(u"/healthz"_s).status == 200,
                              qPrintable(QString::fromUtf8(m_nginx.readAll())), 10000);

    const Session alice = proxy.registerUser(uniqueName(u"alice"_s));
    const Session bob = proxy.registerUser(uniqueName(u"bob"_s));
    RETURN_IF_FAILED();
    const QString room = openGroupRoom(proxy, alice, {bob});
    RETURN_IF_FAILED();

    // Four sockets through nginx: least_conn spreads them over both nodes.
    std::vector<std::unique_ptr<WsClient>> sockets;
    for (int i = 0; i < 4; ++i) {
        const Session &who = i % 2 == 0 ? alice : bob;
        auto client = std::make_unique<WsClient>(u"%1#%2"_s.arg(who.username()).arg(i));
        QUrl url(u"ws://127.0.0.1:%1/ws?token=%2"_s.arg(m_port).arg(who.access));
        QVERIFY2(client->open(url), qPrintable(client->failure()));
        QVERIFY2(client->waitHello(), qPrintable(client->failure()));
        sockets.push_back(std::move(client));
    }
    for (int node = 0; node < 2; ++node) {
        QVERIFY2(m_cluster.metric(node, u"parley_ws_connections"_s) >= 1,
                 qPrintable(u"node %1 got no WebSocket"_s.arg(node)));
    }
    // Whatever node each socket landed on, everybody hears each message once.
    sockets[0]->send(sendFrame(room, u"via-nginx"_s, u"hello through nginx"_s, u"s"_s));
    WS_WAIT(ack, *sockets[0], u"ack"_s, withRef(u"s"_s));
    for (size_t i = 1; i < sockets.size(); ++i) {
        WS_WAIT(message, *sockets[i], u"message"_s, aboutRoom(room));
        WS_NONE(*sockets[i], u"message"_s, aboutRoom(room));
    }
}

QTEST_MAIN(tst_ClusterNginx)
#include "tst_cluster_nginx.moc"
