#pragma once

#include "HttpChannel.h"
#include "Target.h"

#include <QNetworkAccessManager>

namespace parley::bench {

// The Qt way: one QNetworkAccessManager per channel. A manager opens up to 6 connections per
// host; with one request in flight per manager it keeps exactly one keep-alive connection, so C
// channels are C connections. Redirects are not followed and no proxy is used.
class QnamHttpChannel final : public HttpChannel
{
public:
    QnamHttpChannel(const Target &target, int timeoutMs);

    void send(const HttpRequest &request, Callback done) override;
    // The manager does not say how many connections it opened; 1 is what one request at a time
    // on a keep-alive server gives.
    int connectionsOpened() const override { return 1; }

private:
    Target m_target;
    int m_timeoutMs;
    QNetworkAccessManager m_manager;
};

} // namespace parley::bench
