#include "app/cli.h"

int main(int argc, char** argv) {
  return streamit::app::runCli(argc, argv);
}
