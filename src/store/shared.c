/* What the store's front and its backends share (backend.h): who the
 * audit log names (the account, a thread's read command), telling an
 * address from a path, and freeing what the store gives. */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"

/* kring_store_set_read_command(): what this thread's reads are logged as. */
static _Thread_local char read_command[64];

/* The case whose read was logged under READ_COMMAND already. */
static _Thread_local long long read_logged;

/* kring_store_set_read_kind(). */
static _Thread_local kring_read_kind read_kind;

void kring_store_set_read_command(const char *command)
{
    snprintf(read_command, sizeof read_command, "%s",
             command != NULL ? command : "");
    read_logged = 0;
    read_kind = KRING_READ_LOOK;
}

void kring_store_set_read_kind(kring_read_kind kind)
{
    read_kind = kind;
}

const char *kr_read_kind(void)
{
    return read_kind == KRING_READ_EXPORT  ? "export"
           : read_kind == KRING_READ_PRINT ? "print"
                                           : "read";
}

int kr_read_seen(long long key)
{
    if (read_command[0] == '\0')
        return 0;
    if (read_logged == key)
        return 1;
    read_logged = key;
    return 0;
}

const char *kr_read_command(const kring_store *s)
{
    return read_command[0] != '\0' ? read_command : s->command;
}

int kr_is_address(const char *where)
{
    const char *p = where;

    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return 0;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
           (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
        p++;
    return strncmp(p, "://", 3) == 0;
}

char *kring_store_shown(const char *where)
{
    char *out = kr_strdup(where), *p, *end, *at, *colon;

    if (out == NULL || !kr_is_address(out))
        return out;
    /* user:password@host: the password and its colon go. */
    p = strstr(out, "://") + 3;
    end = p + strcspn(p, "/?");
    if ((at = memchr(p, '@', (size_t)(end - p))) != NULL &&
        (colon = memchr(p, ':', (size_t)(at - p))) != NULL)
        memmove(colon, at, strlen(at) + 1);
    /* password=...: the value goes. */
    for (p = out; (p = strstr(p, "password=")) != NULL; p += 9) {
        if (p > out && p[-1] != '?' && p[-1] != '&')
            continue;
        end = p + 9 + strcspn(p + 9, "&");
        memmove(p + 9, end, strlen(end) + 1);
    }
    return out;
}

/* The user's account name, for the audit log. */
char *kr_user_name(void)
{
    struct passwd pw, *found = NULL;
    char buf[1024], id[32];

    if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &found) == 0 && found &&
        found->pw_name && found->pw_name[0])
        return kr_strdup(found->pw_name);
    snprintf(id, sizeof id, "uid %lu", (unsigned long)geteuid());
    return kr_strdup(id);
}

void kring_case_summaries_free(kring_case_summary *list, size_t n)
{
    size_t i;

    for (i = 0; list != NULL && i < n; i++) {
        kr_free(list[i].code);
        kr_free(list[i].name);
    }
    kr_free(list);
}

/* The audit log's words for what happened (kring_audit_entry's event),
 * as shown. */
static const char *const changes[] = {
    N_("case stored"),
    N_("case replaced"),
    N_("case removed"),
    N_("case erased on request"),
    N_("case erased: its time was up"),
    N_("case closed"),
    N_("case reopened"),
    N_("person added"),
    N_("person changed"),
    N_("person removed"),
    N_("tie added"),
    N_("tie removed"),
    N_("snapshot taken"),
    N_("choice recorded"),
    N_("case details changed"),
    N_("case read"),
    N_("cases listed"),
    N_("tie changed"),
    N_("suggestion made"),
    N_("suggestion accepted"),
    N_("suggestion declined"),
    N_("case copied in"),
    N_("team added"),
    N_("account added"),
    N_("account disabled"),
    N_("account's teams changed"),
    N_("case assigned"),
    N_("case opened by break-glass"),
    N_("enrolment started"),
    N_("account enrolled"),
    N_("case refused"),
};

const char *kring_audit_event_word(const char *event)
{
    size_t i;

    for (i = 0; i < sizeof changes / sizeof changes[0]; i++)
        if (strcmp(changes[i], event) == 0)
            return _(changes[i]);
    return event;
}

void kring_audit_free(kring_audit_entry *list, size_t n)
{
    size_t i;

    for (i = 0; list && i < n; i++) {
        kr_free(list[i].user);
        kr_free(list[i].command);
        kr_free(list[i].event);
    }
    kr_free(list);
}

void kring_check_report_release(kring_check_report *r)
{
    size_t i;

    for (i = 0; i < r->n_problems; i++)
        kr_free(r->problems[i]);
    kr_free(r->problems);
    memset(r, 0, sizeof *r);
}

void kr_fold(uint64_t *h, const void *bytes, size_t n)
{
    const unsigned char *b = bytes;
    size_t i;

    for (i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= 1099511628211ULL;
    }
}

kring_status kr_problem(kring_check_report *r, kring_error *err,
                        const char *fmt, ...)
{
    char text[KRING_ERROR_TEXT_MAX], **grown;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    grown = kr_realloc(r->problems, (r->n_problems + 1) * sizeof *grown);
    if (grown == NULL)
        return kr_nomem(err);
    r->problems = grown;
    if ((grown[r->n_problems] = kr_strdup(text)) == NULL)
        return kr_nomem(err);
    r->n_problems++;
    return KRING_OK;
}

kring_status kr_check_cases(kring_store *s, const kring_case_summary *cases,
                            size_t n, kr_load_fn load, kring_check_report *r,
                            kring_error *err)
{
    kring_status rc = KRING_OK;
    size_t i;

    for (i = 0; i < n && rc == KRING_OK; i++) {
        kring_case *c = NULL;
        kring_error e;
        if (load(s, cases[i].code, &c, &e) != KRING_OK) {
            if (e.code == KRING_ERR_NOMEM)
                rc = kr_nomem(err);
            else
                rc = kr_problem(r, err, _("case '%s' cannot be read: %s"),
                                cases[i].code, e.text);
            continue;
        }
        r->cases++;
        r->people += c->n_people;
        r->ties += c->n_ties;
        if (kring_case_validate(c, &e) != KRING_OK)
            rc = kr_problem(r, err, _("case '%s' breaks a rule: %s"),
                            cases[i].code, e.text);
        kring_case_free(c);
    }
    return rc;
}

/* The accounts' roles (include/kring/org.h), for the front and the
 * backends. */
static const char *const role_names[KRING_ACCOUNT_ROLES] = {
    "professional", "team_lead", "privacy_officer", "admin"};

const char *kring_account_role_name(kring_account_role r)
{
    return (unsigned)r < KRING_ACCOUNT_ROLES ? role_names[r] : NULL;
}

int kring_account_role_parse(const char *text, kring_account_role *r)
{
    int i;

    for (i = 0; i < KRING_ACCOUNT_ROLES; i++)
        if (text != NULL && strcmp(text, role_names[i]) == 0) {
            *r = (kring_account_role)i;
            return 0;
        }
    return -1;
}

void kring_team_free(kring_team *list, size_t n)
{
    size_t i;

    for (i = 0; list != NULL && i < n; i++)
        kr_free(list[i].name);
    kr_free(list);
}

void kring_closed_free(kring_closed *list, size_t n)
{
    size_t i;

    for (i = 0; list != NULL && i < n; i++)
        kr_free(list[i].code);
    kr_free(list);
}

void kring_user_free(kring_user *list, size_t n)
{
    size_t i;

    for (i = 0; list != NULL && i < n; i++) {
        kr_free(list[i].login);
        kr_free(list[i].name);
        kr_free(list[i].teams);
    }
    kr_free(list);
}

void kring_glass_free(kring_glass *list, size_t n)
{
    size_t i;

    for (i = 0; list != NULL && i < n; i++) {
        kr_free(list[i].login);
        kr_free(list[i].reason);
    }
    kr_free(list);
}

/* --- the organisation's report's facts, as columns ------------------------ */

long long kr_facts_value(const kring_case_facts *f, int i)
{
    const kring_net_facts *n = i >= 8 ? &f->before : &f->now;

    switch (i) {
    case 1:
        return f->stage;
    case 2:
        return f->days_to_mentor;
    case 3:
    case 8:
        return i == 8 && !f->has_before ? -1 : n->people;
    case 4:
    case 9:
        return i == 9 && !f->has_before ? -1 : n->supportive;
    case 5:
    case 10:
        return i == 10 && !f->has_before ? -1 : n->inner;
    case 6:
    case 11:
        return i == 11 && !f->has_before ? -1 : n->sectors;
    case 7:
    case 12:
        return i == 12 && !f->has_before ? -1 : n->zrm;
    case 13:
        return f->has_outcome;
    case 14:
        return f->placement;
    case 15:
        return f->secure_care;
    case 16:
        return f->school;
    case 17:
        return f->goals;
    case 18:
        return f->ended_as_planned;
    case 19:
        return f->satisfaction;
    default:
        return -1;
    }
}

void kr_facts_set(kring_case_facts *f, int i, long long v)
{
    kring_net_facts *n = i >= 8 ? &f->before : &f->now;
    int x = (int)v;

    switch (i) {
    case 1:
        f->stage = (kring_stage)x;
        break;
    case 2:
        f->days_to_mentor = x;
        break;
    case 3:
    case 8:
        f->has_before |= i == 8 && v >= 0;
        n->people = x;
        break;
    case 4:
    case 9:
        n->supportive = x;
        break;
    case 5:
    case 10:
        n->inner = x;
        break;
    case 6:
    case 11:
        n->sectors = x;
        break;
    case 7:
    case 12:
        n->zrm = x;
        break;
    case 13:
        f->has_outcome = x;
        break;
    case 14:
        f->placement = (kring_placement)x;
        break;
    case 15:
        f->secure_care = (kring_placement)x;
        break;
    case 16:
        f->school = (kring_school)x;
        break;
    case 17:
        f->goals = (kring_goals)x;
        break;
    case 18:
        f->ended_as_planned = x;
        break;
    case 19:
        f->satisfaction = x;
        break;
    default:
        break;
    }
}
