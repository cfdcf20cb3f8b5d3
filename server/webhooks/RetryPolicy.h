#pragma once

#include <QByteArray>

#include <optional>

namespace parley::webhooks {

// What one answer means for a delivery: 2xx delivered; no answer (network error, timeout), 429
// and 5xx retried; any other status failed for good.
enum class Verdict { Delivered, Retry, Failed };
Verdict verdictFor(int httpStatus); // 0: no HTTP answer

// A Retry-After header (delta seconds or an HTTP date) as milliseconds from nowMs; nullopt when
// absent or unreadable. A date in the past is 0.
std::optional<qint64> retryAfterMs(const QByteArray &header, qint64 nowMs);

} // namespace parley::webhooks
