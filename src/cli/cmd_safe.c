/* kring audit, backup and check: what was changed and by whom, a copy of
 * the live database, and whether the database is sound
 * (docs/security.md). */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

static const char audit_usage[] = N_(
    "usage: kring audit [CODE] [--reads | --changes]\n"
    "       kring audit CODE --for-client [--organisation NAME] [--names]\n"
    "\n"
    "Shows the audit log, oldest first: every change to the database and\n"
    "every read of a case (shown, exported, drawn, scored, backed up, a web\n"
    "page), with when (UTC), which user, which command, what happened, which\n"
    "case and which person. A case and a person are named by their numbers,\n"
    "never by a code, a name or an id; a number is never given again. With\n"
    "CODE, the lines of that case, and its number. When a case is removed,\n"
    "its lines stay under its number only.\n"
    "\n"
    "  --reads     only the reads\n"
    "  --changes   only the changes\n"
    "  --for-client         for the young person or their parents, who\n"
    "                       asked who looked at the file: by day, who (a\n"
    "                       role, not a name) and what, in plain words\n"
    "  --organisation NAME  the organisation they work for, to say so\n"
    "  --names              the staff's logins too, where the organisation\n"
    "                       has decided that the client may know them\n");

enum { O_READS = 1, O_CHANGES, O_CLIENT, O_ORG, O_NAMES };

static void audit_json(struct cli *cli, const kring_audit_entry *log, size_t n)
{
    kring_jw w;
    size_t i;

    kring_jw_init(&w, cli->io->out, 1);
    kring_jw_array(&w);
    for (i = 0; i < n; i++) {
        kring_jw_object(&w);
        kring_jw_key(&w, "at");
        kring_jw_string(&w, log[i].at);
        kring_jw_key(&w, "user");
        kring_jw_string(&w, log[i].user);
        kring_jw_key(&w, "command");
        kring_jw_string(&w, log[i].command);
        kring_jw_key(&w, "kind");
        kring_jw_string(&w, log[i].kind[0] ? log[i].kind
                            : log[i].read  ? "read"
                                           : "change");
        kring_jw_key(&w, "event");
        kring_jw_string(&w, log[i].event);
        kring_jw_key(&w, "case");
        if (log[i].case_key)
            kring_jw_int(&w, log[i].case_key);
        else
            kring_jw_null(&w);
        kring_jw_key(&w, "person");
        if (log[i].person_key)
            kring_jw_int(&w, log[i].person_key);
        else
            kring_jw_null(&w);
        kring_jw_key(&w, "other");
        if (log[i].other_key)
            kring_jw_int(&w, log[i].other_key);
        else
            kring_jw_null(&w);
        kring_jw_object_end(&w);
    }
    kring_jw_array_end(&w);
    kring_jw_release(&w);
}

static int audit_table(struct cli *cli, const kring_audit_entry *log, size_t n)
{
    static const char *const heads[] = {N_("WHEN"), N_("USER"), N_("COMMAND"),
                                        N_("WHAT"), N_("CASE"), N_("PERSON")};
    const char *h[6];
    struct table *t;
    size_t i;

    for (i = 0; i < 6; i++)
        h[i] = _(heads[i]);
    if ((t = table_new(6, h)) == NULL)
        return cli_failf(cli, "%s", _("out of memory"));
    for (i = 0; i < n; i++) {
        char c[24] = "", p[48] = "";
        if (log[i].case_key)
            snprintf(c, sizeof c, "%lld", log[i].case_key);
        else if (!log[i].read)
            /* A line of a case removed before the log had numbers. */
            snprintf(c, sizeof c, "-");
        if (log[i].person_key && log[i].other_key)
            snprintf(p, sizeof p, "%lld, %lld", log[i].person_key,
                     log[i].other_key);
        else if (log[i].person_key)
            snprintf(p, sizeof p, "%lld", log[i].person_key);
        {
            const char *cells[6] = {log[i].at,
                                    log[i].user,
                                    log[i].command,
                                    kring_audit_event_word(log[i].event),
                                    c,
                                    p};
            table_add(t, cells);
        }
    }
    table_print(t, cli);
    table_free(t);
    return CLI_OK;
}

static const struct opt_spec audit_spec[] = {
    {"reads", 0, OPT_NONE, O_READS},
    {"changes", 0, OPT_NONE, O_CHANGES},
    {"for-client", 0, OPT_NONE, O_CLIENT},
    {"organisation", 0, OPT_VALUE, O_ORG},
    {"names", 0, OPT_NONE, O_NAMES},
    {NULL, 0, 0, 0},
};

static int run_audit(struct cli *cli, struct opts *o)
{
    kring_audit_entry *log = NULL;
    kring_store *store = NULL;
    kring_error err;
    unsigned what = KRING_AUDIT_ALL;
    long long key = 0;
    size_t n = 0;
    int status, i;

    const char *org = NULL;
    int client = 0, names = 0;

    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == O_READS)
            what |= KRING_AUDIT_READS;
        else if (o->o[i].id == O_CHANGES)
            what |= KRING_AUDIT_CHANGES;
        else if (o->o[i].id == O_CLIENT)
            client = 1;
        else if (o->o[i].id == O_ORG)
            org = o->o[i].value;
        else
            names = 1;
    }
    if (what == (KRING_AUDIT_READS | KRING_AUDIT_CHANGES))
        return cli_usage_error(cli, audit_usage, "%s",
                               _("give --reads or --changes, not both"));
    if ((org != NULL || names) && !client)
        return cli_usage_error(cli, audit_usage, "%s",
                               _("--organisation and --names go with "
                                 "--for-client"));
    if (client && (o->npos == 0 || what != KRING_AUDIT_ALL))
        return cli_usage_error(cli, audit_usage, "%s",
                               _("--for-client takes a CODE, and shows every "
                                 "line of it"));
    if ((status = cli_open_store(cli, KRING_STORE_READONLY, &store)))
        return status;
    if (kring_store_audit(store, o->npos ? o->pos[0] : NULL, what, &key, &log,
                          &n, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (client) {
        status = audit_for_client(cli, log, n, key, org, names);
        goto out;
    }
    if (cli->json) {
        audit_json(cli, log, n);
        goto out;
    }
    if (o->npos)
        fprintf(cli->io->out, _("Case '%s' is case %lld in the audit log.\n"),
                o->pos[0], key);
    if (n == 0)
        fprintf(cli->io->out, "%s\n", _("The audit log is empty."));
    else
        status = audit_table(cli, log, n);
out:
    kring_audit_free(log, n);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_audit = {
    .name = "audit",
    .spec = audit_spec,
    .usage = audit_usage,
    .min_pos = 0,
    .max_pos = 1,
    .count_error = N_("audit takes at most one CODE"),
    .run = run_audit,
};

static const char backup_usage[] =
    N_("usage: kring backup FILE\n"
       "\n"
       "Copies the database, while it may be in use, into the new file FILE\n"
       "(mode 0600; never over an existing file). The copy is consistent: as\n"
       "the database was at one moment. Keep it as safely as the database.\n");

static const struct opt_spec backup_spec[] = {{NULL, 0, 0, 0}};

static int run_backup(struct cli *cli, struct opts *o)
{
    kring_store *store = NULL;
    kring_error err;
    int status;

    if (o->npos != 1 || o->pos[0][0] == '\0')
        return cli_usage_error(cli, backup_usage, "%s",
                               _("backup needs one FILE"));
    {
        /* A database that is not there has nothing to copy. */
        char *path =
            cli->db && cli->db[0] ? NULL : kring_store_default_path(&err);
        const char *db = path ? path : cli->db;
        if (db == NULL || (kring_store_is_file(db) && access(db, F_OK) != 0)) {
            status = cli_failf(cli,
                               _("there is no database at '%s' to back "
                                 "up"),
                               db ? db : "?");
            free(path);
            return status;
        }
        free(path);
    }
    if ((status = cli_check_output(cli, o->pos[0])) ||
        (status = cli_open_store(cli, KRING_STORE_READONLY, &store)))
        return status;
    if (kring_store_backup(store, o->pos[0], &err))
        status = cli_fail(cli, &err);
    else
        fprintf(cli->io->out, _("backed up into %s\n"), o->pos[0]);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_backup = {
    .name = "backup",
    .spec = backup_spec,
    .usage = backup_usage,
    .min_pos = -1,
    .max_pos = -1,
    .run = run_backup,
};

static const char check_usage[] = N_(
    "usage: kring check\n"
    "\n"
    "Checks the database: SQLite's integrity check and its links, whether\n"
    "the file is private, and every case read back and checked against the\n"
    "rules of the model. Says what it found; exit status 1 when anything is\n"
    "wrong.\n");

static const struct opt_spec check_spec[] = {{NULL, 0, 0, 0}};

static int run_check(struct cli *cli, struct opts *o)
{
    kring_check_report r;
    kring_store *store = NULL;
    kring_error err;
    char *path = NULL;
    size_t i;

    (void)o; /* no options but the global ones */
    int status;

    if ((status = cli_open_store(cli, KRING_STORE_READONLY, &store)))
        return status;
    if (cli->db == NULL || cli->db[0] == '\0')
        path = kring_store_default_path(&err);
    if (kring_store_check(store, path ? path : cli->db, &r, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (cli->json) {
        kring_jw w;
        kring_jw_init(&w, cli->io->out, 1);
        kring_jw_object(&w);
        kring_jw_key(&w, "ok");
        kring_jw_bool(&w, r.n_problems == 0);
        kring_jw_key(&w, "cases");
        kring_jw_int(&w, (long long)r.cases);
        kring_jw_key(&w, "people");
        kring_jw_int(&w, (long long)r.people);
        kring_jw_key(&w, "ties");
        kring_jw_int(&w, (long long)r.ties);
        kring_jw_key(&w, "problems");
        kring_jw_array(&w);
        for (i = 0; i < r.n_problems; i++)
            kring_jw_string(&w, r.problems[i]);
        kring_jw_array_end(&w);
        kring_jw_object_end(&w);
        kring_jw_release(&w);
    } else {
        for (i = 0; i < r.n_problems; i++)
            fprintf(cli->io->out, _("problem: %s\n"),
                    cli_shown(cli, r.problems[i]));
        fprintf(cli->io->out,
                _("checked: cases %zu, people %zu, ties %zu: %s\n"), r.cases,
                r.people, r.ties,
                r.n_problems ? _("problems found") : _("all sound"));
    }
    if (r.n_problems)
        status = CLI_DATA;
    kring_check_report_release(&r);
out:
    free(path);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_check = {
    .name = "check",
    .spec = check_spec,
    .usage = check_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("check takes no arguments"),
    .run = run_check,
};
