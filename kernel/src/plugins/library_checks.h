#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamit/sdk/abi.h"

namespace streamit::plugins {

// Each check returns nullopt when it passes, or the refusal reason shown to operators
// (`streamit plugins list`, /readyz, logs). Tests assert these strings exactly.

// Finds `library` (a bare file name) in the first directory holding it and applies the
// file-system checks that must pass before any byte of it is mapped: the directory is not
// group/world-writable, the canonical path stays inside the (canonical) directory, the file is
// regular and not group/world-writable. On success `out` is the canonical path.
std::optional<std::string> locateLibrary(const std::vector<std::filesystem::path>& directories,
                                         const std::string& library, std::filesystem::path& out);

// Reads the ELF file without loading it (Boost.DLL library_info): the entry alias must be there.
std::optional<std::string> checkEntrySymbol(const std::filesystem::path& path);

// Pure compatibility checks of a descriptor against this kernel, in the order operators need
// them (size, ABI major, minor, toolchain, kind, interface version, id, functions).
std::optional<std::string> checkDescriptor(const StreamItPluginDescriptor* descriptor,
                                           std::string_view configuredId,
                                           std::string_view kernelToolchain);

// "provider", "auth", "moderator", "catalog" or "" when unknown.
std::string_view kindName(StreamItPluginKind kind);
// Interface version(s) this kernel implements for a kind.
bool supportsInterface(StreamItPluginKind kind, uint32_t interfaceVersion);

}  // namespace streamit::plugins
