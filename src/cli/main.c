/*
** main.c -- the `concord` program: options, inputs, and what runs.
**
**   concord [options] [FILE...]
**   concord compile DIR [LAYER...] -o FILE
**
** Runs the -c query if given; else each FILE in order; else the REPL when
** stdin is a terminal; else the script read from stdin.  Usage problems
** (and FILEs that cannot be read) are found before the corpus is loaded
** and before anything runs, so a bad command line never half-runs.
** `compile` writes a corpus folder (and layers on it) as an image for
** --image.
*/
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One script to run: the -c query, a FILE, or stdin. */
typedef struct input {
    const char *name; /* shown before error locations */
    const char *text; /* the script */
    size_t len;
    char *owned; /* text when it was read into memory, to free */
} input;

typedef struct options {
    const char *query;      /* -c QUERY, or NULL */
    const char *corpus_dir; /* the first --corpus DIR, or NULL: built-in */
    int nlayers;            /* the other --corpus DIRs and --import FILEs */
    const char **layers;    /* ... in the order given */
    const char *image;      /* --image FILE, or NULL */
    const char *format;     /* -f FORMAT as given, or NULL */
    int nargs;              /* --arg NAME VALUE pairs */
    const char **arg_names;
    const char **arg_values;
    char **arg_owned; /* --arg-file: the files read, freed at the end */
    int nfiles;
    const char **files; /* FILE arguments, "-" for stdin */
    int safe;           /* --safe */
    const char *import; /* the first --import FILE, for --safe to name */
    int nstatus;        /* --status FILE, in the order given */
    const char **status;
    const char *ns;               /* --namespace URI, or NULL: the default */
    int limits[CONCORD_N_LIMITS]; /* --limit NAME=N, -1 where not given */
    const char *color;            /* --color WHEN: auto, always, never */
    int no_pager;                 /* --no-pager */
} options;

static const char *const long_options[] = {
    "--arg",      "--arg-file", "--color",  "--corpus",  "--format",
    "--help",     "--image",    "--import", "--limit",   "--namespace",
    "--no-pager", "--safe",     "--status", "--version", NULL};

static void usage(FILE *f)
{
    fputs("usage: concord [options] [FILE...]\n"
          "       concord compile DIR [LAYER...] -o FILE\n"
          "       concord check-image FILE\n"
          "\n"
          "Query the correlations between ISO/IEC 20000-1, ISO 9001, "
          "ISO/IEC 27001\n"
          "and the high level structure they share.\n"
          "\n"
          "  -c QUERY              run QUERY (one or more statements)\n"
          "  -f, --format FORMAT   output format: ",
          f);
    cq_cli_list_formats(f);
    fputs("\n"
          "                        (default: table on a terminal, else "
          "tsv)\n"
          "  --corpus DIR          load the corpus TSV files from DIR "
          "instead of\n"
          "                        the built-in corpus; again: stack DIR on "
          "it as a layer\n"
          "  --import FILE         stack a layer on the corpus: a mapping "
          "file (OSCAL,\n"
          "                        STRM or SSSOM) or a folder of corpus files; "
          "may be\n"
          "                        repeated\n"
          "  --image FILE          load the corpus from FILE, an image made "
          "by\n"
          "                        'concord compile' (no parsing at start-up)\n"
          "  --status FILE         load a status file (what the organisation "
          "has done:\n"
          "                        clause, status, evidence, ...); may be "
          "repeated, the\n"
          "                        later file winning where two speak of one "
          "clause\n"
          "  --arg NAME VALUE      bind VALUE to the parameter $NAME (a "
          "value,\n"
          "                        never query text); may be repeated\n"
          "  --arg-file NAME=FILE  bind the lines of FILE to $NAME: a list "
          "of clause\n"
          "                        keys, one a line, usable as a set; may be "
          "repeated\n"
          "  --limit NAME=N        set a limit: length, nesting, rows, "
          "hops, imports,\n"
          "                        steps, memory (MiB) (see concord(1)); may "
          "be repeated\n"
          "  --safe                refuse import, --import, .read and "
          ".output: for "
          "query text\n"
          "                        from people you do not trust\n"
          "  --namespace URI       the namespace of the names exports make "
          "(OSCAL\n"
          "                        props, SSSOM prefixes); default: "
          "concord's URN\n"
          "  --color=WHEN          colour on a terminal: auto (the "
          "default; not when\n"
          "                        NO_COLOR is set), always, never\n"
          "  --no-pager            never page results taller than the "
          "terminal\n"
          "  -h, --help            show this help and exit\n"
          "  -V, --version         show the version and exit\n"
          "  --                    end of options\n"
          "\n"
          "Runs the -c query, else each FILE in order (\"-\" is standard "
          "input), else\n"
          "the script on standard input, or an interactive session when "
          "standard\n"
          "input is a terminal.  A script stops at its first failing "
          "statement.\n"
          "\n"
          "'concord compile DIR [LAYER...] -o FILE' checks the corpus TSV "
          "files in DIR,\n"
          "with each LAYER stacked on them, and writes them as the image FILE "
          "for\n"
          "--image, and checks what it wrote.  'concord check-image FILE' "
          "checks every\n"
          "byte of an image (opening one checks its structure only).  (To "
          "run a script\n"
          "named compile or check-image, write ./compile.)\n"
          "\n"
          "Exit status: 0 success, 1 a query or the corpus failed, 2 bad "
          "usage.\n",
          f);
}

static int usage_error(const char *fmt, const char *arg, const char *near)
{
    /* fmt holds one %s, for arg, which is echoed escaped (cq_cli_put_safe) */
    const char *at = strstr(fmt, "%s");
    fputs("concord: ", stderr);
    if (at == NULL) {
        fputs(fmt, stderr);
    } else {
        fwrite(fmt, 1, (size_t)(at - fmt), stderr);
        cq_cli_put_safe(stderr, arg);
        fputs(at + 2, stderr);
    }
    if (near != NULL)
        fprintf(stderr, "; did you mean '%s'?", near);
    fputs("\nTry 'concord --help' for more information.\n", stderr);
    return CQ_CLI_EXIT_USAGE;
}

/* The value of an option that takes one: "-cX", "--opt=X" or the next
** argument.  Returns NULL (after saying so) when it is missing. */
static const char *option_value(int argc, char **argv, int *i, size_t namelen)
{
    const char *arg = argv[*i];
    if (arg[namelen] == '=' && arg[1] == '-')
        return arg + namelen + 1;
    if (arg[namelen] != '\0') /* "-cQUERY" */
        return arg + namelen;
    if (*i + 1 >= argc) {
        usage_error("option '%s' needs an argument", arg, NULL);
        return NULL;
    }
    return argv[++*i];
}

/* Is arg exactly the long option name, or name=VALUE? */
static int is_long(const char *arg, const char *name, int takes_value)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 &&
           (arg[n] == '\0' || (takes_value && arg[n] == '='));
}

/* Parse "NAME=N" of --limit into o->limits.  Returns -1 to go on, or an
** exit status after saying what is wrong. */
static int parse_limit(const char *spec, options *o)
{
    static const char *names[CONCORD_N_LIMITS + 1];
    for (int id = 0; id < CONCORD_N_LIMITS; id++)
        names[id] = concord_limit_name(id);
    const char *eq = strchr(spec, '=');
    char name[32];
    size_t n = eq != NULL ? (size_t)(eq - spec) : strlen(spec);
    if (n >= sizeof name)
        n = sizeof name - 1;
    memcpy(name, spec, n);
    name[n] = '\0';
    int id = 0;
    while (id < CONCORD_N_LIMITS && strcmp(names[id], name) != 0)
        id++;
    if (id == CONCORD_N_LIMITS) {
        fputs("concord: unknown limit '", stderr);
        cq_cli_put_safe(stderr, name);
        fputs("' in --limit ", stderr);
        cq_cli_put_safe(stderr, spec);
        const char *near = cq_cli_nearest(name, names);
        if (near != NULL)
            fprintf(stderr, "; did you mean '%s'?", near);
        fputs(" (limits: length, nesting, rows, hops, imports, steps, "
              "memory)\n"
              "Try 'concord --help' for more information.\n",
              stderr);
        return CQ_CLI_EXIT_USAGE;
    }
    /* any whole number from 1; one past the ceiling is lowered to it (by
    ** concord_limit), as concord(1) says, however many digits it has */
    const char *digits = eq != NULL ? eq + 1 : "";
    size_t ndigits = strspn(digits, "0123456789");
    while (ndigits > 1 && *digits == '0')
        digits++, ndigits--;
    if (ndigits == 0 || digits[ndigits] != '\0' ||
        (ndigits == 1 && *digits == '0'))
        return usage_error("--limit %s needs NAME=N with N a whole number "
                           "from 1",
                           spec, NULL);
    long long v = ndigits > 10 ? 2147483647LL : strtoll(digits, NULL, 10);
    o->limits[id] = v > 2147483647LL ? 2147483647 : (int)v;
    return -1;
}

/* Parse argv into *o.  Returns -1 to go on, or an exit status (help and
** version are answered here, in the order they come). */
static int parse_options(int argc, char **argv, options *o)
{
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
            o->files[o->nfiles++] = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_files = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage(stdout);
            return CQ_CLI_EXIT_OK;
        } else if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
            printf("concord %s\n", concord_version());
            return CQ_CLI_EXIT_OK;
        } else if (strncmp(arg, "-c", 2) == 0) {
            if (o->query != NULL)
                return usage_error("%s may be given only once", "-c", NULL);
            if ((o->query = option_value(argc, argv, &i, 2)) == NULL)
                return CQ_CLI_EXIT_USAGE;
        } else if (strncmp(arg, "-f", 2) == 0 || is_long(arg, "--format", 1)) {
            size_t n = arg[1] == '-' ? strlen("--format") : 2;
            if ((o->format = option_value(argc, argv, &i, n)) == NULL)
                return CQ_CLI_EXIT_USAGE;
        } else if (strcmp(arg, "--arg-file") == 0) {
            /* NAME=FILE: the file's lines, a list of keys (a set) */
            const char *spec = i + 1 < argc ? argv[i + 1] : NULL;
            const char *eq = spec ? strchr(spec, '=') : NULL;
            if (eq == NULL || eq == spec || eq[1] == '\0')
                return usage_error("%s needs NAME=FILE", "--arg-file", NULL);
            char *name = strndup(spec[0] == '$' ? spec + 1 : spec,
                                 (size_t)(eq - spec) - (spec[0] == '$'));
            FILE *f = fopen(eq + 1, "rb");
            char *text = NULL;
            size_t len = 0;
            int e = name == NULL ? ENOMEM
                    : f == NULL  ? errno
                                 : cq_cli_read_all(f, &text, &len);
            if (f != NULL)
                fclose(f);
            if (e != 0) {
                free(name);
                fprintf(stderr, "concord: --arg-file: cannot read %s: %s\n",
                        eq + 1, strerror(e));
                return CQ_CLI_EXIT_USAGE;
            }
            o->arg_owned[2 * o->nargs] = name;
            o->arg_owned[2 * o->nargs + 1] = text;
            o->arg_names[o->nargs] = name;
            o->arg_values[o->nargs++] = text;
            i += 1;
        } else if (strcmp(arg, "--arg") == 0) {
            if (i + 2 >= argc)
                return usage_error("%s needs a name and a value", "--arg",
                                   NULL);
            const char *name = argv[i + 1];
            if (name[0] == '$')
                name++;
            o->arg_names[o->nargs] = name;
            o->arg_values[o->nargs++] = argv[i + 2];
            i += 2;
        } else if (is_long(arg, "--corpus", 1) || is_long(arg, "--import", 1)) {
            /* the first --corpus is the base, the rest stack on it */
            size_t n = strlen("--corpus"); /* as long as "--import" */
            const char *path = option_value(argc, argv, &i, n);
            if (path == NULL)
                return CQ_CLI_EXIT_USAGE;
            if (o->corpus_dir == NULL && arg[2] == 'c')
                o->corpus_dir = path;
            else
                o->layers[o->nlayers++] = path;
            if (arg[2] == 'i' && o->import == NULL)
                o->import = path;
        } else if (is_long(arg, "--limit", 1)) {
            size_t n = strlen("--limit");
            const char *spec = option_value(argc, argv, &i, n);
            if (spec == NULL)
                return CQ_CLI_EXIT_USAGE;
            int status = parse_limit(spec, o);
            if (status >= 0)
                return status;
        } else if (is_long(arg, "--status", 1)) {
            size_t n = strlen("--status");
            if ((o->status[o->nstatus++] = option_value(argc, argv, &i, n)) ==
                NULL)
                return CQ_CLI_EXIT_USAGE;
        } else if (is_long(arg, "--color", 1)) {
            size_t n = strlen("--color");
            if ((o->color = option_value(argc, argv, &i, n)) == NULL)
                return CQ_CLI_EXIT_USAGE;
            if (cq_cli_color_choice(o->color, STDOUT_FILENO) < 0)
                return usage_error("--color takes auto, always or never, "
                                   "not '%s'",
                                   o->color, NULL);
        } else if (strcmp(arg, "--no-pager") == 0) {
            o->no_pager = 1;
        } else if (strcmp(arg, "--safe") == 0) {
            o->safe = 1;
        } else if (is_long(arg, "--namespace", 1)) {
            size_t n = strlen("--namespace");
            if ((o->ns = option_value(argc, argv, &i, n)) == NULL)
                return CQ_CLI_EXIT_USAGE;
        } else if (is_long(arg, "--image", 1)) {
            size_t n = strlen("--image");
            if ((o->image = option_value(argc, argv, &i, n)) == NULL)
                return CQ_CLI_EXIT_USAGE;
        } else {
            const char *near = NULL;
            if (arg[1] == '-') {
                char name[64];
                size_t n = strcspn(arg, "=");
                if (n < sizeof name) {
                    memcpy(name, arg, n);
                    name[n] = '\0';
                    near = cq_cli_nearest(name, long_options);
                }
            }
            return usage_error("unknown option '%s'", arg, near);
        }
    }
    if (o->query != NULL && o->nfiles > 0)
        return usage_error("%s cannot be combined with FILE arguments",
                           "-c QUERY", NULL);
    if (o->corpus_dir != NULL && o->image != NULL)
        return usage_error("%s cannot be combined with --image", "--corpus",
                           NULL);
    /* --import reads a file named with the query, which --safe forbids;
    ** the corpus folders (--corpus) are the host's own choice */
    if (o->safe && o->nstatus > 0)
        return usage_error("--status %s is not allowed with --safe (it reads "
                           "a file)",
                           o->status[0], NULL);
    if (o->safe && o->import != NULL)
        return usage_error("--import %s is not allowed with --safe (it reads "
                           "a file)",
                           o->import, NULL);
    return -1;
}

/* A saved script may start with "#!/usr/bin/env concord" to be run as a
** program.  The line becomes blanks, so every offset and line:column after
** it stays the same. */
static void blank_shebang(char *text, size_t len)
{
    if (len >= 2 && text[0] == '#' && text[1] == '!')
        for (size_t i = 0; i < len && text[i] != '\n'; i++)
            text[i] = ' ';
}

/* Read the script named path ("-": stdin) into *in.  Returns 0, or an exit
** status after saying what went wrong. */
static int read_input(const char *path, input *in)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : cq_cli_open_script(path);
    int e = f == NULL ? errno : cq_cli_read_all(f, &in->owned, &in->len);
    if (f != NULL && !is_stdin)
        fclose(f);
    if (e != 0) {
        fputs("concord: cannot open ", stderr);
        cq_cli_put_safe(stderr, is_stdin ? "standard input" : path);
        fprintf(stderr, ": %s\n", strerror(e));
        return CQ_CLI_EXIT_USAGE;
    }
    in->name = is_stdin ? "<stdin>" : path;
    blank_shebang(in->owned, in->len);
    in->text = in->owned;
    return 0;
}

/* A UTF-8 byte order mark is not part of the script; skip it (line:column
** then count as an editor shows them). */
static void skip_bom(input *in, const char **text, size_t *len)
{
    *text = in->text;
    *len = in->len;
    if (*len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) {
        *text += 3;
        *len -= 3;
    }
}

/* Open the handle on the corpus the options name: a folder, an image, or
** (both NULL) the built-in corpus.  Returns NULL after saying why it
** failed, with *status the exit status: CQ_CLI_EXIT_USAGE when a file the
** command line names cannot be read (as for a script), else
** CQ_CLI_EXIT_FAIL. */
static concord_db *open_corpus(const char *dir, const char *image, int safe,
                               const char *const *layers, int nlayers,
                               int *status)
{
    concord_db *db = NULL;
    int rc;
    if (dir != NULL || image != NULL || safe || nlayers > 0) {
        concord_options opt;
        concord_options_init(&opt);
        opt.corpus_dir = dir;
        opt.image_path = image;
        opt.flags = safe ? CONCORD_OPEN_SAFE : 0;
        opt.layers = layers;
        opt.n_layers = nlayers;
        rc = concord_open_v2(&db, &opt);
    } else {
        rc = concord_open(&db);
    }
    if (rc == CONCORD_OK)
        return db;
    *status = rc == CONCORD_IOERR ? CQ_CLI_EXIT_USAGE : CQ_CLI_EXIT_FAIL;
    const char *msg = db != NULL ? concord_errmsg(db) : concord_errstr(rc);
    size_t n = strlen(msg);
    while (n > 0 && msg[n - 1] == '\n')
        n--;
    /* One problem goes on the same line; a list starts on the next one,
    ** one "file:line: message" a line, as editors read them. */
    const char *sep = memchr(msg, '\n', n) != NULL ? "\n" : " ";
    if (image != NULL || nlayers > 0) { /* the message names the file */
        fprintf(stderr, "concord: %.*s\n", (int)n, msg);
    } else if (dir != NULL) {
        fputs("concord: cannot load corpus ", stderr);
        cq_cli_put_safe(stderr, dir);
        fprintf(stderr, ":%s%.*s\n", sep, (int)n, msg);
    } else {
        fprintf(stderr, "concord: cannot load the built-in corpus:%s%.*s\n",
                sep, (int)n, msg);
    }
    concord_close(db);
    return NULL;
}

/* --namespace, and SOURCE_DATE_EPOCH (the reproducible-builds convention)
** for the time exports write.  Returns -1 to go on, or an exit status
** after saying what is wrong. */
static int export_settings(concord_db *db, const options *o)
{
    if (o->ns != NULL && concord_set_namespace(db, o->ns) != CONCORD_OK) {
        fprintf(stderr, "concord: --namespace: %s\n", concord_errmsg(db));
        return CQ_CLI_EXIT_USAGE;
    }
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch != NULL && *epoch != '\0') {
        char *end = NULL;
        errno = 0;
        long long t = strtoll(epoch, &end, 10);
        if (*end != '\0' || errno != 0 || t < 0) {
            fprintf(stderr,
                    "concord: SOURCE_DATE_EPOCH='%s' is not a number of "
                    "seconds since 1970\n",
                    epoch);
            return CQ_CLI_EXIT_USAGE;
        }
        concord_set_export_time(db, t);
    }
    return -1;
}

/* Run the inputs in order, stopping at the first that fails. */
static int run_inputs(cq_cli_state *st, input *inputs, int n)
{
    for (int i = 0; i < n; i++) {
        const char *text;
        size_t len;
        skip_bom(&inputs[i], &text, &len);
        /* imports in a file are relative to the file */
        int file = inputs[i].owned != NULL &&
                   strcmp(inputs[i].name, "-") != 0 &&
                   strcmp(inputs[i].name, "<stdin>") != 0;
        concord_set_source_path(st->db, file ? inputs[i].name : NULL);
        int status = cq_cli_run_script(st, inputs[i].name, text, len);
        if (status != CQ_CLI_EXIT_OK)
            return status;
    }
    return CQ_CLI_EXIT_OK;
}

static int run(int argc, char **argv, options *o, input *inputs)
{
    int status = parse_options(argc, argv, o);
    if (status >= 0)
        return status;

    int format = -1;
    if (o->format != NULL &&
        (format = cq_cli_format_lookup("concord", o->format)) < 0)
        return CQ_CLI_EXIT_USAGE;

    /* Decide what runs, and read it, before loading anything. */
    int ninputs = 0, repl = 0;
    if (o->query != NULL) {
        inputs[0].name = "query";
        inputs[0].text = o->query;
        inputs[0].len = strlen(o->query);
        ninputs = 1;
    } else if (o->nfiles > 0) {
        for (; ninputs < o->nfiles; ninputs++)
            if ((status = read_input(o->files[ninputs], &inputs[ninputs])))
                return status;
    } else if (isatty(STDIN_FILENO)) {
        repl = 1;
    } else {
        if ((status = read_input("-", &inputs[0])))
            return status;
        ninputs = 1;
    }

    cq_cli_state st;
    memset(&st, 0, sizeof st);
    st.out = stdout;
    st.run_script = cq_cli_run_script;
    st.nargs = o->nargs;
    st.arg_names = o->arg_names;
    st.arg_values = o->arg_values;
    st.safe = o->safe;
    st.tty = isatty(STDOUT_FILENO);
    st.pager = !o->no_pager;
    st.view = CQ_VIEW_FIT;
    const char *color = o->color != NULL ? o->color : "auto";
    st.color = cq_cli_color_choice(color, STDOUT_FILENO);
    cq_cli_color_stderr = cq_cli_color_choice(color, STDERR_FILENO);
    if ((st.db = open_corpus(o->corpus_dir, o->image, o->safe, o->layers,
                             o->nlayers, &status)) == NULL)
        return status;
    for (int i = 0; i < o->nstatus; i++)
        if (concord_load_status(st.db, o->status[i]) != CONCORD_OK) {
            fprintf(stderr, "concord: %s\n", concord_errmsg(st.db));
            concord_close(st.db);
            return CQ_CLI_EXIT_FAIL;
        }
    for (int id = 0; id < CONCORD_N_LIMITS; id++)
        if (o->limits[id] > 0)
            concord_limit(st.db, id, o->limits[id]);
    if (format < 0)
        format =
            isatty(STDOUT_FILENO) ? CONCORD_FORMAT_TABLE : CONCORD_FORMAT_TSV;
    concord_set_format(st.db, format);
    if ((status = export_settings(st.db, o)) >= 0) {
        concord_close(st.db);
        return status;
    }

    st.json_doc = !repl;
    status = repl ? cq_cli_repl(&st) : run_inputs(&st, inputs, ninputs);
    if (cq_cli_finish(&st) != 0 && status != CQ_CLI_EXIT_FAIL) {
        cq_cli_report_write_error(&st);
        status = CQ_CLI_EXIT_FAIL;
    }
    cq_cli_display_free(&st);
    concord_close(st.db);
    return status;
}

/*
** concord compile DIR [LAYER...] -o FILE: load the corpus folder DIR with
** the layers on top (every problem is reported, as for --corpus) and write
** it as the image FILE.  Exit 0, 1 when the corpus or the writing fails, 2
** for bad usage.  layers has room for every argument.
*/
static int compile_to(int argc, char **argv, const char **layers)
{
    const char *dir = NULL, *out = NULL;
    int only_args = 0, nlayers = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (only_args || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (dir != NULL)
                layers[nlayers++] = arg;
            else
                dir = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_args = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage(stdout);
            return CQ_CLI_EXIT_OK;
        } else if (strncmp(arg, "-o", 2) == 0 || is_long(arg, "--output", 1)) {
            size_t n = arg[1] == '-' ? strlen("--output") : 2;
            if (out != NULL)
                return usage_error("%s may be given only once", "-o", NULL);
            if ((out = option_value(argc, argv, &i, n)) == NULL)
                return CQ_CLI_EXIT_USAGE;
        } else {
            return usage_error("unknown option '%s' for compile", arg, NULL);
        }
    }
    if (dir == NULL)
        return usage_error("%s needs a corpus folder", "compile", NULL);
    if (out == NULL)
        return usage_error("%s needs -o FILE, the image to write", "compile",
                           NULL);
    int status = CQ_CLI_EXIT_FAIL;
    concord_db *db = open_corpus(dir, NULL, 0, layers, nlayers, &status);
    if (db == NULL)
        return status;
    int rc = concord_save_image(db, out);
    if (rc == CONCORD_OK) /* what was written reads back whole */
        rc = concord_check_image(db, out);
    if (rc != CONCORD_OK)
        fprintf(stderr, "concord: %s\n", concord_errmsg(db));
    concord_close(db);
    return rc == CONCORD_OK ? CQ_CLI_EXIT_OK : CQ_CLI_EXIT_FAIL;
}

static int compile_command(int argc, char **argv)
{
    const char **layers = calloc((size_t)(argc > 0 ? argc : 1), sizeof *layers);
    if (layers == NULL) {
        fputs("concord: out of memory\n", stderr);
        return CQ_CLI_EXIT_FAIL;
    }
    int status = compile_to(argc, argv, layers);
    free(layers);
    return status;
}

/*
** concord check-image FILE: the full check of an image (every byte; opening
** checks only its structure).  Exit 0 when whole, 1 when damaged or
** unreadable (the reason on standard error), 2 for bad usage.
*/
static int check_image_command(int argc, char **argv)
{
    if (argc == 2 &&
        (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return CQ_CLI_EXIT_OK;
    }
    if (argc != 2)
        return usage_error("%s needs exactly one image file", "check-image",
                           NULL);
    concord_db *db = NULL;
    int rc = concord_open(&db); /* the built-in corpus: only for messages */
    if (rc == CONCORD_OK)
        rc = concord_check_image(db, argv[1]);
    if (rc != CONCORD_OK)
        fprintf(stderr, "concord: %s\n",
                db ? concord_errmsg(db) : "out of memory");
    else
        printf("%s: ok\n", argv[1]);
    concord_close(db);
    return rc == CONCORD_OK ? CQ_CLI_EXIT_OK : CQ_CLI_EXIT_FAIL;
}

int main(int argc, char **argv)
{
    /* A subcommand only as the first argument: "concord -- compile" and
    ** "concord ./compile" still run a script of that name. */
    if (argc >= 2 && strcmp(argv[1], "compile") == 0) {
        int status = compile_command(argc - 1, argv + 1);
        if (fflush(stdout) != 0 && status == CQ_CLI_EXIT_OK)
            status = CQ_CLI_EXIT_FAIL;
        return status;
    }
    if (argc >= 2 && strcmp(argv[1], "check-image") == 0) {
        int status = check_image_command(argc - 1, argv + 1);
        if (fflush(stdout) != 0 && status == CQ_CLI_EXIT_OK)
            status = CQ_CLI_EXIT_FAIL;
        return status;
    }

    options o;
    memset(&o, 0, sizeof o);
    for (int id = 0; id < CONCORD_N_LIMITS; id++)
        o.limits[id] = -1;
    /* At most one input per argument, and at least one slot. */
    size_t slots = (size_t)(argc > 0 ? argc : 1);
    o.files = calloc(slots, sizeof *o.files);
    o.arg_names = calloc(slots, sizeof *o.arg_names);
    o.arg_values = calloc(slots, sizeof *o.arg_values);
    o.arg_owned = calloc(2 * slots, sizeof *o.arg_owned);
    o.layers = calloc(slots, sizeof *o.layers);
    o.status = calloc(slots, sizeof *o.status);
    input *inputs = calloc(slots, sizeof *inputs);
    if (o.files == NULL || inputs == NULL || o.arg_names == NULL ||
        o.arg_values == NULL || o.arg_owned == NULL || o.layers == NULL ||
        o.status == NULL) {
        fputs("concord: out of memory\n", stderr);
        free(o.files);
        free(o.arg_names);
        free(o.arg_values);
        free(o.arg_owned);
        free(o.layers);
        free(o.status);
        free(inputs);
        return CQ_CLI_EXIT_FAIL;
    }

    int status = run(argc, argv, &o, inputs);

    for (size_t i = 0; i < slots; i++)
        free(inputs[i].owned);
    free(inputs);
    free(o.files);
    free(o.arg_names);
    free(o.arg_values);
    for (size_t i = 0; i < 2 * slots; i++)
        free(o.arg_owned[i]);
    free(o.arg_owned);
    free(o.layers);
    free(o.status);
    /* Output still buffered (help, version) must reach its reader too. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (status != CQ_CLI_EXIT_FAIL)
            fprintf(stderr, "concord: cannot write output: %s\n",
                    strerror(errno ? errno : EIO));
        if (status == CQ_CLI_EXIT_OK)
            status = CQ_CLI_EXIT_FAIL;
    }
    return status;
}
