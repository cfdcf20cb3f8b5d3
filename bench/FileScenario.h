#pragma once

#include <QCommandLineParser>

namespace parley::bench {

// `parley-bench upload`: registers a customer and uploads one --size-mb text file --repeat
// times (multipart, streamed from a temporary file); reports MB/s and the server's resident
// memory before, at its peak during, and after each upload (needs --server-pid). The server
// needs PARLEY_MAX_UPLOAD above the size.
void addUploadOptions(QCommandLineParser &parser);
int runUpload(const QCommandLineParser &parser);

// `parley-bench search`: logs in as --user and runs --queries searches one after the other
// (the SearchVocabulary mix seeded by parley-seed); reports latency per query kind and overall.
void addSearchOptions(QCommandLineParser &parser);
int runSearch(const QCommandLineParser &parser);

} // namespace parley::bench
