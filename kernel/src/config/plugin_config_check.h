#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace streamit::config {

// The validator the plugin loader runs before a plugin's `create`: checks an instance's config
// (JSON text) against the JSON-Schema subset the plugin declares. One message per problem,
// each naming the key ("base_url: missing required key"); empty when valid. A schema the
// engine cannot read is itself reported as a problem, so such a plugin never starts. A valid
// config's values marked `"secret": true` are registered for log redaction.
std::vector<std::string> checkPluginConfig(std::string_view schemaJson,
                                           std::string_view configJson);

}  // namespace streamit::config
