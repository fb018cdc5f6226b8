#include "plugin_test_support.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

namespace streamit::plugins::testing {
namespace fs = std::filesystem;

fs::path fixturePath(const std::string& name) {
  return fs::path(STREAMIT_PLUGIN_FIXTURE_DIR) / ("libfixture_" + name + ".so");
}

fs::path installLibrary(const fs::path& source, const fs::path& directory,
                        const std::string& fileName, mode_t mode) {
  fs::create_directories(directory);
  ::chmod(directory.c_str(), 0755);  // independent of the test runner's umask
  fs::path target = directory / fileName;
  fs::copy_file(source, target, fs::copy_options::overwrite_existing);
  ::chmod(target.c_str(), mode);
  return target;
}

std::vector<std::string> testValidator(std::string_view schemaJson, std::string_view configJson) {
  Poco::JSON::Parser parser;
  auto schema = parser.parse(std::string(schemaJson)).extract<Poco::JSON::Object::Ptr>();
  Poco::JSON::Object::Ptr config;
  try {
    config = Poco::JSON::Parser().parse(std::string(configJson)).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return {"(root): must be an object"};
  }
  std::vector<std::string> errors;
  auto properties = schema->getObject("properties");
  if (auto required = schema->getArray("required")) {
    for (std::size_t i = 0; i < required->size(); ++i) {
      std::string key = required->getElement<std::string>(static_cast<unsigned>(i));
      if (!config->has(key))
        errors.push_back(key + ": is required");
    }
  }
  bool closed =
      schema->has("additionalProperties") && !schema->getValue<bool>("additionalProperties");
  for (const auto& [key, value] : *config) {
    if (!properties || !properties->has(key)) {
      if (closed)
        errors.push_back(key + ": unknown key");
      continue;
    }
    std::string type = properties->getObject(key)->optValue<std::string>("type", "");
    bool ok = type.empty() || (type == "string" && value.isString()) ||
              (type == "integer" && value.isInteger()) ||
              (type == "boolean" && value.isBoolean()) ||
              (type == "object" && value.type() == typeid(Poco::JSON::Object::Ptr)) ||
              (type == "array" && value.type() == typeid(Poco::JSON::Array::Ptr));
    if (!ok)
      errors.push_back(key + ": must be of type " + type);
  }
  return errors;
}

void FakeStore::fail() {
  throw std::logic_error("FakeStore: not implemented");
}

std::optional<std::string> FakeStore::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (down)
    throw realtime::StoreUnavailable("down");
  auto it = entries_.find(key);
  if (it == entries_.end())
    return std::nullopt;
  return it->second.first;
}

void FakeStore::set(const std::string& key, const std::string& value, realtime::Millis ttl) {
  std::lock_guard lock(mutex_);
  if (down)
    throw realtime::StoreUnavailable("down");
  if (ttl.count() <= 0)
    throw std::invalid_argument("ttl required");
  entries_[key] = {value, ttl};
}

std::int64_t FakeStore::pttl(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  return it == entries_.end() ? -2 : it->second.second.count();
}

std::map<std::string, std::pair<std::string, realtime::Millis>> FakeStore::entries() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

PluginsConfig oneInstance(const fs::path& directory, const std::string& id,
                          const std::string& library, const std::string& configJson,
                          bool required) {
  PluginsConfig config;
  config.directories = {directory.string()};
  PluginInstanceConfig instance;
  instance.id = id;
  instance.library = library;
  instance.required = required;
  instance.config_json = configJson;
  config.instances.push_back(instance);
  return config;
}

}  // namespace streamit::plugins::testing
