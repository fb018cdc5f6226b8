#pragma once

namespace streamit::app {

// Dispatches `streamit <subcommand> ...`; returns the process exit code.
int runCli(int argc, char** argv);

}  // namespace streamit::app
