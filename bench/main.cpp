// parley-bench: drives a running parley-server over real HTTP and reports throughput and latency.
// One file per scenario (RestScenario.cpp, ...); shared pieces: channels, the closed loop, the
// latency figures, the account/room setup and the history check.

#include "BenchOptions.h"
#include "EdgeScenario.h"
#include "FileScenario.h"
#include "RestScenario.h"
#include "WsScenario.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <array>

namespace {

struct Scenario
{
    const char *name;
    const char *summary;
    void (*addOptions)(QCommandLineParser &);
    int (*run)(const QCommandLineParser &);
};

const std::array kScenarios{
    Scenario{"rest", "REST: message sends, then history pages, with a full history check",
             parley::bench::addRestOptions, parley::bench::runRest},
    Scenario{"ws", "WebSocket: one room, some members sending; persisted/s, deliveries/s, latency",
             parley::bench::addWsOptions, parley::bench::runWs},
    Scenario{"ws-idle", "WebSocket: server memory per idle connection (needs --server-pid)",
             parley::bench::addWsIdleOptions, parley::bench::runWsIdle},
    Scenario{"ws-resume", "WebSocket: time until a member who missed K messages has them all",
             parley::bench::addWsResumeOptions, parley::bench::runWsResume},
    Scenario{"edge-abuse",
             "HTTP edge: server memory under a huge body, an endless header and slowloris "
             "sockets (needs --server-pid)",
             parley::bench::addEdgeAbuseOptions, parley::bench::runEdgeAbuse},
    Scenario{"upload",
             "Uploads: MiB/s and server memory during a large upload (needs --server-pid)",
             parley::bench::addUploadOptions, parley::bench::runUpload},
    Scenario{"search", "Search: latency per query kind over a seeded database (see parley-seed)",
             parley::bench::addSearchOptions, parley::bench::runSearch},
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("parley-bench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PARLEY_VERSION));
    QTextStream err(stderr);

    QString scenarioList;
    for (const Scenario &s : kScenarios) {
        scenarioList += QStringLiteral("\n  %1  %2")
                            .arg(QLatin1StringView(s.name), QLatin1StringView(s.summary));
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Load generator for a running parley-server.\nScenarios:") + scenarioList);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("scenario"), QStringLiteral("What to run."),
                                 QStringLiteral("<scenario>"));

    // First pass: find the scenario (its options are not known yet).
    parser.parse(app.arguments());
    const QStringList positional = parser.positionalArguments();
    const Scenario *scenario = nullptr;
    if (!positional.isEmpty()) {
        for (const Scenario &s : kScenarios) {
            if (positional.first() == QLatin1StringView(s.name))
                scenario = &s;
        }
    }
    if (!scenario) {
        if (parser.isSet(QStringLiteral("version")))
            parser.showVersion();
        if (parser.isSet(QStringLiteral("help")))
            parser.showHelp(parley::bench::ExitOk);
        err << (positional.isEmpty()
                    ? QStringLiteral("parley-bench: name a scenario")
                    : QStringLiteral("parley-bench: unknown scenario '%1'").arg(positional.first()))
            << "\n\n"
            << parser.helpText();
        return parley::bench::ExitUsage;
    }

    parser.clearPositionalArguments();
    parser.addPositionalArgument(QLatin1StringView(scenario->name),
                                 QLatin1StringView(scenario->summary));
    parley::bench::addCommonOptions(parser);
    scenario->addOptions(parser);
    if (!parser.parse(app.arguments())) {
        err << "parley-bench: " << parser.errorText() << Qt::endl;
        return parley::bench::ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(parley::bench::ExitOk);
    if (parser.positionalArguments().size() != 1) {
        err << "parley-bench: unexpected arguments after the scenario" << Qt::endl;
        return parley::bench::ExitUsage;
    }
    return scenario->run(parser);
}
