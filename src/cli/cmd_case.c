/* kring case new|list|show|rm */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum { O_NAME = 1, O_BIRTH_YEAR, O_NOTES, O_YES };

static const char new_usage[] =
    N_("usage: kring case new CODE --name NAME [--birth-year Y] [--notes T]\n"
       "\n"
       "Creates a case. CODE is 1 to 32 letters, digits, '-', '_' or '.'\n"
       "(e.g. 2026-014); NAME is the young person's name.\n");

static const struct opt_spec case_new_spec[] = {
    {"name", 0, OPT_VALUE, O_NAME},
    {"birth-year", 0, OPT_VALUE, O_BIRTH_YEAR},
    {"notes", 0, OPT_VALUE, O_NOTES},
    {NULL, 0, 0, 0},
};

static int run_case_new(struct cli *cli, struct opts *o)
{
    kring_case c = {0};
    kring_store *store = NULL;
    kring_error err;
    int status, i;

    c.code = o->pos[0];
    c.notes = "";
    for (i = 0; i < o->n; i++) {
        const char *v = o->o[i].value;
        switch (o->o[i].id) {
        case O_NAME:
            c.name = (char *)v;
            break;
        case O_BIRTH_YEAR:
            if (cli_int_value(cli, "birth-year", v, 0, &c.birth_year))
                return CLI_DATA;
            break;
        case O_NOTES:
            c.notes = (char *)v;
            break;
        }
    }
    if (c.name == NULL)
        return cli_usage_error(cli, new_usage, "%s",
                               _("case new needs --name NAME"));
    if (kring_case_validate(&c, &err))
        return cli_fail(cli, &err);
    /* A code is shown where a name is not (lists, the audit log, file
     * names): a code that looks like a name is said, and still made. */
    if (kring_code_looks_like_name(c.code))
        fprintf(cli->io->err,
                _("kring: warning: the code '%s' looks like a name: a case "
                  "code is seen in lists, the audit log and file names; a "
                  "number such as 2026-014 names no one\n"),
                c.code);
    if ((status = cli_open_store(cli, 0, &store)))
        return status;
    if (kring_change_case_new(store, NULL, &c, &err))
        status = cli_fail(cli, &err);
    else if (cli->json) {
        fputs("{\"code\": ", cli->io->out);
        kring_json_put_string(cli->io->out, c.code);
        fputs(", \"name\": ", cli->io->out);
        kring_json_put_string(cli->io->out, c.name);
        fputs("}\n", cli->io->out);
    } else
        fprintf(cli->io->out, _("created case '%s' (%s)\n"), c.code,
                cli_shown(cli, c.name));
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_case_new = {
    .group = "case",
    .name = "new",
    .spec = case_new_spec,
    .usage = new_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("case new needs one CODE"),
    .run = run_case_new,
};

static const char list_usage[] =
    N_("usage: kring case list\n"
       "\n"
       "Lists the cases in the database: code, name, birth year, people and\n"
       "ties.\n");

static const struct opt_spec case_list_spec[] = {{NULL, 0, 0, 0}};

/* kring case list as the cases come from the store, never held: the JSON
 * line by line; the table measured over every case, then printed. */
struct listing {
    struct cli *cli;
    const char *const *heads; /* the table's heading */
    struct table_widths tw;
    size_t n; /* lines handed on in the pass */
    int pass;
    int due; /* a case has an evaluation due: the last column is shown */
};

static kring_status list_line(const kring_case_summary *cs, int pass, void *ctx,
                              kring_error *err)
{
    struct listing *l = ctx;
    char born[16] = "", people[24], ties[24], due[64];
    const char *row[6];
    int bad;

    if (pass != l->pass) {
        l->pass = pass;
        l->n = 0;
        /* Measured over every case: the evaluation's column only when
         * one has a date in it. */
        l->tw.ncols = l->due ? 6 : 5;
    }
    if (l->cli->json) {
        kring_report_case_line(l->cli->io->out, cs, l->n++);
        return KRING_OK;
    }
    if (cs->birth_year)
        snprintf(born, sizeof born, "%d", cs->birth_year);
    snprintf(people, sizeof people, "%zu", cs->n_people);
    snprintf(ties, sizeof ties, "%zu", cs->n_ties);
    row[0] = cs->code;
    row[1] = cs->name;
    row[2] = born;
    row[3] = people;
    row[4] = ties;
    row[5] = cli_due_cell(cs->evaluation_due, due, sizeof due);
    if (cs->evaluation_due[0])
        l->due = 1;
    if (pass == 0)
        bad = table_measure(&l->tw, row);
    else if (l->n == 0 && table_print_row(&l->tw, l->cli, l->heads, 1))
        bad = -1;
    else
        bad = table_print_row(&l->tw, l->cli, row, 0);
    l->n++;
    if (bad) {
        err->code = KRING_ERR_NOMEM;
        snprintf(err->text, sizeof err->text, "%s", _("out of memory"));
        return KRING_ERR_NOMEM;
    }
    return KRING_OK;
}

static int run_case_list(struct cli *cli, struct opts *o)
{
    const char *heads[] = {_("CODE"),   _("NAME"), _("BORN"),
                           _("PEOPLE"), _("TIES"), _("EVALUATION")};
    struct listing l;
    kring_store *store = NULL;
    kring_error err;
    kring_status rc;
    int status;

    (void)o; /* no options but the global ones */
    if ((status = cli_open_store(cli, KRING_STORE_READONLY, &store)))
        return status;
    memset(&l, 0, sizeof l);
    l.cli = cli;
    l.heads = heads;
    table_widths_init(&l.tw, 6, heads);
    rc =
        kring_store_each_summary(store, cli->json ? 1 : 2, list_line, &l, &err);
    kring_store_close(store);
    if (rc != KRING_OK)
        return cli_fail(cli, &err);
    if (cli->json)
        kring_report_case_list_end(cli->io->out, l.n);
    else if (l.n == 0)
        fprintf(cli->io->out, "%s\n",
                _("no cases yet; start one with: kring case new CODE "
                  "--name NAME"));
    return CLI_OK;
}

const struct cli_command cmd_case_list = {
    .group = "case",
    .name = "list",
    .spec = case_list_spec,
    .usage = list_usage,
    .min_pos = 0,
    .max_pos = 0,
    .count_error = N_("case list takes no arguments"),
    .run = run_case_list,
};

static const char show_usage[] =
    N_("usage: kring case show CODE\n"
       "       kring case show -f FILE   (a case file; '-' reads stdin)\n"
       "\n"
       "Shows a case: the young person, the people around them and who knows\n"
       "whom. With --json, the case file.\n");

/* The yes/no facts of a person worth seeing at a glance. */
static void person_flags(const kring_person *p, char *buf, size_t size)
{
    struct {
        int on;
        const char *word;
    } flags[] = {
        {p->nominated, _("nominated")},
        {p->lives_with_child, _("lives with child")},
        {p->formal, _("formal")},
        {!kring_person_is_adult(p), _("not adult")},
        {p->willing == KRING_WILLING_YES, _("willing")},
        {p->willing == KRING_WILLING_NO, _("unwilling")},
        {p->concern, _("concern")},
        {p->frightens, _("frightens")},
    };
    size_t i, used = 0;

    buf[0] = '\0';
    for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (flags[i].on && used < size)
            used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                     used ? ", " : "", flags[i].word);
}

static void print_people(struct cli *cli, const kring_case *c)
{
    const char *heads[] = {_("ID"),      _("NAME"),    _("ROLE"),
                           _("SECTOR"),  _("RING"),    _("AGE"),
                           _("CONTACT"), _("SUPPORT"), _("QUALITY"),
                           _("STATUS"),  _("FLAGS")};
    struct table *t = table_new(11, heads);
    size_t i;
    int k;

    for (i = 0; i < c->n_people; i++) {
        const kring_person *p = &c->people[i];
        char ring[16], age[16] = "-", support[128] = "", flags[160];
        const char *row[11];
        size_t used = 0;
        snprintf(ring, sizeof ring, "%d", p->ring);
        if (p->age >= 0)
            snprintf(age, sizeof age, "%d", p->age);
        for (k = 0; k < KRING_SUPPORT_KINDS; k++)
            if (p->support & (1u << k))
                used += (size_t)snprintf(
                    support + used, sizeof support - used, "%s%s",
                    used ? "," : "", kring_enum_word(KRING_ENUM_SUPPORT, k));
        person_flags(p, flags, sizeof flags);
        row[0] = p->id;
        row[1] = p->name;
        row[2] = kring_enum_word(KRING_ENUM_ROLE, (int)p->role);
        row[3] = kring_enum_word(KRING_ENUM_SECTOR, (int)p->sector);
        row[4] = ring;
        row[5] = age;
        row[6] = p->contact
                     ? kring_enum_word(KRING_ENUM_CONTACT, (int)p->contact)
                     : "-";
        row[7] = used ? support : "-";
        row[8] = kring_enum_word(KRING_ENUM_QUALITY, (int)p->quality);
        row[9] = kring_enum_word(KRING_ENUM_STATUS, (int)p->status);
        row[10] = flags;
        table_add(t, row);
    }
    table_print(t, cli);
    table_free(t);
}

static void print_ties(struct cli *cli, const kring_case *c)
{
    const char *heads[] = {_("A"), _("B"), _("STRENGTH"), _("QUALITY")};
    struct table *t = table_new(4, heads);
    size_t i;

    for (i = 0; i < c->n_ties; i++) {
        const char *row[4];
        row[0] = c->ties[i].a;
        row[1] = c->ties[i].b;
        row[2] = kring_enum_word(KRING_ENUM_STRENGTH, (int)c->ties[i].strength);
        row[3] =
            kring_enum_word(KRING_ENUM_TIE_QUALITY, (int)c->ties[i].quality);
        table_add(t, row);
    }
    table_print(t, cli);
    table_free(t);
}

static void print_case(struct cli *cli, const kring_case *c)
{
    FILE *out = cli->io->out;
    size_t i;
    int first;

    fprintf(out, _("case %s: %s"), c->code, cli_shown(cli, c->name));
    if (c->birth_year)
        fprintf(out, _(", born %d"), c->birth_year);
    fputc('\n', out);
    if (c->notes && c->notes[0])
        fprintf(out, "%s: %s\n", _("notes"), cli_shown(cli, c->notes));
    fprintf(out, "\n%s (%zu)\n", _("people"), c->n_people);
    if (c->n_people)
        print_people(cli, c);
    /* The lines written for the young person: the professional sees them
     * here, as the young person's page shows them. */
    for (i = 0, first = 1; i < c->n_people; i++) {
        const kring_person *p = &c->people[i];
        if (p->youth_note == NULL || p->youth_note[0] == '\0')
            continue;
        if (first)
            fprintf(out, "\n%s\n", _("for the young person"));
        first = 0;
        fprintf(out, "  %s (%s): %s\n", p->name, p->id, p->youth_note);
    }
    fprintf(out, "\n%s (%zu)\n", _("ties"), c->n_ties);
    if (c->n_ties)
        print_ties(cli, c);
    if (c->n_snapshots) {
        fprintf(out, "\n%s (%zu):", _("snapshots"), c->n_snapshots);
        for (i = 0; i < c->n_snapshots; i++)
            fprintf(out, " %s (%s)", cli_shown(cli, c->snapshots[i].label),
                    c->snapshots[i].taken);
        fputc('\n', out);
    }
    if (c->n_choices) {
        fprintf(out, "\n%s (%zu)\n", _("choices"), c->n_choices);
        for (i = 0; i < c->n_choices; i++)
            fprintf(out, "  %s  %s  %s\n", c->choices[i].date,
                    c->choices[i].person,
                    kring_enum_word(KRING_ENUM_CHOICE_STATUS,
                                    (int)c->choices[i].status));
    }
    if (c->n_outcomes)
        fprintf(out, "\n%s (%zu): %s\n", _("outcomes"), c->n_outcomes,
                _("kring outcome CODE lists them"));
    {
        char due[11];
        if (kring_evaluation_due(c, due) != NULL) {
            fputc('\n', out);
            cli_evaluation_line(cli, due);
        }
    }
    cli_print_process(cli, c);
}

int cli_case_source(struct cli *cli, struct opts *o, const char *usage,
                    const char **code, const char **file)
{
    int i;

    *code = *file = NULL;
    for (i = 0; i < o->n; i++)
        if (o->o[i].id == OPT_ID_FILE)
            *file = o->o[i].value;
    if (*file != NULL && o->npos == 0)
        return CLI_OK;
    if (*file == NULL && o->npos == 1) {
        *code = o->pos[0];
        return CLI_OK;
    }
    return cli_usage_error(cli, usage, "%s",
                           _("give either a case CODE or -f FILE"));
}

static const struct opt_spec case_show_spec[] = {
    {"file", 'f', OPT_VALUE, OPT_ID_FILE},
    {NULL, 0, 0, 0},
};

static int run_case_show(struct cli *cli, struct opts *o)
{
    const char *code, *file;
    kring_case *c = NULL;
    kring_error err;
    char *text = NULL;
    int status;

    if ((status = cli_case_source(cli, o, show_usage, &code, &file)) ||
        (status = cli_load_case(cli, code, file, &c)))
        return status;
    if (cli->json) {
        if (kring_casefile_dump(c, &text, NULL, &err))
            status = cli_fail(cli, &err);
        else
            fputs(text, cli->io->out);
        free(text);
    } else {
        print_case(cli, c);
    }
    kring_case_free(c);
    return status;
}

const struct cli_command cmd_case_show = {
    .group = "case",
    .name = "show",
    .spec = case_show_spec,
    .usage = show_usage,
    .min_pos = -1,
    .max_pos = -1,
    .run = run_case_show,
};

static const char rm_usage[] = N_(
    "usage: kring case rm CODE [--yes]\n"
    "\n"
    "Removes a case and everything recorded in it. At a terminal kring asks\n"
    "first; elsewhere --yes is required.\n");

static const char erase_usage[] = N_(
    "usage: kring case erase CODE [--yes]\n"
    "\n"
    "Erases a case at the request of the young person or their parents\n"
    "(Jeugdwet art. 7.3.9): everything recorded in it goes, as with case rm,\n"
    "and the access log keeps only that it was erased, on request. Reasons\n"
    "given to open it by break-glass are erased with it. At a terminal kring\n"
    "asks first; elsewhere --yes is required (docs/privacy.md).\n");

static int confirm(struct cli *cli, const kring_case *c, int erase)
{
    char line[64], people[64], ties[64];

    snprintf(people, sizeof people,
             dngettext("kring", "%zu person", "%zu people",
                       (unsigned long)c->n_people),
             c->n_people);
    snprintf(
        ties, sizeof ties,
        dngettext("kring", "%zu tie", "%zu ties", (unsigned long)c->n_ties),
        c->n_ties);
    fprintf(cli->io->err,
            erase ? _("erase case '%s' (%s) with %s and %s, on request? This "
                      "cannot be undone. [y/N] ")
                  : _("remove case '%s' (%s) with %s and %s? This cannot be "
                      "undone. [y/N] "),
            c->code, c->name, people, ties);
    fflush(cli->io->err);
    if (fgets(line, sizeof line, cli->io->in) == NULL)
        return 0;
    line[strcspn(line, "\r\n")] = '\0';
    return strcmp(line, "y") == 0 || strcmp(line, "yes") == 0 ||
           strcmp(line, "Y") == 0 || strcmp(line, "j") == 0 ||
           strcmp(line, "ja") == 0;
}

static const struct opt_spec case_rm_spec[] = {
    {"yes", 'y', OPT_NONE, O_YES},
    {NULL, 0, 0, 0},
};

/* case rm, and with ERASE case erase. */
static int remove_case(struct cli *cli, struct opts *o, int erase)
{
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_error err;
    kring_status rc;
    int status, yes = 0, i;

    for (i = 0; i < o->n; i++)
        yes |= o->o[i].id == O_YES;
    if (!yes && !cli->io->in_tty)
        return cli_usage_error(
            cli, erase ? erase_usage : rm_usage,
            erase ? _("not erasing case '%s': confirm with --yes (there is "
                      "no terminal to ask on)")
                  : _("not removing case '%s': confirm with --yes (there is "
                      "no terminal to ask on)"),
            o->pos[0]);
    if ((status = cli_open_store(cli, 0, &store)))
        return status;
    /* No transaction while the question waits: others may write. */
    if (kring_store_load_network(store, o->pos[0], &c, &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (!yes && !confirm(cli, c, erase)) {
        status = cli_failf(cli,
                           erase ? _("case '%s' was not erased")
                                 : _("case '%s' was not removed"),
                           c->code);
        goto out;
    }
    rc = erase ? kring_change_case_erase(store, NULL, c->code,
                                         KRING_ERASE_REQUEST, &err)
               : kring_change_case_rm(store, NULL, c->code, &err);
    if (rc) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if (cli->json) {
        fputs(erase ? "{\"erased\": " : "{\"removed\": ", cli->io->out);
        kring_json_put_string(cli->io->out, c->code);
        fputs("}\n", cli->io->out);
    } else {
        fprintf(cli->io->out,
                erase ? _("erased case '%s'\n") : _("removed case '%s'\n"),
                c->code);
    }
out:
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

static int run_case_rm(struct cli *cli, struct opts *o)
{
    return remove_case(cli, o, 0);
}

static int run_case_erase(struct cli *cli, struct opts *o)
{
    return remove_case(cli, o, 1);
}

const struct cli_command cmd_case_erase = {
    .group = "case",
    .name = "erase",
    .spec = case_rm_spec,
    .usage = erase_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("case erase needs one CODE"),
    .run = run_case_erase,
};

const struct cli_command cmd_case_rm = {
    .group = "case",
    .name = "rm",
    .spec = case_rm_spec,
    .usage = rm_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("case rm needs one CODE"),
    .run = run_case_rm,
};
