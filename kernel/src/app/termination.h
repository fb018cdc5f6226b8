#pragma once

namespace streamit::app {

// Blocks SIGINT/SIGTERM/SIGPIPE in the calling thread. Call before any thread starts so every
// thread inherits the mask: termination is then received only by waitForTermination(), and a
// write to a closed socket can never kill the process.
void blockTerminationSignals();

// Waits for SIGINT or SIGTERM; returns the signal number.
int waitForTermination();

}  // namespace streamit::app
