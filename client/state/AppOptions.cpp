#include "state/AppOptions.h"

using namespace Qt::StringLiterals;

namespace parley::client {

AppOptions AppOptions::fromArguments(const QStringList &arguments, QString *error)
{
    AppOptions options;
    if (error)
        error->clear();
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        auto value = [&](const QString &name) -> QString {
            if (arg.startsWith(name + u'='))
                return arg.mid(name.size() + 1);
            if (arg == name && i + 1 < arguments.size())
                return arguments.at(++i);
            return {};
        };
        if (arg == u"--server"_s || arg.startsWith(u"--server="_s)) {
            const QString text = value(u"--server"_s);
            const QUrl url(text, QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty() ||
                (url.scheme() != u"http"_s && url.scheme() != u"https"_s)) {
                if (error)
                    *error = u"--server needs an http:// or https:// URL, got \"%1\""_s.arg(text);
            } else {
                options.serverOverride = url;
            }
        } else if (arg == u"--data-dir"_s || arg.startsWith(u"--data-dir="_s)) {
            options.dataDir = value(u"--data-dir"_s);
        }
    }
    return options;
}

} // namespace parley::client
