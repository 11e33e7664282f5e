/* kring interview: a guided intake, "who?" before "what?". The young
 * person names people for seven plain questions, then says for each how
 * close they are, how often they meet, whether they can be reached and
 * how things are between them; last, who knows whom, asked by part of
 * life and for the bridges between them. Every answer is stored the
 * moment it is given, and the question reached with it, so that an
 * interview stopped in any way goes on with --resume (docs/interview.md).
 * Answers come one per line: from a person at a terminal or from a
 * script. */
#include <ctype.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

enum { O_RESUME = 1, O_NAME };

static const char interview_usage[] =
    N_("usage: kring interview CODE [--name NAME] [--resume]\n"
       "\n"
       "A guided intake at the terminal (or from a script, one answer per\n"
       "line). The case is made if it is not there (--name, else asked).\n"
       "Every answer is stored at once; an interview that stopped goes on\n"
       "with --resume. An empty answer ends a list or keeps the suggestion\n"
       "in brackets.\n");

/* The name generators: what a question says about the people named. */
enum {
    HOME = 1,
    EMOTIONAL = 2,
    PRACTICAL = 4,
    FUN = 8,
    LISTENS = 16,
    TRUSTED = 32,
    FEARED = 64
};

static const struct {
    const char *question;
    unsigned says;
} generators[] = {
    {N_("Who lives with you at home?"), HOME},
    {N_("Who can you go to when something is on your mind?"), EMOTIONAL},
    {N_("Who helps you with practical things?"), PRACTICAL},
    {N_("Who do you do fun things with?"), FUN},
    {N_("Who listens to you?"), LISTENS},
    {N_("Which adults do you trust?"), TRUSTED},
    {N_("Is there someone who frightens you?"), FEARED},
};
#define GENERATORS ((int)(sizeof generators / sizeof generators[0]))
#define FIELDS 4 /* per person: ring, contact, reachable, relation */

/* The roles offered for a new name, in the order shown. */
static const kring_role offered[] = {
    KRING_ROLE_PARENT,       KRING_ROLE_STEPPARENT,   KRING_ROLE_FOSTER_PARENT,
    KRING_ROLE_SIBLING,      KRING_ROLE_GRANDPARENT,  KRING_ROLE_AUNT_UNCLE,
    KRING_ROLE_COUSIN,       KRING_ROLE_RELATIVE,     KRING_ROLE_FRIEND,
    KRING_ROLE_PARTNER,      KRING_ROLE_CLASSMATE,    KRING_ROLE_TEACHER,
    KRING_ROLE_COACH,        KRING_ROLE_NEIGHBOUR,    KRING_ROLE_FAMILY_FRIEND,
    KRING_ROLE_YOUTH_WORKER, KRING_ROLE_PROFESSIONAL, KRING_ROLE_OTHER,
};
#define OFFERED ((int)(sizeof offered / sizeof offered[0]))

struct iv {
    struct cli *cli;
    kring_store *store;
    kring_case *c;
};

/* Reads one answer into BUF, without its line end; 0 at the end of
 * input. */
static int answer(struct iv *iv, const char *prompt, char *buf, size_t cap)
{
    size_t n;

    fprintf(iv->cli->io->out, "%s ", prompt);
    fflush(iv->cli->io->out);
    if (fgets(buf, (int)cap, iv->cli->io->in) == NULL)
        return 0;
    n = strcspn(buf, "\r\n");
    buf[n] = '\0';
    /* Spaces around an answer mean nothing. */
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    if (buf[0] == ' ')
        memmove(buf, buf + strspn(buf, " "), strlen(buf) + 1);
    return 1;
}

static int step_done(struct iv *iv, int step)
{
    kring_error err;

    if (kring_change_interview_step(iv->store, NULL, iv->c, step, &err))
        return cli_fail(iv->cli, &err);
    return CLI_OK;
}

static int save_person(struct iv *iv, size_t i)
{
    kring_error err;

    if (kring_change_person_update(iv->store, NULL, iv->c->code,
                                   &iv->c->people[i], &err))
        return cli_fail(iv->cli, &err);
    return CLI_OK;
}

/* What question SAYS about person I. */
static void apply(kring_person *p, unsigned says)
{
    if (says & HOME)
        p->lives_with_child = true;
    if (says & (EMOTIONAL | LISTENS))
        p->support |= KRING_SUPPORT_EMOTIONAL;
    if (says & PRACTICAL)
        p->support |= KRING_SUPPORT_PRACTICAL;
    if (says & FUN)
        p->support |= KRING_SUPPORT_FUN;
    if (says & FEARED)
        p->frightens = true;
    /* A trusted adult is offered as close when the rings are asked. */
    if (says & TRUSTED)
        p->ring = 1;
}

/* Asks who NAME is and adds them; -1 at the end of input. */
static int new_person(struct iv *iv, const char *name, unsigned says)
{
    char buf[200], prompt[400];
    kring_person p;
    kring_case *after = NULL;
    kring_error err;
    kring_status rc;
    int i, pick = -1;

    fprintf(iv->cli->io->out, _("  Who is %s to you?\n"),
            cli_shown(iv->cli, name));
    for (i = 0; i < OFFERED; i++)
        fprintf(iv->cli->io->out, "    %2d %s\n", i + 1,
                kring_role_word(offered[i]));
    snprintf(prompt, sizeof prompt, "  %s [%d]", _("number"), OFFERED);
    while (pick < 0) {
        if (!answer(iv, prompt, buf, sizeof buf))
            return -1;
        if (buf[0] == '\0')
            pick = OFFERED - 1;
        else if (atoi(buf) >= 1 && atoi(buf) <= OFFERED)
            pick = atoi(buf) - 1;
        else
            fprintf(iv->cli->io->out, "  %s\n",
                    _("Type one of the numbers, or Enter for 'other'."));
    }
    kring_person_init(&p, offered[pick], says & (HOME | TRUSTED) ? 1 : 2);
    if ((p.name = strdup(name)) == NULL)
        return cli_failf(iv->cli, "%s", _("out of memory"));
    apply(&p, says);
    /* Stored first; then the person as stored (with their id) joins the
     * case the interview holds. */
    rc =
        kring_change_person_add(iv->store, NULL, iv->c->code, &p, &after, &err);
    kring_person_release(&p);
    if (rc == KRING_OK)
        rc = kring_case_add_person(iv->c, &after->people[after->n_people - 1],
                                   &err);
    kring_case_free(after);
    return rc != KRING_OK ? cli_fail(iv->cli, &err) : CLI_OK;
}

/* Question Q of the name generators: names until an empty line. */
static int generator(struct iv *iv, int q, int *stopped)
{
    char name[300];
    kring_error err;
    size_t i;
    int status;

    fprintf(iv->cli->io->out, "\n%s%s%s\n  %s\n", cli_colour(iv->cli, CLI_BOLD),
            _(generators[q].question), cli_colour(iv->cli, CLI_PLAIN),
            _("(one name a line; Enter when there is nobody else)"));
    for (;;) {
        if (!answer(iv, ">", name, sizeof name)) {
            *stopped = 1;
            return CLI_OK;
        }
        if (name[0] == '\0')
            return CLI_OK;
        /* Each name once: someone named before gains what this question
         * says about them. */
        if (kring_case_resolve(iv->c, name, &i, &err) == KRING_OK) {
            apply(&iv->c->people[i], generators[q].says);
            if ((status = save_person(iv, i)))
                return status;
            fprintf(iv->cli->io->out, _("  (%s: noted)\n"),
                    iv->c->people[i].name);
            continue;
        }
        if ((status = new_person(iv, name, generators[q].says)) < 0) {
            *stopped = 1;
            return CLI_OK;
        }
        if (status)
            return status;
    }
}

/* One of a choice of letters KEYS (Enter: DEF, '-' or Enter without a
 * default: skip, -2); -1 at the end of input. */
static int letter(struct iv *iv, const char *prompt, const char *keys, int def)
{
    char buf[100], list[32];
    size_t n;

    for (;;) {
        const char *at;
        if (!answer(iv, prompt, buf, sizeof buf))
            return -1;
        if (buf[0] == '\0')
            return def;
        if (strcmp(buf, "-") == 0)
            return -2;
        if (buf[1] == '\0' && buf[0] != '\0' &&
            (at = strchr(keys, tolower((unsigned char)buf[0]))) != NULL)
            return (int)(at - keys);
        for (n = 0; keys[n] != '\0' && n < sizeof list / 3; n++) {
            list[3 * n] = keys[n];
            list[3 * n + 1] = ',';
            list[3 * n + 2] = ' ';
        }
        list[n > 0 ? 3 * n - 2 : 0] = '\0';
        fprintf(iv->cli->io->out, _("  Type one of: %s (or - to skip)\n"),
                list);
    }
}

/* Field F of person I; -1 at the end of input. */
static int detail(struct iv *iv, size_t i, int f)
{
    kring_person *p = &iv->c->people[i];
    char prompt[600];
    int v;

    if (p->frightens && f > 0)
        return CLI_OK; /* nothing more is asked about someone feared */
    switch (f) {
    case 0:
        fprintf(iv->cli->io->out, "\n%s%s%s\n", cli_colour(iv->cli, CLI_BOLD),
                p->name, cli_colour(iv->cli, CLI_PLAIN));
        snprintf(prompt, sizeof prompt,
                 _("  How close do you feel to %s? 1 very close, 2 in "
                   "between, 3 further away [%d]"),
                 p->name, p->ring);
        if ((v = letter(iv, prompt, "123", p->ring - 1)) == -1)
            return -1;
        if (v >= 0)
            p->ring = v + 1;
        break;
    case 1:
        snprintf(prompt, sizeof prompt,
                 _("  How often do you see %s? d every day, w every week, "
                   "m every month, y every year, r rarely [skip]"),
                 p->name);
        /* TRANSLATORS: the letters of the answers in the question above,
         * in its order: daily, weekly, monthly, yearly, rarely. Five
         * different lowercase ASCII letters. */
        if ((v = letter(iv, prompt, _("dwmyr"), -2)) == -1)
            return -1;
        if (v >= 0)
            p->contact = (kring_contact)(KRING_CONTACT_DAILY + v);
        break;
    case 2:
        snprintf(prompt, sizeof prompt,
                 _("  Can you reach %s in the evening and at the weekend? "
                   "y yes, n no [skip]"),
                 p->name);
        /* TRANSLATORS: the letters of yes and no, as in " - y yes, n no":
         * two different lowercase ASCII letters. */
        if ((v = letter(iv, prompt, _("yn"), -2)) == -1)
            return -1;
        if (v >= 0)
            p->reachable = v == 0 ? KRING_REACHABLE_EVENINGS_WEEKENDS
                                  : KRING_REACHABLE_OFFICE_HOURS;
        break;
    default:
        snprintf(prompt, sizeof prompt,
                 _("  How are things between you and %s? g good, u up and "
                   "down, d difficult, b broken [g]"),
                 p->name);
        /* TRANSLATORS: the letters of the answers in the question above,
         * in its order: good, up and down, difficult, broken. Four
         * different lowercase ASCII letters. */
        if ((v = letter(iv, prompt, _("gudb"), 0)) == -1)
            return -1;
        if (v >= 0)
            p->quality = (kring_quality)v;
    }
    return save_person(iv, i);
}

/* The sectors with two people or more, in order, into S; how many. */
static int groups(const kring_case *c, kring_sector *s)
{
    int n = 0, k;
    size_t i, count;

    for (k = 0; k < KRING_SECTOR_COUNT; k++) {
        for (i = 0, count = 0; i < c->n_people; i++)
            count += c->people[i].sector == (kring_sector)k &&
                     !c->people[i].frightens;
        if (count >= 2)
            s[n++] = (kring_sector)k;
    }
    return n;
}

static int add_tie(struct iv *iv, size_t a, size_t b)
{
    kring_tie t;
    kring_error err;

    if (kring_case_find_tie(iv->c, iv->c->people[a].id, iv->c->people[b].id) >=
        0)
        return CLI_OK;
    kring_tie_init(&t);
    t.a = strdup(iv->c->people[a].id);
    t.b = strdup(iv->c->people[b].id);
    if (t.a == NULL || t.b == NULL) {
        kring_tie_release(&t);
        return cli_failf(iv->cli, "%s", _("out of memory"));
    }
    if (kring_case_add_tie(iv->c, &t, &err) ||
        kring_change_tie_add(
            iv->store, NULL, iv->c->code, iv->c->people[a].id,
            iv->c->people[b].id, iv->c->ties[iv->c->n_ties - 1].strength,
            iv->c->ties[iv->c->n_ties - 1].quality, NULL, &err)) {
        kring_tie_release(&t);
        return cli_fail(iv->cli, &err);
    }
    return CLI_OK;
}

/* Whether the people of sector S know each other: yes ties them all. */
static int group_ties(struct iv *iv, kring_sector s)
{
    char prompt[1200];
    const char *sep = "";
    size_t used, i, j;
    int v, status;

    used = (size_t)snprintf(prompt, sizeof prompt, "\n%s ",
                            _("Do these people know each other?"));
    for (i = 0; i < iv->c->n_people && used < sizeof prompt - 64; i++)
        if (iv->c->people[i].sector == s && !iv->c->people[i].frightens) {
            used += (size_t)snprintf(prompt + used, sizeof prompt - used,
                                     "%s%s", sep, iv->c->people[i].name);
            sep = ", ";
        }
    snprintf(prompt + used, sizeof prompt - used, "%s",
             _(" - y yes, n no [y]"));
    if ((v = letter(iv, prompt, _("yn"), 0)) == -1)
        return -1;
    for (i = 0; v == 0 && i < iv->c->n_people; i++)
        for (j = i + 1; j < iv->c->n_people; j++)
            if (iv->c->people[i].sector == s && iv->c->people[j].sector == s &&
                !iv->c->people[i].frightens && !iv->c->people[j].frightens &&
                (status = add_tie(iv, i, j)))
                return status;
    return CLI_OK;
}

/* The bridges between parts of life: pairs of names until Enter. */
static int bridges(struct iv *iv, int *stopped)
{
    char buf[600];
    kring_error err;
    size_t a, b;
    int status;

    fprintf(iv->cli->io->out, "\n%s\n",
            _("Does someone from one part of your life know someone from "
              "another? Type two names like 'Oma Ria - Juf Anna', or Enter "
              "when done."));
    for (;;) {
        char *dash;
        if (!answer(iv, ">", buf, sizeof buf)) {
            *stopped = 1;
            return CLI_OK;
        }
        if (buf[0] == '\0')
            return CLI_OK;
        if ((dash = strstr(buf, " - ")) == NULL) {
            fprintf(iv->cli->io->out, "  %s\n",
                    _("Two names with ' - ' between them, please."));
            continue;
        }
        *dash = '\0';
        if (kring_case_resolve(iv->c, buf, &a, &err) ||
            kring_case_resolve(iv->c, dash + 3, &b, &err)) {
            fprintf(iv->cli->io->out, "  %s\n", cli_shown(iv->cli, err.text));
            continue;
        }
        if (a != b && (status = add_tie(iv, a, b)))
            return status;
    }
}

/* Asks from STEP on; *STOPPED when the input ended first. */
static int run(struct iv *iv, int step, int *stopped)
{
    kring_sector g[KRING_SECTOR_COUNT];
    int status, n, total;

    for (; !*stopped; step++) {
        if (step < GENERATORS) {
            if ((status = generator(iv, step, stopped)))
                return status;
        } else {
            /* The questions about each person are about the people named
             * by now. */
            int people = (int)iv->c->n_people;
            int k = step - GENERATORS;
            n = groups(iv->c, g);
            total = people * FIELDS;
            if (k < total) {
                if ((status = detail(iv, (size_t)(k / FIELDS), k % FIELDS)) < 0)
                    *stopped = 1;
                else if (status)
                    return status;
            } else if (k < total + n) {
                if ((status = group_ties(iv, g[k - total])) < 0)
                    *stopped = 1;
                else if (status)
                    return status;
            } else {
                if ((status = bridges(iv, stopped)))
                    return status;
                if (!*stopped)
                    return CLI_OK; /* the last question */
            }
        }
        if (!*stopped && (status = step_done(iv, step + 1)))
            return status;
    }
    return CLI_OK;
}

/* Opens the case, making it if it is not there; its name from NAME or
 * asked. */
static int open_case(struct iv *iv, const char *code, const char *name)
{
    kring_error err;
    char buf[300];

    if (kring_store_load_case(iv->store, code, &iv->c, &err) == KRING_OK)
        return CLI_OK;
    if (err.code != KRING_ERR_NOT_FOUND)
        return cli_fail(iv->cli, &err);
    if (name == NULL) {
        if (!answer(iv, _("What is the young person's name?"), buf,
                    sizeof buf) ||
            buf[0] == '\0')
            return cli_failf(iv->cli, "%s", _("a case needs a name"));
        name = buf;
    }
    if ((iv->c = kring_case_new()) == NULL ||
        (iv->c->code = strdup(code)) == NULL ||
        (iv->c->name = strdup(name)) == NULL ||
        (iv->c->notes = strdup("")) == NULL)
        return cli_failf(iv->cli, "%s", _("out of memory"));
    if (kring_change_case_new(iv->store, NULL, iv->c, &err))
        return cli_fail(iv->cli, &err);
    fprintf(iv->cli->io->out, _("created case '%s' (%s)\n"), code,
            cli_shown(iv->cli, name));
    return CLI_OK;
}

static const struct opt_spec interview_spec[] = {
    {"resume", 0, OPT_NONE, O_RESUME},
    {"name", 0, OPT_VALUE, O_NAME},
    {NULL, 0, 0, 0},
};

static int run_interview(struct cli *cli, struct opts *o)
{
    struct iv iv = {cli, NULL, NULL};
    const char *name = NULL;
    kring_error err;
    int status, i, resume = 0, step, stopped = 0;

    for (i = 0; i < o->n; i++) {
        if (o->o[i].id == O_RESUME)
            resume = 1;
        else if (o->o[i].id == O_NAME)
            name = o->o[i].value;
    }
    if ((status = cli_open_store(cli, 0, &iv.store)))
        return status;
    if ((status = open_case(&iv, o->pos[0], name)))
        goto out;
    step = kring_interview_step(iv.c);
    if (step >= 0 && !resume) {
        status = cli_failf(cli,
                           _("an interview of case '%s' is under way: go on "
                             "with 'kring interview %s --resume'"),
                           iv.c->code, iv.c->code);
        goto out;
    }
    if (step < 0 && resume) {
        status = cli_failf(cli, _("case '%s' has no interview to resume"),
                           iv.c->code);
        goto out;
    }
    if (step < 0) {
        step = 0;
        if ((status = step_done(&iv, 0)))
            goto out;
    }
    if ((status = run(&iv, step, &stopped)))
        goto out;
    if (stopped) {
        fprintf(cli->io->out, "\n%s\n",
                _("Stopped. Everything so far is stored: go on with "
                  "--resume."));
        goto out;
    }
    /* Done: the network as it stands is the intake. */
    if (kring_case_snapshot(iv.c, "intake") == NULL &&
        kring_change_snapshot(iv.store, NULL, iv.c->code, "intake", NULL, NULL,
                              &err)) {
        status = cli_fail(cli, &err);
        goto out;
    }
    if ((status = step_done(&iv, -1)))
        goto out;
    {
        char people[64], ties[64];
        snprintf(people, sizeof people,
                 dngettext("kring", "%zu person", "%zu people",
                           (unsigned long)iv.c->n_people),
                 iv.c->n_people);
        snprintf(ties, sizeof ties,
                 dngettext("kring", "%zu tie", "%zu ties",
                           (unsigned long)iv.c->n_ties),
                 iv.c->n_ties);
        fprintf(cli->io->out, _("\nThank you. Recorded for %s: %s and %s.\n"),
                cli_shown(cli, iv.c->name), people, ties);
    }
out:
    kring_case_free(iv.c);
    kring_store_close(iv.store);
    return status;
}

const struct cli_command cmd_interview = {
    .name = "interview",
    .spec = interview_spec,
    .usage = interview_usage,
    .min_pos = 1,
    .max_pos = 1,
    .count_error = N_("interview needs a CODE"),
    .run = run_interview,
};
