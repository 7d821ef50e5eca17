// The composition root: the command line decides; `serve` wires the components together.
#include "openhall/admin/cli.hpp"
#include "gateway_process.hpp"
#include "serve.hpp"

int main(int argc, char** argv) {
    return openhall::admin::run_cli(argc, argv, openhall::app::serve, openhall::app::run_gateway);
}
