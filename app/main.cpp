#include "app/cli.h"

int main(int argc, char** argv) { return nianbao::app::RunCli(argc, argv); }
