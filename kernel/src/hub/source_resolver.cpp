#include "hub/source_resolver.h"

#include "http/api_error.h"
#include "http/error_codes.h"
#include "media/media_json.h"
#include "media/provider_failure.h"
#include "plugins/plugin_clients.h"
#include "plugins/plugin_manager.h"

namespace streamit::hub {

playback::PlaybackSource resolveSource(plugins::PluginManager& plugins, const std::string& provider,
                                       const std::string& reference) {
  auto handle = plugins.provider(provider);
  if (!handle) {
    throw http::ApiError(http::errors::kProviderNotFound, "no provider plugin '" + provider + "'",
                         {{"provider", provider}});
  }
  const auto result = plugins::ProviderClient(std::move(handle)).resolve(reference);
  if (!result.ok())
    media::throwProviderFailure(result.status, provider, result.error);
  const auto& resolved = result.value;
  playback::PlaybackSource source;
  source.provider = provider;
  source.stream_id = resolved.stream_id;
  source.kind = media::sourceKindName(resolved.kind);
  source.url = resolved.url;
  source.embed_url = resolved.embed_url;
  if (resolved.duration_s > 0)
    source.duration_s = resolved.duration_s;
  for (const auto& quality : resolved.qualities)
    source.qualities.push_back(quality.label);
  for (const auto& subtitle : resolved.subtitles)
    source.subtitles.push_back(subtitle.language.empty() ? subtitle.label : subtitle.language);
  return source;
}

}  // namespace streamit::hub
