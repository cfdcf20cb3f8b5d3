#pragma once

struct redisAsyncContext;
class QObject;

// hiredis's own Qt adapter (hiredis/adapters/qt.h) drives an async context from the Qt event
// loop. Its header uses `slots` and SIGNAL()/SLOT(), which our strict flags (QT_NO_KEYWORDS)
// reject, so it is compiled here, in a library of its own, behind these two functions.
namespace parley::events::redisqt {

// Hooks `context` into the event loop. The returned object lives until detach().
QObject *attach(redisAsyncContext *context);
// Unhooks the adapter while `context` is still valid (from hiredis's connect or disconnect
// callback, or before redisAsyncFree): the adapter is deleted later and never touches the
// context again.
void detach(QObject *binding);

} // namespace parley::events::redisqt
