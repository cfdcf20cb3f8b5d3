#include "storage/TimeOrderedUuid.h"

#include <QRandomGenerator>

#include <mutex>

namespace parley::storage {

namespace {

struct Clock
{
    std::mutex mutex; // callable from any thread
    qint64 lastMs = -1;
    quint32 counter = 0;
};

} // namespace

QString timeOrderedUuid(qint64 nowMs)
{
    static Clock clock;
    qint64 ms = 0;
    quint32 counter = 0;
    {
        const std::lock_guard lock(clock.mutex);
        if (nowMs > clock.lastMs) {
            clock.lastMs = nowMs;
            clock.counter = QRandomGenerator::global()->bounded(0x800u); // room to count up
        } else if (++clock.counter > 0xfff) {
            ++clock.lastMs; // 4096 ids in one millisecond: borrow the next one
            clock.counter = 0;
        }
        ms = clock.lastMs;
        counter = clock.counter;
    }
    const quint64 random = QRandomGenerator::global()->generate64();
    const quint64 high = (quint64(ms) << 16) | 0x7000u | counter;
    const quint64 low = (random & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;

    static constexpr char kHex[] = "0123456789abcdef";
    char text[36];
    int at = 0;
    for (int nibble = 0; nibble < 32; ++nibble) {
        if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20)
            text[at++] = '-';
        const quint64 word = nibble < 16 ? high : low;
        text[at++] = kHex[(word >> (60 - 4 * (nibble % 16))) & 0xf];
    }
    return QString::fromLatin1(text, sizeof text);
}

} // namespace parley::storage
