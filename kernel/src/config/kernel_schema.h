#pragma once

#include "config/schema.h"

namespace streamit::config {

// The declared schema of the kernel config file: every key of KernelConfig with its type,
// default, bounds and description. Built once; the reference stays valid for the process.
const SchemaNode& kernelSchema();

}  // namespace streamit::config
