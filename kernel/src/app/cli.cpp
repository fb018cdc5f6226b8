#include "app/cli.h"

#include <iostream>

namespace streamit::app {

int runCli(int argc, char** argv) {
  (void)argc;
  (void)argv;
  std::cout << "streamit " << STREAMIT_VERSION << "\n";
  return 0;
}

}  // namespace streamit::app
