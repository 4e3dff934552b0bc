/*
** valgrind-exec.c -- what `make valgrind` puts where the test scripts
** expect the concord program: it runs the real program under
** tests/valgrind.sh.  A compiled program rather than a shell script,
** because some tests hand the program file itself to concord as data (a
** binary that is not a corpus) and must find a binary there.
**
** Built with VG_SCRIPT, VG_LOGS and VG_PROGRAM defined as string literals
** (absolute paths).
*/
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char **args = calloc((size_t)argc + 3, sizeof *args);
    if (args == NULL) {
        perror("valgrind-exec");
        return 127;
    }
    args[0] = VG_SCRIPT;
    args[1] = VG_LOGS;
    args[2] = VG_PROGRAM;
    for (int i = 1; i < argc; i++)
        args[i + 2] = argv[i];
    execv(VG_SCRIPT, args);
    perror(VG_SCRIPT);
    free(args);
    return 127;
}
