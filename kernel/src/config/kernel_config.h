#pragma once

#include <string>

#include "auth/auth_config.h"
#include "chat/chat_config.h"
#include "http/http_config.h"
#include "hub/hub_config.h"
#include "log/log_config.h"
#include "media/media_config.h"
#include "plugins/plugins_config.h"
#include "realtime/realtime_config.h"
#include "rooms/rooms_config.h"
#include "storage/storage_config.h"
#include "web/web_config.h"

namespace streamit::config {

// The whole validated configuration of one kernel process. Each subsystem receives only its
// own section (userver-style); nothing reads the YAML tree after load.
struct KernelConfig {
  std::string data_dir = "data";  // SQLite file and other local state; created when missing
  http::HttpConfig http;
  log::LogConfig log;
  storage::StorageConfig storage;
  realtime::RealtimeConfig realtime;
  auth::AuthConfig auth;
  plugins::PluginsConfig plugins;
  media::MediaConfig media;
  rooms::RoomsConfig rooms;
  hub::HubConfig gateway;
  chat::ChatConfig chat;
  web::WebConfig web;
};

}  // namespace streamit::config
