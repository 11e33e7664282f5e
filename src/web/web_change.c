/* kring serve: the forms, and the changes they make. A form is decoded
 * here (application/x-www-form-urlencoded); its values become the options
 * of the command line's own command, run in process (web_command()), so
 * that a change from the browser is checked, made and refused as on the
 * command line (docs/web.md). */
#define _GNU_SOURCE /* vasprintf */
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define _(s) dgettext("kring", s)

/* --- forms ------------------------------------------------------------ */

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes N bytes of S ('+' a space, %XX a byte) into a new string; NULL
 * for a bad escape or a NUL. */
static char *decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    size_t i;

    if (out == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < n ? hex_digit(s[i + 1]) : -1;
            int lo = i + 2 < n ? hex_digit(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                free(out);
                return NULL;
            }
            c = hi * 16 + lo;
            i += 2;
        } else if (c == '\0') {
            free(out);
            return NULL;
        }
        *o++ = (char)c;
    }
    *o = '\0';
    return out;
}

int form_parse(struct form *f, const char *body, size_t len)
{
    const char *at = body, *end = body + len;

    memset(f, 0, sizeof *f);
    while (at < end) {
        const char *amp = memchr(at, '&', (size_t)(end - at));
        const char *stop = amp != NULL ? amp : end;
        const char *eq = memchr(at, '=', (size_t)(stop - at));
        if (stop > at) {
            if (f->n == FORM_MAX)
                goto bad;
            f->key[f->n] = decode(at, (size_t)((eq != NULL ? eq : stop) - at));
            f->value[f->n] = eq != NULL
                                 ? decode(eq + 1, (size_t)(stop - eq - 1))
                                 : decode("", 0);
            f->n++;
            if (f->key[f->n - 1] == NULL || f->value[f->n - 1] == NULL)
                goto bad;
        }
        at = stop + 1;
    }
    return 0;
bad:
    form_release(f);
    return -1;
}

void form_release(struct form *f)
{
    int i;

    for (i = 0; i < f->n; i++) {
        free(f->key[i]);
        free(f->value[i]);
    }
    memset(f, 0, sizeof *f);
}

const char *form_get(const struct form *f, const char *key)
{
    int i;

    for (i = 0; f != NULL && i < f->n; i++)
        if (strcmp(f->key[i], key) == 0)
            return f->value[i];
    return NULL;
}

void form_join(const struct form *f, const char *key, char *buf, size_t cap)
{
    size_t len = 0;
    int i;

    buf[0] = '\0';
    for (i = 0; f != NULL && i < f->n; i++) {
        if (strcmp(f->key[i], key) != 0)
            continue;
        len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0, "%s%s",
                                len ? "," : "", f->value[i]);
        if (len >= cap) {
            buf[cap - 1] = '\0';
            return;
        }
    }
}

/* --- changes ------------------------------------------------------------ */

/* Arguments built for a command: copies, freed together. */
struct args {
    int n;
    char *v[72];
};

static void arg(struct args *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void arg(struct args *a, const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;

    if (a->n >= 71)
        return;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (s != NULL)
        a->v[a->n++] = s;
    a->v[a->n] = NULL;
}

static void args_release(struct args *a)
{
    int i;

    for (i = 0; i < a->n; i++)
        free(a->v[i]);
    a->n = 0;
}

/* The person form's fields as options of person add (ADD) or set. */
static void person_options(struct args *a, const struct form *f, int add)
{
    static const char *const text[] = {
        "role",      "ring",        "sector",         "age",
        "contact",   "known-years", "hours-per-week", "travel-minutes",
        "reachable", "quality",     "status",         "willing"};
    static const char *const clearable[] = {"age",
                                            "contact",
                                            "known-years",
                                            "hours-per-week",
                                            "travel-minutes",
                                            "reachable"};
    static const char *const flags[] = {"formal", "concern", "frightens",
                                        "nominated", "lives-with-child"};
    char support[256];
    const char *v;
    size_t i, k;

    for (i = 0; i < sizeof text / sizeof text[0]; i++) {
        int clear = 0;
        if ((v = form_get(f, text[i])) == NULL)
            continue;
        for (k = 0; k < sizeof clearable / sizeof clearable[0]; k++)
            clear |= strcmp(text[i], clearable[k]) == 0;
        if (v[0] != '\0' || (clear && !add))
            arg(a, "--%s=%s", text[i], v);
    }
    if (form_get(f, "fields") != NULL) { /* the checkboxes were shown */
        form_join(f, "support", support, sizeof support);
        if (support[0] != '\0' || !add)
            arg(a, "--support=%s", support);
        for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
            arg(a, "--%s=%s", flags[i],
                form_get(f, flags[i]) != NULL ? "yes" : "no");
    }
    if ((v = form_get(f, "adult")) != NULL && (v[0] != '\0' || !add))
        arg(a, "--adult=%s", v);
    if ((v = form_get(f, "notes")) != NULL && (v[0] != '\0' || !add))
        arg(a, "--notes=%s", v);
    if ((v = form_get(f, "youth-note")) != NULL && (v[0] != '\0' || !add))
        arg(a, "--youth-note=%s", v);
}

/* Runs A, an edit of a person read at VERSION (NULL: no check; *CONFLICT
 * says the person has changed since); on success NULL, else the first
 * line of kring's message (caller frees). */
static char *run_if(struct web *w, struct args *a, const char *version,
                    int *conflict)
{
    char *out, *err, *msg = NULL;
    int status = web_command_if(w, version, 0, (const char *const *)a->v, &out,
                                &err, conflict);

    if (status != CLI_OK) {
        const char *text = strncmp(err, "kring: ", 7) == 0 ? err + 7 : err;
        msg = strndup(text, strcspn(text, "\n"));
        if (msg == NULL)
            msg = strdup("out of memory");
    }
    free(out);
    free(err);
    return msg;
}

/* Runs A; on success NULL, else the first line of kring's message
 * (caller frees). */
static char *run(struct web *w, struct args *a)
{
    return run_if(w, a, NULL, NULL);
}

/* The id of the person of case CODE whose number (in the address) is
 * NUMBER, into ID; with YOUTH, also why the young person cannot nominate
 * them (*WHY), or that they are not on the young person's map. 0 found,
 * -1 not: nobody has the number, or the form's id (the person the page
 * showed) is someone else's. */
static int person_of(struct web *w, const char *code, const char *number,
                     const struct form *f, char *id, size_t cap, int youth,
                     const char **why)
{
    kring_store *s = NULL;
    kring_case *c = NULL;
    kring_error err;
    long *numbers = NULL, at = -1;
    const char *sent = form_get(f, "id");

    if (web_store(w, &s, &err) == KRING_OK &&
        kring_store_load_network(s, code, &c, &err) == KRING_OK &&
        (numbers = web_numbers(s, c)) != NULL)
        at = web_person_at(c, numbers, number);
    if (at >= 0 && sent != NULL && strcmp(sent, c->people[at].id) != 0)
        at = -1;
    /* Whom the young person fears is not in their view: not to be
     * nominated from it either. */
    if (at >= 0 && youth && c->people[at].frightens)
        at = -1;
    if (at >= 0) {
        snprintf(id, cap, "%s", c->people[at].id);
        if (youth)
            *why = youth_cannot_ask(c, &c->people[at]);
    }
    free(numbers);
    kring_case_free(c);
    kring_store_close(s);
    return at >= 0 ? 0 : -1;
}

/* A change to a case: CODE and ID are checked by the router; the form by
 * the command. */
void web_change(struct web *w, struct kh_response *res, char **part, int n,
                const struct form *f)
{
    struct args a = {0};
    const char *code = n >= 2 ? part[1] : NULL, *v, *why = NULL;
    char *msg = NULL, back[300], id[256];

    if (n == 1) { /* POST /case: a new case */
        arg(&a, "case");
        arg(&a, "new");
        arg(&a, "--name=%s", (v = form_get(f, "name")) ? v : "");
        if ((v = form_get(f, "birth-year")) != NULL && v[0] != '\0')
            arg(&a, "--birth-year=%s", v);
        arg(&a, "--");
        arg(&a, "%s", (v = form_get(f, "code")) ? v : "");
        if ((msg = run(w, &a)) != NULL)
            page_cases(w, res, msg, f);
        else {
            snprintf(back, sizeof back, "/case/%s", form_get(f, "code"));
            web_redirect(res, back);
        }
    } else if (n == 3 && strcmp(part[2], "person") == 0) {
        arg(&a, "person");
        arg(&a, "add");
        person_options(&a, f, 1);
        arg(&a, "--");
        arg(&a, "%s", code);
        arg(&a, "%s", (v = form_get(f, "name")) ? v : "");
        if ((msg = run(w, &a)) != NULL)
            page_case(w, res, code, msg, f);
        else {
            snprintf(back, sizeof back, "/case/%s#people", code);
            web_redirect(res, back);
        }
    } else if ((n == 4 || (n == 5 && strcmp(part[4], "remove") == 0)) &&
               strcmp(part[2], "person") == 0 &&
               person_of(w, code, part[3], f, id, sizeof id, 0, &why) < 0) {
        page_problem(w, res, 404, _("There is no such person in this case."));
    } else if (n == 4 && strcmp(part[2], "person") == 0) {
        arg(&a, "person");
        arg(&a, "set");
        person_options(&a, f, 0);
        if ((v = form_get(f, "name")) != NULL)
            arg(&a, "--name=%s", v);
        arg(&a, "--");
        arg(&a, "%s", code);
        arg(&a, "%s", id);
        /* Refused if the person changed since the form was read: the page
         * then shows both (409). */
        if ((msg = run_if(w, &a, form_get(f, "version"), NULL)) != NULL)
            page_person(w, res, code, part[3], msg, f);
        else {
            snprintf(back, sizeof back, "/case/%s#people", code);
            web_redirect(res, back);
        }
    } else if (n == 5 && strcmp(part[2], "person") == 0 &&
               strcmp(part[4], "remove") == 0) {
        int conflict = 0;
        arg(&a, "person");
        arg(&a, "rm");
        arg(&a, "--");
        arg(&a, "%s", code);
        arg(&a, "%s", id);
        if ((msg = run_if(w, &a, form_get(f, "version"), &conflict)) != NULL &&
            conflict)
            page_problem(w, res, 409, msg);
        else if (msg != NULL)
            page_person(w, res, code, part[3], msg, NULL);
        else {
            snprintf(back, sizeof back, "/case/%s#people", code);
            web_redirect(res, back);
        }
    } else if ((n == 3 || n == 4) && strcmp(part[2], "tie") == 0 &&
               (n == 3 || strcmp(part[3], "remove") == 0)) {
        arg(&a, "tie");
        arg(&a, n == 3 ? "add" : "rm");
        if (n == 3 && (v = form_get(f, "strength")) != NULL && v[0])
            arg(&a, "--strength=%s", v);
        if (n == 3 && (v = form_get(f, "quality")) != NULL && v[0])
            arg(&a, "--quality=%s", v);
        arg(&a, "--");
        arg(&a, "%s", code);
        arg(&a, "%s", (v = form_get(f, "a")) ? v : "");
        arg(&a, "%s", (v = form_get(f, "b")) ? v : "");
        if ((msg = run(w, &a)) != NULL)
            page_case(w, res, code, msg, n == 3 ? f : NULL);
        else {
            snprintf(back, sizeof back, "/case/%s#ties", code);
            web_redirect(res, back);
        }
    } else if (n == 5 && strcmp(part[2], "youth") == 0 &&
               strcmp(part[4], "ask") == 0 &&
               person_of(w, code, part[3], f, id, sizeof id, 1, &why) < 0) {
        page_youth_problem(w, res, 404, code,
                           _("There is no such person in this case."));
    } else if (n == 5 && strcmp(part[2], "youth") == 0 &&
               strcmp(part[4], "ask") == 0 && why != NULL &&
               !((v = form_get(f, "ask")) != NULL && strcmp(v, "no") == 0)) {
        /* Someone who cannot be asked: said why, nothing stored. */
        page_youth(w, res, code, part[3], why);
    } else if (n == 5 && strcmp(part[2], "youth") == 0 &&
               strcmp(part[4], "ask") == 0) {
        /* The young person's wish: their nomination. */
        v = form_get(f, "ask");
        arg(&a, "person");
        arg(&a, "set");
        arg(&a, "--nominated=%s",
            v != NULL && strcmp(v, "no") == 0 ? "no" : "yes");
        arg(&a, "--");
        arg(&a, "%s", code);
        arg(&a, "%s", id);
        if ((msg = run(w, &a)) != NULL)
            page_youth(w, res, code, part[3], msg);
        else {
            snprintf(back, sizeof back, "/case/%s/youth?person=%s", code,
                     part[3]);
            web_redirect(res, back);
        }
    } else if (n == 3 && strcmp(part[2], "choose") == 0) {
        arg(&a, "choose");
        if ((v = form_get(f, "status")) != NULL && v[0])
            arg(&a, "--status=%s", v);
        if ((v = form_get(f, "date")) != NULL && v[0])
            arg(&a, "--date=%s", v);
        if ((v = form_get(f, "note")) != NULL && v[0])
            arg(&a, "--note=%s", v);
        if (form_get(f, "force") != NULL)
            arg(&a, "--force");
        arg(&a, "--");
        arg(&a, "%s", code);
        arg(&a, "%s", (v = form_get(f, "person")) ? v : "");
        if ((msg = run(w, &a)) != NULL)
            page_team(w, res, code, msg, f);
        else {
            snprintf(back, sizeof back, "/case/%s/team#choice", code);
            web_redirect(res, back);
        }
    } else {
        page_problem(w, res, 404, _("There is no such page."));
    }
    free(msg);
    args_release(&a);
}
