/* kring audit CODE --for-client: who looked at a young person's file, for
 * them or their parents (the right of access, AVG art. 15; NEN 7513's
 * overview for the client): by day, who (a role at the organisation, not
 * a name, unless the organisation decided so) and what, in plain words,
 * the same look on one day counted once with how many times. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define _(s) dgettext("kring", s)
#define N_(s) s

/* Who, as the client reads it: a role's words. */
static const char *who_word(const char *role)
{
    if (strcmp(role, "professional") == 0)
        return _("a professional");
    if (strcmp(role, "team_lead") == 0)
        return _("a team lead");
    if (strcmp(role, "privacy_officer") == 0)
        return _("the privacy officer");
    if (strcmp(role, "admin") == 0)
        return _("an administrator");
    /* The command line, or one professional's own kring. */
    return _("a member of staff");
}

/* What, as the client reads it. */
static const char *what_word(const kring_audit_entry *e)
{
    if (e->refused)
        return _("wanted to look at the file, and was not let in");
    if (strcmp(e->kind, "break_glass") == 0)
        return _("opened the file in an emergency, saying why");
    if (strcmp(e->kind, "assign") == 0)
        return _("gave the file to a team or a professional");
    if (strcmp(e->kind, "change") == 0)
        return _("wrote in the file");
    if (strcmp(e->kind, "export") == 0)
        return _("took a copy of the file");
    if (strcmp(e->kind, "print") == 0)
        return _("printed the file");
    return _("looked at the file");
}

/* One line of the overview: a day, who, what, how many times. */
struct line {
    char day[11];
    char who[160];
    const char *role;
    const char *what;
    const char *kind;
    long times;
};

int audit_for_client(struct cli *cli, const kring_audit_entry *log, size_t n,
                     long long key, const char *org, int names)
{
    static const char *const heads[] = {N_("DAY"), N_("WHO"), N_("WHAT"),
                                        N_("TIMES")};
    struct line *lines = calloc(n + 1, sizeof *lines);
    size_t k = 0, i;
    const char *h[4];
    struct table *t;
    kring_jw w;

    if (lines == NULL)
        return cli_failf(cli, "%s", _("out of memory"));
    for (i = 0; i < n; i++) {
        const kring_audit_entry *e = &log[i];
        struct line l;
        memset(&l, 0, sizeof l);
        snprintf(l.day, sizeof l.day, "%.10s", e->at);
        if (names)
            snprintf(l.who, sizeof l.who, "%s (%s)", who_word(e->role),
                     e->user);
        else
            snprintf(l.who, sizeof l.who, "%s", who_word(e->role));
        l.role = e->role;
        l.what = what_word(e);
        l.kind = e->refused ? "refused" : e->kind;
        /* The same look of the same day, one line. */
        if (k > 0 && strcmp(lines[k - 1].day, l.day) == 0 &&
            strcmp(lines[k - 1].who, l.who) == 0 &&
            lines[k - 1].what == l.what) {
            lines[k - 1].times++;
            continue;
        }
        l.times = 1;
        lines[k++] = l;
    }
    if (cli->json) {
        kring_jw_init(&w, cli->io->out, 1);
        kring_jw_object(&w);
        kring_jw_key(&w, "case");
        kring_jw_int(&w, key);
        kring_jw_key(&w, "organisation");
        if (org != NULL)
            kring_jw_string(&w, org);
        else
            kring_jw_null(&w);
        kring_jw_key(&w, "lines");
        kring_jw_array(&w);
        for (i = 0; i < k; i++) {
            kring_jw_object(&w);
            kring_jw_key(&w, "day");
            kring_jw_string(&w, lines[i].day);
            kring_jw_key(&w, "who");
            kring_jw_string(&w, lines[i].who);
            kring_jw_key(&w, "role");
            kring_jw_string(&w, lines[i].role);
            kring_jw_key(&w, "kind");
            kring_jw_string(&w, lines[i].kind);
            kring_jw_key(&w, "times");
            kring_jw_int(&w, lines[i].times);
            kring_jw_object_end(&w);
        }
        kring_jw_array_end(&w);
        kring_jw_object_end(&w);
        kring_jw_release(&w);
        free(lines);
        return CLI_OK;
    }
    fprintf(cli->io->out, _("Who looked at the file of case %lld"), key);
    if (org != NULL)
        fprintf(cli->io->out, _(", at %s"), cli_shown(cli, org));
    fputs("\n\n", cli->io->out);
    if (k == 0) {
        fprintf(cli->io->out, "%s\n", _("Nobody has looked at it yet."));
        free(lines);
        return CLI_OK;
    }
    for (i = 0; i < 4; i++)
        h[i] = _(heads[i]);
    if ((t = table_new(4, h)) == NULL) {
        free(lines);
        return cli_failf(cli, "%s", _("out of memory"));
    }
    for (i = 0; i < k; i++) {
        char times[24];
        const char *cells[4] = {lines[i].day, lines[i].who, lines[i].what,
                                times};
        snprintf(times, sizeof times, "%ld", lines[i].times);
        table_add(t, cells);
    }
    table_print(t, cli);
    table_free(t);
    free(lines);
    return CLI_OK;
}
