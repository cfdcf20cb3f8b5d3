#pragma once

#include <QByteArray>
#include <QString>

namespace parley::webhooks {

// The X-Parley-Signature header of a webhook POST: "t=<unix seconds>,v1=<hex>", where hex is
// HMAC-SHA256 keyed with the endpoint's secret over "<t>.<body>". A receiver recomputes it, compares
// in constant time and rejects a t too far from its own clock (replays).
QByteArray signatureHeader(const QString &secret, qint64 timestampS, const QByteArray &body);

} // namespace parley::webhooks
