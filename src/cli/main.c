/* kring's entry point: hand the arguments to cli_run(). */
#include <unistd.h>

#include "cli.h"

int main(int argc, char **argv)
{
    struct cli_io io = {stdin, stdout, stderr, isatty(STDIN_FILENO)};

    return cli_run(argc, argv, &io);
}
