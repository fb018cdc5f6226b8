#include "example_provider.h"

// Exports the one entry symbol the kernel looks for; id must match the config's `id:`.
STREAMIT_PLUGIN(example::ExampleProvider, "provider.example", "1.0.0", example::kConfigSchema)
