#pragma once

#include <QCommandLineParser>

namespace parley::bench {

// `parley-bench ws`: one group room of --members, --senders of them sending over /ws. Closed loop
// (each sender keeps --window sends in flight) or, with --rate, open loop at a fixed rate.
// Reports persisted messages/s (acks), deliveries/s and delivery latency.
void addWsOptions(QCommandLineParser &parser);
int runWs(const QCommandLineParser &parser);

// `parley-bench ws-idle`: opens --connections idle sockets and reports the server's resident
// memory per connection (needs --server-pid).
void addWsIdleOptions(QCommandLineParser &parser);
int runWsIdle(const QCommandLineParser &parser);

// `parley-bench ws-resume`: a member misses --missed messages, reconnects and resumes; reports the
// time until it has them all (resume, then REST pages when the resume was capped).
void addWsResumeOptions(QCommandLineParser &parser);
int runWsResume(const QCommandLineParser &parser);

} // namespace parley::bench
