#include "config/secrets.h"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include "config/yaml_scalar.h"
#include "log/logger.h"

namespace streamit::config {
namespace {

constexpr const char* kFileSuffix = "_file";

std::string joinPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

bool readSecretFile(const std::filesystem::path& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read secret file '" + path.string() +
            "': " + std::generic_category().message(errno);
    return false;
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    error = "cannot read secret file '" + path.string() + "'";
    return false;
  }
  out = content.str();
  // Editors and `echo` add a newline that is never part of the secret.
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  return true;
}

void resolveIn(YAML::Node node, const SchemaNode& schema, const std::string& path,
               const std::filesystem::path& baseDir, std::vector<ConfigIssue>& issues) {
  if (schema.type == SchemaType::kArray && node.IsSequence() && !schema.items.empty()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      resolveIn(node[i], schema.items.front(), path + "[" + std::to_string(i) + "]", baseDir,
                issues);
    }
    return;
  }
  if (schema.type != SchemaType::kObject || !node.IsMap())
    return;
  for (const auto& f : schema.fields) {
    const std::string fileKey = f.name + kFileSuffix;
    const YAML::Node& constNode = node;  // const lookups never insert keys
    if (f.node.secret && constNode[fileKey]) {
      const YAML::Node fileValue = constNode[fileKey];
      const std::string filePath = joinPath(path, fileKey);
      if (constNode[f.name]) {
        issues.push_back(ConfigIssue{filePath,
                                     lineOf(fileValue),
                                     "both " + f.name + " and " + fileKey + " are set; use one",
                                     {}});
        continue;
      }
      if (!fileValue.IsScalar() || fileValue.Scalar().empty()) {
        issues.push_back(ConfigIssue{filePath, lineOf(fileValue), "expected a file path", {}});
        continue;
      }
      std::filesystem::path file(fileValue.Scalar());
      if (file.is_relative())
        file = baseDir / file;
      std::string secret;
      std::string error;
      if (!readSecretFile(file, secret, error)) {
        issues.push_back(ConfigIssue{filePath, lineOf(fileValue), error, {}});
        continue;
      }
      node.remove(fileKey);
      node[f.name] = secret;
      node[f.name].SetTag("!");  // file content is a string even when it looks like a number
      continue;
    }
    if (constNode[f.name])
      resolveIn(node[f.name], f.node, joinPath(path, f.name), baseDir, issues);
  }
}

void registerIn(const YAML::Node& node, const SchemaNode& schema) {
  if (schema.type == SchemaType::kArray && node.IsSequence() && !schema.items.empty()) {
    for (const auto& item : node)
      registerIn(item, schema.items.front());
    return;
  }
  if (schema.secret && node.IsScalar()) {
    log::registerSecret(node.Scalar());
    return;
  }
  if (schema.type != SchemaType::kObject || !node.IsMap())
    return;
  for (const auto& f : schema.fields) {
    if (const YAML::Node child = node[f.name])
      registerIn(child, f.node);
  }
}

}  // namespace

void resolveSecretFiles(YAML::Node& root, const SchemaNode& schema,
                        const std::filesystem::path& baseDir, std::vector<ConfigIssue>& issues) {
  resolveIn(root, schema, "", baseDir, issues);
}

void registerSecrets(const YAML::Node& root, const SchemaNode& schema) {
  registerIn(root, schema);
}

}  // namespace streamit::config
