/* kring person add|set|rm */
#include <libintl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum {
    F_ROLE = 1,
    F_RING,
    F_SECTOR,
    F_AGE,
    F_CONTACT,
    F_KNOWN_YEARS,
    F_SUPPORT,
    F_HOURS,
    F_TRAVEL,
    F_REACHABLE,
    F_QUALITY,
    F_STATUS,
    F_FORMAL,
    F_NO_FORMAL,
    F_WILLING,
    F_CONCERN,
    F_NO_CONCERN,
    F_FRIGHTENS,
    F_NO_FRIGHTENS,
    F_NOMINATED,
    F_NO_NOMINATED,
    F_LIVES,
    F_NO_LIVES,
    F_ADULT,
    F_NO_ADULT,
    F_NOTES,
    F_YOUTH_NOTE,
    F_NAME,
    F_ID
};

#define FIELD_SPECS                                                            \
    {"role", 0, OPT_VALUE, F_ROLE}, {"ring", 0, OPT_VALUE, F_RING},            \
        {"sector", 0, OPT_VALUE, F_SECTOR}, {"age", 0, OPT_VALUE, F_AGE},      \
        {"contact", 0, OPT_VALUE, F_CONTACT},                                  \
        {"known-years", 0, OPT_VALUE, F_KNOWN_YEARS},                          \
        {"support", 0, OPT_VALUE, F_SUPPORT},                                  \
        {"hours-per-week", 0, OPT_VALUE, F_HOURS},                             \
        {"travel-minutes", 0, OPT_VALUE, F_TRAVEL},                            \
        {"reachable", 0, OPT_VALUE, F_REACHABLE},                              \
        {"quality", 0, OPT_VALUE, F_QUALITY},                                  \
        {"status", 0, OPT_VALUE, F_STATUS},                                    \
        {"formal", 0, OPT_OPTIONAL, F_FORMAL},                                 \
        {"no-formal", 0, OPT_NONE, F_NO_FORMAL},                               \
        {"willing", 0, OPT_VALUE, F_WILLING},                                  \
        {"concern", 0, OPT_OPTIONAL, F_CONCERN},                               \
        {"no-concern", 0, OPT_NONE, F_NO_CONCERN},                             \
        {"frightens", 0, OPT_OPTIONAL, F_FRIGHTENS},                           \
        {"no-frightens", 0, OPT_NONE, F_NO_FRIGHTENS},                         \
        {"nominated", 0, OPT_OPTIONAL, F_NOMINATED},                           \
        {"no-nominated", 0, OPT_NONE, F_NO_NOMINATED},                         \
        {"lives-with-child", 0, OPT_OPTIONAL, F_LIVES},                        \
        {"no-lives-with-child", 0, OPT_NONE, F_NO_LIVES},                      \
        {"adult", 0, OPT_OPTIONAL, F_ADULT},                                   \
        {"no-adult", 0, OPT_NONE, F_NO_ADULT},                                 \
        {"notes", 0, OPT_VALUE, F_NOTES},                                      \
        {"youth-note", 0, OPT_VALUE, F_YOUTH_NOTE},                            \
    {                                                                          \
        "name", 0, OPT_VALUE, F_NAME                                           \
    }

static const char fields_help[] = N_(
    "fields (an empty value, as in --age '', clears an optional one):\n"
    "  --role R --ring 1|2|3 --sector S --age N --contact C\n"
    "  --known-years N --support emotional,practical,... --hours-per-week H\n"
    "  --travel-minutes M --reachable R --quality Q --status S\n"
    "  --willing yes|no|unknown --notes T --youth-note T\n"
    "  --formal --concern --frightens --nominated --lives-with-child\n"
    "  --adult (each also as --no-..., or --x=yes|no)\n"
    "The words are those of the case file (docs/case-file.md); in Dutch\n"
    "(--lang nl) the Dutch words too (docs/nl/woorden.md).\n");

/* The usage of person add or set, then the fields both take. */
static int person_help(struct cli *cli, const char *usage)
{
    cli_help(cli, usage);
    fputs(_(fields_help), cli->io->out);
    return CLI_OK;
}

static int bool_value(struct cli *cli, const char *flag, const char *value,
                      int *out)
{
    /* The case file's yes and no, and the language's ("ja", "nee"). */
    if (value == NULL || strcmp(value, "yes") == 0 ||
        strcmp(value, "true") == 0 || strcmp(value, "1") == 0 ||
        strcasecmp(value, _("yes")) == 0)
        *out = 1;
    else if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 ||
             strcmp(value, "0") == 0 || strcasecmp(value, _("no")) == 0)
        *out = 0;
    else
        return cli_failf(cli, _("--%s takes yes or no, not '%s'"), flag, value);
    return CLI_OK;
}

static int support_value(struct cli *cli, const char *value, unsigned *out)
{
    char buf[256], words[256];
    char *tok, *save = NULL;
    unsigned set = 0;
    int v;

    if (strlen(value) >= sizeof buf) {
        kring_enum_words(KRING_ENUM_SUPPORT, words, sizeof words);
        return cli_failf(cli, _("--support must be a set of: %s"), words);
    }
    strcpy(buf, value);
    for (tok = strtok_r(buf, ", ", &save); tok;
         tok = strtok_r(NULL, ", ", &save)) {
        if (cli_enum_value(cli, KRING_ENUM_SUPPORT, "support", tok, &v))
            return CLI_DATA;
        set |= 1u << v;
    }
    *out = set;
    return CLI_OK;
}

/* Years known: a number from 0 to 120 with at most one decimal ("4.9",
 * "13", "13.0"), into *OUT as tenths made exact; "" is not recorded. */
static int years_value(struct cli *cli, const char *value, double *out)
{
    const char *s = value;
    long tenths = 0;
    int digits = 0;

    if (value[0] == '\0') {
        *out = -1;
        return CLI_OK;
    }
    while (*s >= '0' && *s <= '9' && digits < 4) {
        tenths = tenths * 10 + (*s++ - '0');
        digits++;
    }
    tenths *= 10;
    if (digits > 0 && *s == '.' && s[1] >= '0' && s[1] <= '9') {
        tenths += s[1] - '0';
        s += 2;
    }
    if (digits == 0 || digits == 4 || *s != '\0' || tenths > 10 * KRING_AGE_MAX)
        return cli_failf(cli,
                         _("--known-years must be a number from 0 to 120 "
                           "with at most one decimal, not '%s'"),
                         value);
    *out = (double)tenths / 10.0;
    return CLI_OK;
}

/* Sets one field of P from a flag. */
static int apply(struct cli *cli, kring_person *p, int id, const char *flag,
                 const char *value)
{
    int v = 0, status = CLI_OK;
    char *end;

    switch (id) {
    case F_ROLE:
        if (!(status = cli_enum_value(cli, KRING_ENUM_ROLE, "role", value, &v)))
            p->role = (kring_role)v;
        break;
    case F_SECTOR:
        if (!(status =
                  cli_enum_value(cli, KRING_ENUM_SECTOR, "sector", value, &v)))
            p->sector = (kring_sector)v;
        break;
    case F_RING:
        if (strcmp(value, "1") && strcmp(value, "2") && strcmp(value, "3"))
            return cli_failf(cli, "%s", _("ring must be 1, 2 or 3"));
        p->ring = value[0] - '0';
        break;
    case F_AGE:
        status = cli_int_value(cli, "age", value, 1, &p->age);
        break;
    case F_KNOWN_YEARS:
        status = years_value(cli, value, &p->known_years);
        break;
    case F_TRAVEL:
        status =
            cli_int_value(cli, "travel-minutes", value, 1, &p->travel_minutes);
        break;
    case F_HOURS:
        if (value[0] == '\0') {
            p->hours_per_week = -1;
            break;
        }
        p->hours_per_week = strtod(value, &end);
        if (*end != '\0' || !(p->hours_per_week >= 0))
            return cli_failf(cli,
                             _("--hours-per-week must be a number, not "
                               "'%s'"),
                             value);
        break;
    case F_CONTACT:
    case F_REACHABLE:
        v = 0;
        if (value[0] != '\0')
            status = cli_enum_value(
                cli,
                id == F_CONTACT ? KRING_ENUM_CONTACT : KRING_ENUM_REACHABLE,
                id == F_CONTACT ? "contact" : "reachable", value, &v);
        if (id == F_CONTACT)
            p->contact = (kring_contact)v;
        else
            p->reachable = (kring_reachable)v;
        break;
    case F_SUPPORT:
        status = support_value(cli, value, &p->support);
        break;
    case F_QUALITY:
        if (!(status = cli_enum_value(cli, KRING_ENUM_QUALITY, "quality", value,
                                      &v)))
            p->quality = (kring_quality)v;
        break;
    case F_STATUS:
        if (!(status =
                  cli_enum_value(cli, KRING_ENUM_STATUS, "status", value, &v)))
            p->status = (kring_pstatus)v;
        break;
    case F_WILLING:
        if (!(status = cli_enum_value(cli, KRING_ENUM_WILLING, "willing", value,
                                      &v)))
            p->willing = (kring_willing)v;
        break;
    case F_FORMAL:
    case F_CONCERN:
    case F_FRIGHTENS:
    case F_NOMINATED:
    case F_LIVES:
        if ((status = bool_value(cli, flag, value, &v)))
            break;
        /* fall through */
    case F_NO_FORMAL:
    case F_NO_CONCERN:
    case F_NO_FRIGHTENS:
    case F_NO_NOMINATED:
    case F_NO_LIVES:
        switch (id) {
        case F_FORMAL:
        case F_NO_FORMAL:
            p->formal = v;
            break;
        case F_CONCERN:
        case F_NO_CONCERN:
            p->concern = v;
            break;
        case F_FRIGHTENS:
        case F_NO_FRIGHTENS:
            p->frightens = v;
            break;
        case F_NOMINATED:
        case F_NO_NOMINATED:
            p->nominated = v;
            break;
        default:
            p->lives_with_child = v;
            break;
        }
        break;
    case F_ADULT:
        if (value != NULL && value[0] == '\0')
            p->adult = -1;
        else if (!(status = bool_value(cli, flag, value, &v)))
            p->adult = v;
        break;
    case F_NO_ADULT:
        p->adult = 0;
        break;
    case F_YOUTH_NOTE:
        /* An empty line for the young person is none. */
        free(p->youth_note);
        p->youth_note = NULL;
        if (value[0] != '\0' && (p->youth_note = strdup(value)) == NULL)
            return cli_failf(cli, "%s", _("out of memory"));
        break;
    case F_NOTES:
    case F_NAME:
    case F_ID: {
        char **slot = id == F_NOTES  ? &p->notes
                      : id == F_NAME ? &p->name
                                     : &p->id;
        char *copy = strdup(value);
        if (copy == NULL)
            return cli_failf(cli, "%s", _("out of memory"));
        free(*slot);
        *slot = copy;
        break;
    }
    }
    return status;
}

static int apply_all(struct cli *cli, kring_person *p, const struct opts *o)
{
    int i, status;

    for (i = 0; i < o->n; i++)
        if ((status = apply(cli, p, o->o[i].id, o->o[i].name, o->o[i].value)))
            return status;
    return CLI_OK;
}

/* Opens the store, starts a transaction and loads the case CODE. */
static int begin_edit(struct cli *cli, const char *code, kring_store **store,
                      kring_case **c)
{
    kring_error err;
    int status;

    if ((status = cli_open_store(cli, 0, store)))
        return status;
    if (kring_store_begin(*store, &err) ||
        kring_store_load_network(*store, code, c, &err))
        return cli_fail(cli, &err);
    return CLI_OK;
}

static void print_person_done(struct cli *cli, const char *code,
                              const kring_person *p, const char *what)
{
    if (cli->json) {
        fputs("{\"case\": ", cli->io->out);
        json_put_string(cli->io->out, code);
        fputs(", \"id\": ", cli->io->out);
        json_put_string(cli->io->out, p->id);
        fputs(", \"name\": ", cli->io->out);
        json_put_string(cli->io->out, p->name);
        fputs("}\n", cli->io->out);
    } else if (what == NULL) {
        fprintf(cli->io->out, "%s\n", p->id);
    } else {
        fprintf(cli->io->out, "%s: %s (%s)\n", what, cli_shown(cli, p->name),
                p->id);
    }
}

static const char add_usage[] =
    N_("usage: kring person add CODE NAME --role R --ring 1|2|3 [fields]\n"
       "\n"
       "Adds a person to case CODE and prints their id, made from the name\n"
       "('Oma Ria' -> oma-ria) unless --id ID is given.\n"
       "\n");

static const struct opt_spec person_add_spec[] = {
    FIELD_SPECS,
    {"id", 0, OPT_VALUE, F_ID},
    {NULL, 0, 0, 0},
};

static int run_person_add(struct cli *cli, struct opts *o)
{
    kring_store *store = NULL;
    kring_case *c = NULL;
    kring_person p;
    kring_error err;
    int status = CLI_OK, i, role = -1, ring = 0;

    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == F_ROLE &&
            cli_enum_value(cli, KRING_ENUM_ROLE, "role", o->o[i].value, &role))
            return CLI_DATA;
        if (o->o[i].id == F_RING)
            ring = 1;
    }
    if (role < 0 || !ring)
        return cli_usage_error(cli, add_usage, "%s",
                               _("person add needs --role and --ring"));
    /* The defaults follow the role; the flags then change what they name. */
    kring_person_init(&p, (kring_role)role, 1);
    p.name = strdup(o->pos[1]);
    p.notes = strdup("");
    if (p.name == NULL || p.notes == NULL)
        status = cli_failf(cli, "%s", _("out of memory"));
    if (status == CLI_OK)
        status = apply_all(cli, &p, o);
    if (status == CLI_OK)
        status = begin_edit(cli, o->pos[0], &store, &c);
    if (status == CLI_OK &&
        (kring_case_add_person(c, &p, &err) ||
         kring_store_insert_person(store, c->code, &c->people[c->n_people - 1],
                                   &err) ||
         kring_store_commit(store, &err)))
        status = cli_fail(cli, &err);
    if (status == CLI_OK)
        print_person_done(cli, c->code, &c->people[c->n_people - 1], NULL);
    free(p.id);
    free(p.name);
    free(p.notes);
    free(p.youth_note);
    kring_case_free(c);
    kring_store_close(store);
    return status;
}

const struct cli_command cmd_person_add = {
    .group = "person",
    .name = "add",
    .spec = person_add_spec,
    .usage = add_usage,
    .min_pos = 2,
    .max_pos = 2,
    .count_error = N_("person add needs a CODE and a NAME"),
    .help = person_help,
    .run = run_person_add,
};

static const char set_usage[] =
    N_("usage: kring person set CODE PERSON [fields] [--name NAME]\n"
       "\n"
       "Changes the fields named; PERSON is an id or a unique name. --role\n"
       "leaves sector and formal as they are: set them too if they change.\n"
       "\n");

/* A command on one person of a stored case: the options, the store in a
 * transaction, the case and the person's index. */
struct person_edit {
    struct opts *o;
    kring_store *store;
    kring_case *c;
    size_t at;
};

/* With O's CODE and PERSON: opens the store, begins, loads the case and
 * finds the person. A status (CLI_OK to go on). */
static int open_person(struct cli *cli, struct opts *o, struct person_edit *e)
{
    kring_error err;
    int status;

    memset(e, 0, sizeof *e);
    e->o = o;
    if ((status = begin_edit(cli, o->pos[0], &e->store, &e->c)))
        return status;
    if (kring_case_resolve(e->c, o->pos[1], &e->at, &err))
        return cli_fail(cli, &err);
    return CLI_OK;
}

/* FNV-1a over N bytes of DATA, then a separator, into *H. */
static void mix(uint64_t *h, const void *data, size_t n)
{
    const unsigned char *b = data;
    size_t i;

    for (i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= 1099511628211u;
    }
    *h ^= 0xff; /* no field runs into the next */
    *h *= 1099511628211u;
}

static void mix_text(uint64_t *h, const char *s)
{
    /* NULL and "" differ: the length first, -1 for NULL. */
    long n = s != NULL ? (long)strlen(s) : -1;

    mix(h, &n, sizeof n);
    if (s != NULL)
        mix(h, s, strlen(s));
}

void cli_person_version(const kring_person *p, char *out)
{
    uint64_t h = 14695981039346656037u;
    const int numbers[] = {(int)p->role,      (int)p->sector,
                           p->ring,           p->age,
                           (int)p->contact,   (int)p->support,
                           p->travel_minutes, (int)p->reachable,
                           (int)p->quality,   (int)p->status,
                           p->formal,         (int)p->willing,
                           p->concern,        p->frightens,
                           p->nominated,      p->lives_with_child,
                           p->adult};
    char hours[32];

    mix_text(&h, p->id);
    mix_text(&h, p->name);
    mix(&h, numbers, sizeof numbers);
    snprintf(hours, sizeof hours, "%.17g", p->hours_per_week);
    mix_text(&h, hours);
    snprintf(hours, sizeof hours, "%.17g", p->known_years);
    mix_text(&h, hours);
    mix_text(&h, p->notes);
    mix_text(&h, p->youth_note);
    mix_text(&h, p->extra);
    snprintf(out, CLI_VERSION_LEN + 1, "%016llx", (unsigned long long)h);
}

/* For kring serve: whether the person has changed since its form showed
 * them (cli_io.if_version), seen in the transaction that would write. */
static int changed_since_read(struct cli *cli, const struct person_edit *e)
{
    char now[CLI_VERSION_LEN + 1];

    if (cli->io->if_version == NULL)
        return 0;
    cli_person_version(&e->c->people[e->at], now);
    if (strcmp(now, cli->io->if_version) == 0)
        return 0;
    cli->io->conflict = 1;
    return 1;
}

static int close_person(struct person_edit *e, int status)
{
    kring_case_free(e->c);
    kring_store_close(e->store);
    return status;
}

static const struct opt_spec set_spec[] = {FIELD_SPECS, {NULL, 0, 0, 0}};

static int run_person_set(struct cli *cli, struct opts *o)
{
    struct person_edit e;
    kring_person *p;
    kring_error err;
    int status;

    status = open_person(cli, o, &e);
    if (status != CLI_OK)
        return close_person(&e, status);
    if (changed_since_read(cli, &e))
        return close_person(
            &e, cli_failf(cli,
                          _("'%s' has changed since this form was opened; "
                            "nothing was saved"),
                          e.c->people[e.at].name));
    p = &e.c->people[e.at];
    if ((status = apply_all(cli, p, o)))
        return close_person(&e, status);
    if (kring_person_validate(p, &err) ||
        kring_store_update_person(e.store, e.c->code, p, &err) ||
        kring_store_commit(e.store, &err))
        return close_person(&e, cli_fail(cli, &err));
    print_person_done(cli, e.c->code, p, _("changed"));
    return close_person(&e, CLI_OK);
}

const struct cli_command cmd_person_set = {
    .group = "person",
    .name = "set",
    .spec = set_spec,
    .usage = set_usage,
    .min_pos = 2,
    .max_pos = 2,
    .count_error = N_("person set needs a CODE and a PERSON"),
    .help = person_help,
    .run = run_person_set,
};

static const char rm_usage[] =
    N_("usage: kring person rm CODE PERSON\n"
       "\n"
       "Removes a person and their ties; PERSON is an id or a unique name.\n");

static const struct opt_spec rm_spec[] = {{NULL, 0, 0, 0}};

static int run_person_rm(struct cli *cli, struct opts *o)
{
    struct person_edit e;
    kring_error err;
    int status;

    status = open_person(cli, o, &e);
    if (status != CLI_OK)
        return close_person(&e, status);
    if (changed_since_read(cli, &e))
        return close_person(
            &e, cli_failf(cli,
                          _("'%s' has changed since this page was opened; "
                            "nothing was removed"),
                          e.c->people[e.at].name));
    if (kring_store_delete_person(e.store, e.c->code, e.c->people[e.at].id,
                                  &err) ||
        kring_store_commit(e.store, &err))
        return close_person(&e, cli_fail(cli, &err));
    print_person_done(cli, e.c->code, &e.c->people[e.at], _("removed"));
    return close_person(&e, CLI_OK);
}

const struct cli_command cmd_person_rm = {
    .group = "person",
    .name = "rm",
    .spec = rm_spec,
    .usage = rm_usage,
    .min_pos = 2,
    .max_pos = 2,
    .count_error = N_("person rm needs a CODE and a PERSON"),
    .run = run_person_rm,
};
