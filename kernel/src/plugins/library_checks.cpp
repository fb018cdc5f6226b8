#include "plugins/library_checks.h"

#include <sys/stat.h>

#include <algorithm>
#include <boost/dll/library_info.hpp>
#include <cstddef>
#include <exception>
#include <system_error>

#include "streamit/sdk/types.h"

namespace streamit::plugins {
namespace fs = std::filesystem;

namespace {

bool groupOrWorldWritable(const struct stat& st) {
  return (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

// True when `path` equals `dir` or lies below it (both canonical).
bool isInside(const fs::path& dir, const fs::path& path) {
  auto [dirEnd, pathIt] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return dirEnd == dir.end() && pathIt != path.end();
}

}  // namespace

std::optional<std::string> locateLibrary(const std::vector<fs::path>& directories,
                                         const std::string& library, fs::path& out) {
  // A bare name keeps "where may code come from" a property of the config's directories only.
  if (library.empty() || library.find('/') != std::string::npos || library == "." ||
      library == "..") {
    return "library must be a bare file name: '" + library + "'";
  }
  for (const fs::path& dir : directories) {
    fs::path candidate = dir / library;
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(candidate, ec)))
      continue;

    fs::path canonicalDir = fs::canonical(dir, ec);
    if (ec)
      return "plugin directory unusable: " + dir.string() + ": " + ec.message();
    struct stat dirStat {};
    if (::stat(canonicalDir.c_str(), &dirStat) != 0 || !S_ISDIR(dirStat.st_mode)) {
      return "plugin directory unusable: " + dir.string();
    }
    if (groupOrWorldWritable(dirStat)) {
      return "plugin directory is group/world-writable: " + canonicalDir.string();
    }
    fs::path canonical = fs::canonical(candidate, ec);
    if (ec)
      return "cannot resolve library path: " + candidate.string() + ": " + ec.message();
    if (!isInside(canonicalDir, canonical)) {
      return "library path escapes the plugin directory: " + canonical.string();
    }
    struct stat st {};
    if (::stat(canonical.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return "library is not a regular file: " + canonical.string();
    }
    if (groupOrWorldWritable(st)) {
      return "library file is group/world-writable: " + canonical.string();
    }
    out = canonical;
    return std::nullopt;
  }
  return "library not found in plugin directories: " + library;
}

std::optional<std::string> checkEntrySymbol(const fs::path& path) {
  try {
    boost::dll::library_info info(boost::dll::fs::path(path.string()));
    for (const std::string& section : {std::string("boostdll"), std::string()}) {
      std::vector<std::string> symbols = section.empty() ? info.symbols() : info.symbols(section);
      if (std::find(symbols.begin(), symbols.end(), STREAMIT_PLUGIN_ENTRY_SYMBOL) !=
          symbols.end()) {
        return std::nullopt;
      }
    }
  } catch (const std::exception& e) {
    return std::string("not a loadable shared library: ") + e.what();
  }
  return "missing entry symbol " STREAMIT_PLUGIN_ENTRY_SYMBOL;
}

std::string_view kindName(StreamItPluginKind kind) {
  switch (kind) {
    case STREAMIT_KIND_PROVIDER:
      return "provider";
    case STREAMIT_KIND_AUTH:
      return "auth";
    case STREAMIT_KIND_MODERATOR:
      return "moderator";
    case STREAMIT_KIND_CATALOG:
      return "catalog";
    default:
      return "";
  }
}

bool supportsInterface(StreamItPluginKind kind, uint32_t interfaceVersion) {
  return !kindName(kind).empty() && interfaceVersion == 1;
}

std::optional<std::string> checkDescriptor(const StreamItPluginDescriptor* d,
                                           std::string_view configuredId,
                                           std::string_view kernelToolchain) {
  using sdk::view;
  if (d == nullptr)
    return "entry returned no descriptor";
  // The version fields come first in every major; everything else only once the major matches.
  constexpr std::size_t kVersionFieldsEnd = offsetof(StreamItPluginDescriptor, abi_minor) + 4;
  auto tooSmall = [&] {
    return "descriptor too small: " + std::to_string(d->struct_size) + " bytes, need " +
           std::to_string(sizeof(StreamItPluginDescriptor));
  };
  if (d->struct_size < kVersionFieldsEnd)
    return tooSmall();
  if (d->abi_major != STREAMIT_SDK_ABI_MAJOR) {
    return "ABI major mismatch: plugin " + std::to_string(d->abi_major) + ", kernel " +
           std::to_string(STREAMIT_SDK_ABI_MAJOR);
  }
  if (d->abi_minor > STREAMIT_SDK_ABI_MINOR) {
    return "ABI minor too new: plugin " + std::to_string(d->abi_major) + "." +
           std::to_string(d->abi_minor) + ", kernel " + std::to_string(STREAMIT_SDK_ABI_MAJOR) +
           "." + std::to_string(STREAMIT_SDK_ABI_MINOR);
  }
  if (d->struct_size < sizeof(StreamItPluginDescriptor))
    return tooSmall();
  if (view(d->toolchain) != kernelToolchain) {
    return "toolchain mismatch: plugin '" + std::string(view(d->toolchain)) + "', kernel '" +
           std::string(kernelToolchain) + "'";
  }
  std::string_view kind = kindName(d->kind);
  if (kind.empty())
    return "unknown plugin kind " + std::to_string(d->kind);
  if (!supportsInterface(d->kind, d->interface_version)) {
    return "unsupported interface version " + std::to_string(d->interface_version) + " for kind " +
           std::string(kind);
  }
  std::string_view id = view(d->id);
  if (id != configuredId) {
    return "id mismatch: library declares '" + std::string(id) + "', config says '" +
           std::string(configuredId) + "'";
  }
  if (id.substr(0, kind.size() + 1) != std::string(kind) + ".") {
    return "id '" + std::string(id) + "' does not start with its kind '" + std::string(kind) + ".'";
  }
  if (d->create == nullptr || d->destroy == nullptr)
    return "descriptor lacks create or destroy";
  return std::nullopt;
}

}  // namespace streamit::plugins
