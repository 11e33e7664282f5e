/* An evaluation's outcome (docs/case-file.md), its checks, and when the
 * next evaluation is due: JIM practice evaluates every two months. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"

void kring_outcome_init(kring_outcome *o)
{
    memset(o, 0, sizeof *o);
    o->ended_as_planned = -1;
    o->satisfaction = -1;
}

void kring_outcome_release(kring_outcome *o)
{
    kr_free(o->date);
    kr_free(o->notes);
    kr_free(o->extra);
    kring_outcome_init(o);
}

static kring_status check_word(kring_enum e, const char *field, int v,
                               kring_error *err)
{
    if (v < 0 || v >= kring_enum_count(e))
        return kr_error_set(err, KRING_ERR_INVALID, _("%s must be one of: %s"),
                            field, kring_enum_list(e));
    return KRING_OK;
}

kring_status kr_outcome_check(const kring_outcome *o, const char **field,
                              kring_error *err)
{
#define CHECK(name, call)                                                      \
    do {                                                                       \
        *field = name;                                                         \
        if (call)                                                              \
            return err->code;                                                  \
    } while (0)
    *field = "date";
    if (!kr_date_valid(o->date))
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("date must be a date YYYY-MM-DD"));
    CHECK("placement", check_word(KRING_ENUM_PLACEMENT, "placement",
                                  (int)o->placement, err));
    CHECK("secure_care", check_word(KRING_ENUM_PLACEMENT, "secure_care",
                                    (int)o->secure_care, err));
    CHECK("school",
          check_word(KRING_ENUM_SCHOOL, "school", (int)o->school, err));
    CHECK("goals", check_word(KRING_ENUM_GOALS, "goals", (int)o->goals, err));
    *field = "ended_as_planned";
    if (o->ended_as_planned < -1 || o->ended_as_planned > 1)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("ended_as_planned must be true, false or null"));
    if (o->satisfaction != -1)
        CHECK("satisfaction",
              kr_check_range(KR_FIELD_SATISFACTION, o->satisfaction, err));
    CHECK("notes", kr_check_notes("notes", o->notes ? o->notes : "", err));
    *field = NULL;
    return KRING_OK;
#undef CHECK
}

kring_status kring_outcome_validate(const kring_outcome *o, kring_error *err)
{
    const char *field;

    /* Each message names its field already. */
    return kr_outcome_check(o, &field, err);
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

const char *kring_date_add_months(const char *date, int months, char *buf)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, last;

    if (!kr_date_valid(date) || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return NULL;
    m += months;
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    last = days[m - 1] + (m == 2 && leap(y));
    if (d > last)
        d = last;
    if (y > 9999)
        return NULL;
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
             (unsigned)m % 100u, (unsigned)d % 100u);
    return buf;
}

const char *kring_evaluation_due_from(const char *start, const char *last,
                                      int ended, char *buf)
{
    const char *from = start;

    if (start == NULL || ended)
        return NULL;
    if (last != NULL && strcmp(last, start) > 0)
        from = last;
    return kring_date_add_months(from, KRING_EVALUATION_MONTHS, buf);
}

const char *kring_evaluation_due(const kring_case *c, char *buf)
{
    const char *start = NULL, *last = NULL;
    int ended = 0;
    size_t i;

    for (i = 0; i < c->n_choices; i++)
        if (c->choices[i].status == KRING_CHOICE_ACTIVE &&
            (start == NULL || strcmp(c->choices[i].date, start) < 0))
            start = c->choices[i].date;
    for (i = 0; start != NULL && i < c->n_choices; i++)
        if (c->choices[i].status == KRING_CHOICE_ENDED &&
            strcmp(c->choices[i].date, start) >= 0)
            ended = 1;
    for (i = 0; i < c->n_outcomes; i++) {
        const kring_outcome *o = &c->outcomes[i];
        if (o->ended_as_planned != -1)
            ended = 1;
        if (last == NULL || strcmp(o->date, last) > 0)
            last = o->date;
    }
    return kring_evaluation_due_from(start, last, ended, buf);
}
