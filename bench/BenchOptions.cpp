#include "BenchOptions.h"

#include "QnamHttpChannel.h"
#include "RawHttpChannel.h"

namespace parley::bench {
namespace {

// Access tokens live 15 minutes and the bench does not refresh them.
constexpr int kMaxDurationS = 600;

} // namespace

void addCommonOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("server"),
         QStringLiteral("Base URL of the running server (loopback only unless --allow-remote)."),
         QStringLiteral("url")},
        {QStringLiteral("allow-remote"), QStringLiteral("Allow a --server that is not loopback.")},
        {QStringLiteral("json"),
         QStringLiteral("Print one JSON object with all figures on stdout instead of the table.")},
        {QStringLiteral("duration-limit"),
         QStringLiteral(
             "Stop starting requests after this many seconds in all (default 120, max %1).")
             .arg(kMaxDurationS),
         QStringLiteral("s"), QStringLiteral("120")},
        {QStringLiteral("admin-user"),
         QStringLiteral("Admin account that creates the staff member (default admin)."),
         QStringLiteral("name"), QStringLiteral("admin")},
        {QStringLiteral("admin-password"),
         QStringLiteral("Password of --admin-user (default demo-password)."),
         QStringLiteral("password"), QStringLiteral("demo-password")},
        {QStringLiteral("users"), QStringLiteral("Customer accounts to register (default 10)."),
         QStringLiteral("n"), QStringLiteral("10")},
        {QStringLiteral("concurrency"),
         QStringLiteral("Requests in flight, one connection each (closed loop; default 16)."),
         QStringLiteral("c"), QStringLiteral("16")},
        {QStringLiteral("warmup"),
         QStringLiteral(
             "Requests before each measured phase, left out of the figures (default 200)."),
         QStringLiteral("w"), QStringLiteral("200")},
        {QStringLiteral("seed"),
         QStringLiteral("Seed of the random choices (history positions; default 1)."),
         QStringLiteral("n"), QStringLiteral("1")},
        {QStringLiteral("server-pid"),
         QStringLiteral("Process id of the server, to report its CPU time per phase (Linux)."),
         QStringLiteral("pid")},
        {QStringLiteral("client"),
         QStringLiteral("HTTP client: raw (keep-alive sockets, default) or qnam (one "
                        "QNetworkAccessManager per connection)."),
         QStringLiteral("raw|qnam"), QStringLiteral("raw")},
        {QStringLiteral("request-timeout"),
         QStringLiteral(
             "A request without a complete answer after this many ms fails (default 30000)."),
         QStringLiteral("ms"), QStringLiteral("30000")},
    });
}

std::optional<qint64> intOption(const QCommandLineParser &parser, const QString &name, qint64 min,
                                qint64 max, QString *error)
{
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    if (!ok || value < min || value > max) {
        *error = QStringLiteral("--%1 must be a whole number from %2 to %3 (got '%4')")
                     .arg(name)
                     .arg(min)
                     .arg(max)
                     .arg(parser.value(name));
        return std::nullopt;
    }
    return value;
}

std::optional<CommonOptions> readCommonOptions(const QCommandLineParser &parser, QString *error)
{
    CommonOptions options;
    if (!parser.isSet(QStringLiteral("server"))) {
        *error = QStringLiteral("--server is required, e.g. --server http://127.0.0.1:8080");
        return std::nullopt;
    }
    auto target = Target::parse(parser.value(QStringLiteral("server")),
                                parser.isSet(QStringLiteral("allow-remote")), error);
    if (!target)
        return std::nullopt;
    options.target = *target;
    options.json = parser.isSet(QStringLiteral("json"));
    options.adminUser = parser.value(QStringLiteral("admin-user"));
    options.adminPassword = parser.value(QStringLiteral("admin-password"));
    options.client = parser.value(QStringLiteral("client"));
    if (options.client != u"raw" && options.client != u"qnam") {
        *error = QStringLiteral("--client must be raw or qnam");
        return std::nullopt;
    }

    const auto duration =
        intOption(parser, QStringLiteral("duration-limit"), 1, kMaxDurationS, error);
    const auto users =
        duration ? intOption(parser, QStringLiteral("users"), 1, 10000, error) : std::nullopt;
    const auto concurrency =
        users ? intOption(parser, QStringLiteral("concurrency"), 1, 1024, error) : std::nullopt;
    const auto warmup =
        concurrency ? intOption(parser, QStringLiteral("warmup"), 0, 1000000, error) : std::nullopt;
    const auto seed =
        warmup ? intOption(parser, QStringLiteral("seed"), 0, 0xffffffffLL, error) : std::nullopt;
    const auto timeout =
        seed ? intOption(parser, QStringLiteral("request-timeout"), 100, 600000, error)
             : std::nullopt;
    if (!timeout)
        return std::nullopt;
    options.durationLimitS = int(*duration);
    options.users = int(*users);
    options.concurrency = int(*concurrency);
    options.warmup = int(*warmup);
    options.seed = quint32(*seed);
    options.requestTimeoutMs = int(*timeout);
    if (parser.isSet(QStringLiteral("server-pid"))) {
        const auto pid = intOption(parser, QStringLiteral("server-pid"), 1, 0x7fffffffLL, error);
        if (!pid)
            return std::nullopt;
        options.serverPid = *pid;
    }
    return options;
}

std::vector<std::unique_ptr<HttpChannel>> makeChannels(const CommonOptions &options, int count)
{
    std::vector<std::unique_ptr<HttpChannel>> channels;
    channels.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        if (options.client == u"qnam")
            channels.push_back(
                std::make_unique<QnamHttpChannel>(options.target, options.requestTimeoutMs));
        else
            channels.push_back(
                std::make_unique<RawHttpChannel>(options.target, options.requestTimeoutMs));
    }
    return channels;
}

} // namespace parley::bench
