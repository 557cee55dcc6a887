// Sub-commands whose layers have not landed yet answer "not yet available"
// with exit status 2, as the interface allows until they do.
#include "app/commands.h"
#include "app/context.h"

namespace nianbao::app {

}  // namespace nianbao::app
