#pragma once

#include "protocol/User.h"
#include "storage/sql/SqlDatabase.h"

namespace parley::storage::sql {

// A user from four columns of a row, starting at `first`: id, username, display_name, role.
inline User readUserColumns(const SqlRows &rows, int first)
{
    User user;
    user.id = rows.text(first);
    user.username = rows.text(first + 1);
    user.displayName = rows.text(first + 2);
    user.role = roleFromName(rows.text(first + 3)).value_or(Role::Customer);
    return user;
}

} // namespace parley::storage::sql
