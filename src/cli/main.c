/* kring's entry point: hand the arguments to cli_run(). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Colour only on a terminal that can show it, and never when NO_COLOR is
 * set to anything (no-color.org). */
static int wants_colour(void)
{
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

    return isatty(STDOUT_FILENO) && (no == NULL || no[0] == '\0') &&
           term != NULL && term[0] != '\0' && strcmp(term, "dumb") != 0;
}

int main(int argc, char **argv)
{
    struct cli_io io = {stdin, stdout, stderr, isatty(STDIN_FILENO),
                        wants_colour()};

    return cli_run(argc, argv, &io);
}
