/* The command line: shared by the command files and the tests, which run
 * it in process with memory streams. Sees only the public API. */
#ifndef KRING_CLI_H
#define KRING_CLI_H

#include <stdio.h>

#include <kring/kring.h>

/* Exit statuses (docs/cli.md). */
#define CLI_OK 0
#define CLI_DATA 1  /* the data or the state is wrong; nothing changed */
#define CLI_USAGE 2 /* the command line is wrong */

struct cli_io {
    FILE *in;   /* standard input */
    FILE *out;  /* results */
    FILE *err;  /* messages */
    int in_tty; /* input is a terminal: questions may be asked */
    int colour; /* OUT is a terminal that takes colour (main.c) */
};

/* Runs kring with ARGV (ARGV[0] is the program) and returns the exit
 * status. Never exits. */
int cli_run(int argc, char **argv, struct cli_io *io);

/* What every command receives. */
struct cli {
    struct cli_io *io;
    const char *db;                /* --db, or NULL for the default */
    const char *lang;              /* --lang */
    int json;                      /* --json */
    int shared_ok;                 /* --allow-shared-db */
    char command[32];              /* the command's words, for the audit log */
    const struct cli_command *cmd; /* the command being run */
#define CLI_SHOWN_MAX 16
    char *shown[CLI_SHOWN_MAX]; /* cli_shown()'s strings, a ring */
    unsigned n_shown;           /* strings made by cli_shown() */
};

/* S as it may be printed in text (never JSON): a control character a
 * terminal would act on shown instead — ESC as \e, the other C0
 * characters but line feed and tab, and DEL as \xNN, C1 (U+0080 to
 * U+009F) as \uNNNN (docs/security.md). S itself when it holds none;
 * else a string valid until CLI_SHOWN_MAX more calls or the end of the
 * command. Every name, note, label or other text of the user's that a
 * command prints goes through it; table cells are escaped by table_add(). */
const char *cli_shown(struct cli *cli, const char *s);
/* Frees cli_shown()'s strings (cli_run(), at the end of a command). */
void cli_shown_release(struct cli *cli);

/* Options of a command. */
enum { OPT_NONE, OPT_VALUE, OPT_OPTIONAL };
struct opt_spec {
    const char *name; /* long name without "--" */
    char short_name;  /* e.g. 'f', or 0 */
    int arg;          /* OPT_NONE, OPT_VALUE, OPT_OPTIONAL (--x=v only) */
    int id;           /* returned for it */
};

#define OPTS_MAX 64
struct opts {
    int n;
    struct {
        int id;
        const char *value; /* NULL for a flag without value */
        const char *name;  /* as written, for messages */
    } o[OPTS_MAX];
    int npos;
    char *pos[OPTS_MAX]; /* positional arguments */
    int help;            /* --help or -h was given */
};

/* Parses ARGV (after the command words) by SPEC; the global options
 * --db, --json and --lang are accepted everywhere. Prints the problem
 * and returns CLI_USAGE on error. */
int cli_parse(struct cli *cli, int argc, char **argv,
              const struct opt_spec *spec, struct opts *out);
/* Prints "kring: " and the message; returns CLI_USAGE. */
int cli_usage_error(struct cli *cli, const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prints "kring: " and ERR's text; returns CLI_DATA. */
int cli_fail(struct cli *cli, const kring_error *err);
/* Prints "kring: " and a message; returns CLI_DATA. */
int cli_failf(struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prints a command's usage text to standard output. */
int cli_help(struct cli *cli, const char *usage);

/* The young person's suggestions to case C as a table (kring suggestions
 * CODE, cmd_suggestions.c). */
int suggestions_table(struct cli *cli, const kring_case *c);
/* "Next evaluation due on D." or, when D is today or past, "Evaluation
 * due since D: ..." (cmd_outcome.c); nothing when DUE is NULL. */
void cli_evaluation_line(struct cli *cli, const char *due);
/* A case list's cell for the evaluation DUE ("" none): the date, with
 * "(due)" once it is today or past; into BUF of CAP bytes. */
const char *cli_due_cell(const char *due, char *buf, size_t cap);
/* kring audit CODE --for-client (cmd_client.c): the N lines LOG of case
 * KEY as its young person or parents read them; ORG the organisation's
 * name or NULL, NAMES with the staff's logins. */
int audit_for_client(struct cli *cli, const kring_audit_entry *log, size_t n,
                     long long key, const char *org, int names);

/* kring-auth.so's functions (src/web/auth.h), loaded and readied on the
 * first call; NULL with the reason printed (CLI_DATA is the status). */
struct ka_api;
const struct ka_api *cli_auth(struct cli *cli);
/* The table of functions a module FILE (found as kring_module_find() with
 * ENV) gives from its function SYMBOL, loaded with dlopen(); NULL with
 * the reason printed. */
const void *cli_module(struct cli *cli, const char *file, const char *env,
                       const char *symbol);
/* kring-oidc.so's functions (src/web/oidc.h), loaded and readied on the
 * first call (KRING_OIDC names it in the tests); NULL with the reason
 * said. */
struct ko_api;
const struct ko_api *cli_oidc(struct cli *cli);

/* kring-http.so's functions (src/web/httpd.h), for kring serve and kring
 * server (cmd_serve.c): loaded, or CLI_DATA with the reason printed. */
struct kh_config;
struct kh_server;
struct cli_http {
    struct kh_server *(*start)(const struct kh_config *, char *, size_t);
    unsigned (*port)(const struct kh_server *);
    void (*stop)(struct kh_server *);
};
int cli_load_http(struct cli *cli, struct cli_http *h);
/* Whether ADDR is a loopback address (127.0.0.0/8 or ::1); -1 if it is
 * no numeric address. */
int cli_is_loopback(const char *addr);
/* A server's threads keep the memory they freed for their next requests
 * (cmd_serve.c says why). */
void cli_keep_freed_memory(void);

/* Opens the store for a command (READONLY for commands that only read). */
int cli_open_store(struct cli *cli, unsigned flags, kring_store **out);
/* Loads the library of the store cli_open_store() would open
 * (kring_store_preload()); quietly: the open says what is wrong. */
void cli_preload_store(struct cli *cli);
/* Loads the case a read command names: CODE from the store, or a case
 * file (-f FILE, "-" for standard input). */
int cli_load_case(struct cli *cli, const char *code, const char *file,
                  kring_case **out);
/* The same, for commands that read only the people and ties (from the
 * store, without its snapshots and choices). */
int cli_load_network(struct cli *cli, const char *code, const char *file,
                     kring_case **out);
/* Refuses PATH as an output file when it is the database or one of its
 * files (kring_file_check_output()): prints why and returns CLI_USAGE;
 * CLI_OK for NULL and "-". Nothing is written either way. */
int cli_check_output(struct cli *cli, const char *path);
/* Reads a case file, "-" from the command's standard input. */
int cli_read_casefile(struct cli *cli, const char *path, kring_case **out);

/* Parses VALUE as a word of enumeration E into *OUT: the case file's word
 * or the current language's (kring_enum_parse_word()); else prints
 * "--FIELD must be one of: ..." in the current language's words and
 * returns CLI_DATA. */
int cli_enum_value(struct cli *cli, kring_enum e, const char *field,
                   const char *value, int *out);
/* Parses VALUE as a whole number into *OUT (-1 for "" when OPTIONAL), or
 * prints "--FIELD must be a whole number" and returns CLI_DATA. Ranges are
 * the model's to check. */
int cli_int_value(struct cli *cli, const char *field, const char *value,
                  int optional, int *out);

/* The option id of -f/--file in the read commands' specs. */
#define OPT_ID_FILE 100
/* Takes "CODE" or "-f FILE" from the parsed options of a read command. */
int cli_case_source(struct cli *cli, struct opts *o, const char *usage,
                    const char **code, const char **file);

/* "3 people, 1 tie" in the language, into BUF of CAP bytes; returns BUF. */
const char *cli_counts(char *buf, size_t cap, size_t people, size_t ties);

/* Tables: cells are copied; columns are aligned by characters. */
struct table;
struct table *table_new(int ncols, const char *const *heads);
void table_add(struct table *t, const char *const *cells);
/* Prints T on the command's standard output, the heading in bold when
 * that takes colour. */
void table_print(struct table *t, const struct cli *cli);
void table_free(struct table *t);
/* A table printed as its rows come, never held (kring case list over a
 * million cases): its columns measured in one pass over the rows
 * (table_widths_init() with the heading, table_measure() each row), then
 * the heading and each row printed as table_print() would print them
 * (table_print_row()). -1 out of memory. At most TABLE_COLS columns. */
#define TABLE_COLS 16
struct table_widths {
    int ncols;
    size_t w[TABLE_COLS]; /* each column's width in characters */
};
void table_widths_init(struct table_widths *tw, int ncols,
                       const char *const *heads);
int table_measure(struct table_widths *tw, const char *const *cells);
int table_print_row(const struct table_widths *tw, const struct cli *cli,
                    const char *const *cells, int heading);

/* Colour on standard output (cli_io.colour): the escape sequence that
 * starts C, or "" when the output takes no colour. Meaning never rests on
 * colour alone: the sign beside it (+, !, -) says it too. */
enum cli_colour {
    CLI_BOLD,  /* headings, questions */
    CLI_GOOD,  /* + a reason, someone who came */
    CLI_WARN,  /* ! a warning, a point to discuss */
    CLI_BAD,   /* - an exclusion, someone who left */
    CLI_PLAIN, /* back to plain text */
};
const char *cli_colour(const struct cli *cli, enum cli_colour c);

/* Writes S as a JSON string, with quotes. */

/* A command, as tmux's cmd_entry: its words, its options, its usage and
 * how many arguments it takes. cli_run() parses the arguments by SPEC,
 * answers --help with HELP (cli_help() when NULL) and refuses a wrong
 * count with COUNT_ERROR before it calls RUN: the one prologue of every
 * command. MIN_POS -1: the command checks its arguments itself. */
struct cli_command {
    const char *group; /* "case", or NULL for a one-word command */
    const char *name;
    const struct opt_spec *spec;
    const char *usage;       /* untranslated (N_()) */
    int min_pos, max_pos;    /* positional arguments */
    const char *count_error; /* untranslated (N_()) */
    int (*help)(struct cli *cli, const char *usage);
    int (*run)(struct cli *cli, struct opts *o);
};

/* The commands, defined in their cmd_*.c files. */
extern const struct cli_command cmd_case_new;
extern const struct cli_command cmd_db_copy;
extern const struct cli_command cmd_db_grant;
extern const struct cli_command cmd_case_assign;
extern const struct cli_command cmd_team_add;
extern const struct cli_command cmd_team_list;
extern const struct cli_command cmd_user_add;
extern const struct cli_command cmd_user_list;
extern const struct cli_command cmd_user_disable;
extern const struct cli_command cmd_user_reset;
extern const struct cli_command cmd_user_oidc;
extern const struct cli_command cmd_server;
extern const struct cli_command cmd_audit_verify;
extern const struct cli_command cmd_case_list;
extern const struct cli_command cmd_case_show;
extern const struct cli_command cmd_case_rm;
extern const struct cli_command cmd_case_erase;
extern const struct cli_command cmd_user_teams;
extern const struct cli_command cmd_case_archive;
extern const struct cli_command cmd_case_close;
extern const struct cli_command cmd_case_reopen;
extern const struct cli_command cmd_retention_list;
extern const struct cli_command cmd_retention_purge;
extern const struct cli_command cmd_person_add;
extern const struct cli_command cmd_person_set;
extern const struct cli_command cmd_person_rm;
extern const struct cli_command cmd_tie_add;
extern const struct cli_command cmd_tie_rm;
extern const struct cli_command cmd_import;
extern const struct cli_command cmd_export;
extern const struct cli_command cmd_score;
extern const struct cli_command cmd_indicators;
extern const struct cli_command cmd_weights;
extern const struct cli_command cmd_render;
extern const struct cli_command cmd_sheet;
extern const struct cli_command cmd_snapshot;
extern const struct cli_command cmd_history;
extern const struct cli_command cmd_diff;
extern const struct cli_command cmd_choose;
extern const struct cli_command cmd_suggestions;
extern const struct cli_command cmd_outcome;
extern const struct cli_command cmd_report;
extern const struct cli_command cmd_interview;
extern const struct cli_command cmd_audit;
extern const struct cli_command cmd_backup;
extern const struct cli_command cmd_check;
extern const struct cli_command cmd_serve;
/* Where the case's mentor choice stands (case show). */
void cli_print_process(struct cli *cli, const kring_case *c);

/* Worker processes (workers.c), for `render --all`: each runs WORK with
 * CTX (its own copy, made at the fork) on the jobs handed to it, and
 * answers with its status and error. */
typedef kring_status (*cli_work_fn)(const char *job, size_t len, void *ctx,
                                    kring_error *err);
struct cli_workers;
/* How many workers to start: $KRING_WORKERS, else the processors online. */
int cli_workers_wanted(void);
/* Starts N workers; NULL when fewer than 2 could start (or N < 2): then
 * the caller does the work itself. */
struct cli_workers *cli_workers_start(int n, cli_work_fn work, void *ctx);
/* Hands the job of LEN bytes to a free worker, waiting for one. Not
 * KRING_OK when a job has failed: ERR is the earliest failed job's, and
 * no more should be handed. */
kring_status cli_workers_give(struct cli_workers *w, const char *job,
                              size_t len, kring_error *err);
/* Waits for every job's answer and ends the workers; the earliest failure
 * as cli_workers_give(). NULL-safe. */
kring_status cli_workers_finish(struct cli_workers *w, kring_error *err);

#endif
