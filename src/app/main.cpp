#include "intake/app/cli.hpp"

int main(int argc, char** argv) { return intake::run_cli(argc, argv); }
