#include "cli/Commands.h"

#include "cli/OpsCommands.h"
#include "cli/UserCommands.h"

namespace parley::cli {

int runCommand(const app::ParsedCommandLine &command, QTextStream &in, QTextStream &out,
               QTextStream &err)
{
    const QString name = command.positional.value(0);
    if (name == u"backup" || name == u"migrate") {
        if (command.positional.size() != 1) {
            err << "parley-server: usage: " << name << (name == u"backup" ? " --to FILE" : "")
                << Qt::endl;
            return kUsage;
        }
        return name == u"backup" ? runBackupCommand(command.config, command.backupTo, out, err)
                                 : runMigrateCommand(command.config, out, err);
    }
    return runUserCommand(command, in, out, err);
}

} // namespace parley::cli
