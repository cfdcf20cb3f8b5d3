#pragma once

#include "config/ServerConfig.h"

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace parley::app {

// The hardening block of ServerConfig (TLS files, edge limits, rate limits), kept apart from the
// other settings. Each reads the INI group already entered / the PARLEY_* variables:
//   tls_cert / PARLEY_TLS_CERT, tls_key / PARLEY_TLS_KEY,
//   max_connections_per_ip / PARLEY_MAX_CONNECTIONS_PER_IP, max_header_bytes /
//   PARLEY_MAX_HEADER_BYTES, max_url_bytes / PARLEY_MAX_URL_BYTES, request_timeout_s /
//   PARLEY_REQUEST_TIMEOUT_S, login_failures_per_user / PARLEY_LOGIN_FAILURES_PER_USER,
//   login_failures_per_ip / PARLEY_LOGIN_FAILURES_PER_IP, login_window_s /
//   PARLEY_LOGIN_WINDOW_S, write_rate / PARLEY_WRITE_RATE, write_burst / PARLEY_WRITE_BURST,
// and PARLEY_MAX_BODY_BYTES / PARLEY_IDLE_TIMEOUT_S for the older INI-only limits.
Status applyHardeningIni(ServerConfig &config, const QSettings &ini);
Status applyHardeningEnvironment(ServerConfig &config);
// Ranges and pairs (cert without key) once every source is applied.
Status checkHardening(const ServerConfig &config);

} // namespace parley::app
