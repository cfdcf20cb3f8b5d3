#include "FileScenario.h"
#include "Report.h"

#include "BenchOptions.h"
#include "Latency.h"
#include "SearchVocabulary.h"
#include "Session.h"
#include "WsPeer.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

#include <algorithm>

namespace parley::bench {
namespace {

// One request over a channel, waiting for the answer.
HttpResponse exchange(HttpChannel &channel, const HttpRequest &request)
{
    HttpResponse response;
    QEventLoop loop;
    channel.send(request, [&](const HttpResponse &r) {
        response = r;
        loop.quit();
    });
    loop.exec();
    return response;
}

} // namespace

void addUploadOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("size-mb"), QStringLiteral("File size in MiB (default 100)."),
         QStringLiteral("n"), QStringLiteral("100")},
        {QStringLiteral("repeat"), QStringLiteral("Uploads to make (default 3)."),
         QStringLiteral("n"), QStringLiteral("3")},
    });
}

int runUpload(const QCommandLineParser &parser)
{
    QString error;
    const auto common = readCommonOptions(parser, &error);
    const auto sizeMb =
        common ? intOption(parser, QStringLiteral("size-mb"), 1, 4096, &error) : std::nullopt;
    const auto repeat =
        sizeMb ? intOption(parser, QStringLiteral("repeat"), 1, 100, &error) : std::nullopt;
    if (!repeat || common->serverPid <= 0) {
        err() << (error.isEmpty() ? QStringLiteral("upload needs --server-pid") : error)
              << Qt::endl;
        return ExitUsage;
    }

    auto channels = makeChannels(*common, 1);
    const QString name = QStringLiteral("up%1").arg(
        qulonglong(QRandomGenerator::global()->generate()), 8, 16, QChar(u'0'));
    QJsonObject registered;
    const QString failed = expectJson(
        exchange(*channels[0],
                 postRequest("/api/auth/register",
                             {{QStringLiteral("username"), name},
                              {QStringLiteral("password"), QStringLiteral("bench-password")}},
                             {})),
        201, &registered);
    if (!failed.isEmpty()) {
        err() << "register: " << failed << Qt::endl;
        return ExitFailed;
    }
    const QByteArray token = registered.value(QStringLiteral("access")).toString().toLatin1();

    QTemporaryFile file;
    if (!file.open()) {
        err() << "cannot create the file to upload" << Qt::endl;
        return ExitFailed;
    }
    const QByteArray line("Parley upload benchmark: plain text line of fixed length....\n");
    const QByteArray block = line.repeated(1024 * 1024 / line.size() + 1).left(1024 * 1024);
    for (qint64 i = 0; i < *sizeMb; ++i)
        file.write(block);
    file.flush();
    const qint64 bytes = file.size();

    QNetworkAccessManager nam;
    QList<double> rates;
    qint64 worstGrowthKb = 0;
    for (qint64 run = 0; run < *repeat; ++run) {
        const qint64 before = residentKb(common->serverPid);
        qint64 peak = before;
        QTimer sampler;
        QObject::connect(&sampler, &QTimer::timeout,
                         [&] { peak = qMax(peak, residentKb(common->serverPid)); });
        sampler.start(20);

        auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       QStringLiteral("form-data; name=\"file\"; filename=\"bench.txt\""));
        auto *device = new QFile(file.fileName(), multipart);
        device->open(QIODevice::ReadOnly);
        part.setBodyDevice(device);
        multipart->append(part);
        QNetworkRequest request(
            QUrl(common->target.baseUrl + QStringLiteral("/api/chat/uploads/")));
        request.setRawHeader("Authorization", "Bearer " + token);
        QElapsedTimer timer;
        timer.start();
        QNetworkReply *reply = nam.post(request, multipart);
        multipart->setParent(reply);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        sampler.stop();
        peak = qMax(peak, residentKb(common->serverPid));
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        if (status != 201) {
            err() << "upload answered " << status << ' ' << body << Qt::endl;
            return ExitFailed;
        }
        const qint64 after = residentKb(common->serverPid);
        const double rate = double(bytes) / (1024.0 * 1024.0) / seconds;
        rates << rate;
        worstGrowthKb = qMax(worstGrowthKb, peak - before);
        out() << QStringLiteral("upload %1: %2 MiB in %3 s = %4 MiB/s; server RSS %5 -> peak %6 "
                                "-> %7 KiB (peak growth %8 KiB)")
                     .arg(run + 1)
                     .arg(*sizeMb)
                     .arg(round2(seconds))
                     .arg(round2(rate))
                     .arg(before)
                     .arg(peak)
                     .arg(after)
                     .arg(peak - before)
              << Qt::endl;
    }
    std::sort(rates.begin(), rates.end());
    out() << QStringLiteral("median %1 MiB/s over %2 uploads; largest RSS growth during an "
                            "upload %3 KiB")
                 .arg(round2(rates.at(rates.size() / 2)))
                 .arg(rates.size())
                 .arg(worstGrowthKb)
          << Qt::endl;
    return ExitOk;
}

void addSearchOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("user"), QStringLiteral("Account that searches."), QStringLiteral("name")},
        {QStringLiteral("password"), QStringLiteral("Its password."), QStringLiteral("password")},
        {QStringLiteral("queries"), QStringLiteral("Searches to run (default 2000)."),
         QStringLiteral("n"), QStringLiteral("2000")},
        {QStringLiteral("limit"), QStringLiteral("Results per search (default 20)."),
         QStringLiteral("n"), QStringLiteral("20")},
    });
}

int runSearch(const QCommandLineParser &parser)
{
    QString error;
    const auto common = readCommonOptions(parser, &error);
    const auto queries =
        common ? intOption(parser, QStringLiteral("queries"), 1, 1000000, &error) : std::nullopt;
    const auto limit =
        queries ? intOption(parser, QStringLiteral("limit"), 1, 100, &error) : std::nullopt;
    if (!limit || !parser.isSet(QStringLiteral("user"))) {
        err() << (error.isEmpty() ? QStringLiteral("search needs --user and --password") : error)
              << Qt::endl;
        return ExitUsage;
    }
    auto channels = makeChannels(*common, 1);
    QJsonObject login;
    const QString failed = expectJson(
        exchange(
            *channels[0],
            postRequest("/api/auth/login",
                        {{QStringLiteral("username"), parser.value(QStringLiteral("user"))},
                         {QStringLiteral("password"), parser.value(QStringLiteral("password"))}},
                        {})),
        200, &login);
    if (!failed.isEmpty()) {
        err() << "login: " << failed << Qt::endl;
        return ExitFailed;
    }
    const QByteArray token = login.value(QStringLiteral("access")).toString().toLatin1();

    LatencyRecorder all;
    QMap<QString, LatencyRecorder> byKind;
    qint64 results = 0;
    const qint64 warmup = qMin<qint64>(common->warmup, *queries);
    for (qint64 n = 0; n < warmup + *queries; ++n) {
        QString kind;
        const QString q = SearchVocabulary::query(quint64(n), &kind);
        const QByteArray target = "/api/chat/search/?limit=" + QByteArray::number(*limit) +
                                  "&q=" + QUrl::toPercentEncoding(q);
        const HttpResponse response = exchange(*channels[0], getRequest(target, token));
        QJsonObject body;
        if (const QString bad = expectJson(response, 200, &body); !bad.isEmpty()) {
            err() << "search " << q << ": " << bad << Qt::endl;
            return ExitFailed;
        }
        if (n < warmup)
            continue;
        all.add(response.elapsedNs);
        byKind[kind].add(response.elapsedNs);
        results += body.value(QStringLiteral("results")).toArray().size();
    }
    const auto line = [](const QString &name, const LatencySummary &s) {
        return QStringLiteral("%1: n=%2 median %3 ms, p90 %4 ms, p99 %5 ms, max %6 ms")
            .arg(name)
            .arg(s.count)
            .arg(s.medianMs)
            .arg(s.p90Ms)
            .arg(s.p99Ms)
            .arg(s.maxMs);
    };
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it)
        out() << line(it.key(), it.value().summarize()) << Qt::endl;
    out() << line(QStringLiteral("all"), all.summarize()) << Qt::endl;
    out() << QStringLiteral("mean results per search: %1")
                 .arg(round2(double(results) / double(*queries)))
          << Qt::endl;
    return ExitOk;
}

} // namespace parley::bench
