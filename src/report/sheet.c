/* kring sheet: the team's meeting handout (include/kring/sheet.h,
 * docs/sheet.md). The map in the print theme at the largest size that
 * fits the first page, drawn only when every name is then at least 8 pt:
 * else the outer circle (then the middle one) is left out of the drawing
 * and listed by part of life. Then the words a professional reads aloud:
 * the candidates and their reasons, who is not one and why, the points to
 * discuss, where the choice stands. The PDF is drawn by the module
 * (src/map/sheet_pdf.c). */
#include <libintl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "kring/exchange.h"
#include "kring/map.h"
#include "kring/sheet.h"

struct lines {
    kring_sheet_line *l;
    size_t n, cap;
    int failed;
};

static void add(struct lines *s, kring_sheet_style style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(struct lines *s, kring_sheet_style style, const char *fmt, ...)
{
    va_list ap;
    char *text;
    int n;

    if (s->failed)
        return;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (text = kr_malloc((size_t)n + 1)) == NULL) {
        s->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        kring_sheet_line *l = kr_realloc(s->l, cap * sizeof *l);
        if (l == NULL) {
            kr_free(text);
            s->failed = 1;
            return;
        }
        s->l = l;
        s->cap = cap;
    }
    s->l[s->n].style = style;
    s->l[s->n++].text = text;
}

static void lines_free(struct lines *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        kr_free((char *)s->l[i].text);
    kr_free(s->l);
}

/* An enumeration's word with spaces for '_' ("avond en weekend"). */
static const char *word(kring_enum e, int value, char *buf, size_t cap)
{
    const char *w = kring_enum_word(e, value);
    char *p;

    snprintf(buf, cap, "%s", w ? w : "");
    for (p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
    return buf;
}

bool kring_sheet_by_valid(const char *s)
{
    const unsigned char *p;

    if (s == NULL || !s[0] || !kring_text_valid(s, KRING_SHEET_BY_MAX))
        return false;
    for (p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

void kring_sheet_options_init(kring_sheet_options *o)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    struct passwd pw, *found = NULL;
    char buf[4096], gecos[KRING_SHEET_BY_MAX + 1];
    time_t now = time(NULL);
    struct tm tm;

    memset(o, 0, sizeof *o);
    /* Today where kring runs (a meeting's day), or $SOURCE_DATE_EPOCH's
     * in UTC, as the maps take it. */
    if (epoch != NULL && *epoch) {
        kring_map_options m;
        kring_map_options_init(&m, KRING_THEME_PRINT);
        memcpy(o->date, m.date, sizeof o->date);
    } else if (localtime_r(&now, &tm) != NULL)
        strftime(o->date, sizeof o->date, "%Y-%m-%d", &tm);
    if (!kring_date_valid(o->date))
        snprintf(o->date, sizeof o->date, "%s", "2000-01-01");
    /* The account's full name (the GECOS field's first part), else its
     * login; neither when it is no name kring can print. */
    if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &found) != 0 || !found)
        return;
    if (found->pw_gecos != NULL &&
        strcspn(found->pw_gecos, ",") <= KRING_SHEET_BY_MAX) {
        snprintf(gecos, sizeof gecos, "%.*s",
                 (int)strcspn(found->pw_gecos, ","), found->pw_gecos);
        if (kring_sheet_by_valid(gecos)) {
            snprintf(o->by, sizeof o->by, "%s", gecos);
            return;
        }
    }
    if (kring_sheet_by_valid(found->pw_name))
        snprintf(o->by, sizeof o->by, "%s", found->pw_name);
}

/* The people of rings past RINGS, by part of life, as the map leaves them
 * out. */
static void listed(struct lines *s, const kring_case *shown, int rings,
                   bool anonymized)
{
    int r, sec;
    size_t i;

    for (r = rings + 1; r <= 3; r++) {
        int any = 0;
        for (i = 0; i < shown->n_people && !any; i++)
            any = shown->people[i].ring == r;
        if (!any)
            continue;
        add(s, KRING_SHEET_HEADING, _("Circle %d, %s: listed, not drawn"), r,
            kring_ring_word(r));
        for (sec = 0; sec < KRING_SECTOR_COUNT; sec++) {
            struct kr_text t = {0};
            for (i = 0; i < shown->n_people; i++) {
                const kring_person *p = &shown->people[i];
                if (p->ring != r || (int)p->sector != sec)
                    continue;
                /* Anonymized, the name says the role already. */
                if (anonymized)
                    kr_add(&t, "%s%s", t.len ? ", " : "", p->name);
                else
                    kr_add(&t, "%s%s (%s)", t.len ? ", " : "", p->name,
                           kring_role_word(p->role));
            }
            if (t.len)
                add(s, KRING_SHEET_TEXT, "%s: %s",
                    kring_sector_word((kring_sector)sec), t.s);
            s->failed |= t.failed;
            kr_free(t.s);
        }
    }
}

/* The reasons of candidate K, run into one paragraph. */
static void reasons(struct lines *s, const kring_case *shown,
                    const kring_candidate *k0)
{
    struct kr_text t = {0};
    char buf[512];
    int r, k;

    for (r = 0; r < k0->n_reasons; r++)
        kr_add(&t, "%s%s", t.len ? " \u00b7 " : "",
               kring_reason_text(shown, k0, (kring_reason)k0->reason[r], buf,
                                 sizeof buf));
    if (t.len)
        add(s, KRING_SHEET_SUBITEM, "%s", t.s);
    s->failed |= t.failed;
    kr_free(t.s);
    for (k = 0; k < KRING_WARN_COUNT; k++)
        if ((k0->warnings >> k) & 1u)
            add(s, KRING_SHEET_SUBITEM, "! %s",
                kring_warning_text(shown, k0, (kring_warning)k, buf,
                                   sizeof buf));
}

/* Who is not a candidate, and why: each with their reasons; SHORT 1: run
 * into one paragraph; SHORT 2 and 3: grouped by why, each reason once
 * with the names after it (the minimum age said once for all under it). */
static void excluded(struct lines *s, const kring_case *shown,
                     const kring_scores *sc, const kring_weights *w, int short_)
{
    char buf[512];
    struct kr_text out = {0};
    size_t i;
    int k;

    if (sc->n_excluded > 0)
        add(s, KRING_SHEET_HEADING, "%s", _("Not a candidate, and why"));
    for (k = 0; short_ >= 2 && k < KRING_EXCL_COUNT; k++) {
        struct kr_text t = {0};
        const kring_candidate *one = NULL;
        size_t n = 0;
        for (i = 0; i < sc->n_excluded; i++) {
            const kring_candidate *k0 = &sc->excluded[i];
            const kring_person *p = &shown->people[k0->person];
            if (!((k0->exclusions >> k) & 1u))
                continue;
            one = k0;
            n++;
            kr_add(&t, "%s%s%s", t.len ? ", " : "", p->name,
                   p->nominated ? " \u2605" : "");
        }
        if (one != NULL) {
            int min_age = w ? w->minimum_age : KRING_ADULT_AGE;
            if (k == KRING_EXCL_MINOR)
                add(s, KRING_SHEET_TEXT,
                    _("Under %d, or not known to be %d or older: a mentor is "
                      "at least %d."),
                    min_age, min_age, min_age);
            else if (k == KRING_EXCL_UNSAFE && n > 1)
                add(s, KRING_SHEET_TEXT,
                    _("%s says these people frighten them."), shown->name);
            else
                add(s, KRING_SHEET_TEXT, "%s",
                    kring_exclusion_text(shown, one, (kring_exclusion)k, w, buf,
                                         sizeof buf));
            add(s, KRING_SHEET_SUBITEM, "%s", t.s ? t.s : "");
        }
        s->failed |= t.failed;
        kr_free(t.s);
    }
    for (i = 0; short_ < 2 && i < sc->n_excluded; i++) {
        const kring_candidate *k0 = &sc->excluded[i];
        const kring_person *p = &shown->people[k0->person];
        struct kr_text t = {0};
        for (k = 0; k < KRING_EXCL_COUNT; k++)
            if ((k0->exclusions >> k) & 1u)
                kr_add(&t, "%s%s", t.len ? " " : "",
                       kring_exclusion_text(shown, k0, (kring_exclusion)k, w,
                                            buf, sizeof buf));
        if (short_)
            kr_add(&out, "%s%s%s: %s", out.len ? " \u00b7 " : "", p->name,
                   p->nominated ? " \u2605" : "", t.s ? t.s : "");
        else
            add(s, KRING_SHEET_TEXT, "%s%s: %s", p->name,
                p->nominated ? " \u2605" : "", t.s ? t.s : "");
        s->failed |= t.failed;
        kr_free(t.s);
    }
    if (out.len)
        add(s, KRING_SHEET_TEXT, "%s", out.s);
    s->failed |= out.failed;
    kr_free(out.s);
}

/* The candidates, each with rank, score, its parts and reasons; SHORT (1
 * or 2): only the first five and whom the young person named so, the
 * others by rank, name and score in one paragraph (a network too large
 * for two pages); SHORT 3: only the first five so. Then who is not a
 * candidate. */
static void candidates(struct lines *s, const kring_case *shown,
                       const kring_scores *sc, const kring_weights *w,
                       int short_)
{
    char n1[32], n2[32], n3[32], n4[32];
    struct kr_text more = {0};
    size_t i;

    add(s, KRING_SHEET_HEADING, "%s", _("Who could be the mentor"));
    add(s, KRING_SHEET_TEXT, "%s",
        _("A suggestion for the conversation: the young person chooses."));
    if (sc->n_ranked == 0)
        add(s, KRING_SHEET_TEXT, "%s", _("Nobody could be a mentor now."));
    for (i = 0; i < sc->n_ranked; i++) {
        const kring_candidate *k0 = &sc->ranked[i];
        const kring_person *p = &shown->people[k0->person];
        kring_number_format(n1, sizeof n1, k0->score, 2);
        if ((short_ && !kring_candidate_shown(5, shown, k0, i)) ||
            (short_ == 3 && i >= 5)) {
            kr_add(&more, "%s%d. %s%s (%s)", more.len ? " \u00b7 " : "",
                   k0->rank, p->name, p->nominated ? " \u2605" : "", n1);
            continue;
        }
        add(s, KRING_SHEET_ITEM,
            _("%d. %s%s \u2014 %s (closeness %s \u00b7 availability %s "
              "\u00b7 embeddedness %s)"),
            k0->rank, p->name, p->nominated ? " \u2605" : "", n1,
            kring_number_format(n2, sizeof n2, k0->closeness, 2),
            kring_number_format(n3, sizeof n3, k0->availability, 2),
            kring_number_format(n4, sizeof n4, k0->embeddedness, 2));
        reasons(s, shown, k0);
    }
    if (more.len)
        add(s, KRING_SHEET_TEXT,
            _("Further candidates (their reasons are "
              "in kring score): %s"),
            more.s);
    s->failed |= more.failed;
    kr_free(more.s);
    excluded(s, shown, sc, w, short_);
}

static void points(struct lines *s, const kring_indicators *in)
{
    int k;

    add(s, KRING_SHEET_HEADING, "%s", _("Points to discuss"));
    add(s, KRING_SHEET_TEXT,
        _("People: %zu \u00b7 supportive informal adults: %zu \u00b7 "
          "candidates: %zu \u00b7 professionals: %zu"),
        in->size, in->supportive_informal_adults, in->candidates, in->formal);
    add(s, KRING_SHEET_TEXT, _("ZRM level: %s"), kring_zrm_text(in->zrm_level));
    for (k = 0; k < KRING_FLAG_COUNT; k++)
        if ((in->flags >> k) & 1u)
            add(s, KRING_SHEET_ITEM, "! %s", kring_flag_text((kring_flag)k));
    if (in->flags == 0)
        add(s, KRING_SHEET_TEXT, "%s", _("No red flags in the network."));
}

static void choice(struct lines *s, const kring_case *shown)
{
    const kring_choice *last;
    char step[64];
    long at;
    size_t i;

    add(s, KRING_SHEET_HEADING, "%s", _("The mentor choice"));
    if (shown->n_choices == 0) {
        add(s, KRING_SHEET_TEXT, "%s", _("No step has been recorded yet."));
        return;
    }
    /* Where it stands: the last step, and since when. */
    last = &shown->choices[shown->n_choices - 1];
    at = kring_case_find_id(shown, last->person);
    add(s, KRING_SHEET_TEXT, _("Where it stands: %s, %s, since %s."),
        at >= 0 ? shown->people[at].name : last->person,
        word(KRING_ENUM_CHOICE_STATUS, last->status, step, sizeof step),
        last->date);
    for (i = 0; i < shown->n_choices; i++) {
        const kring_choice *ch = &shown->choices[i];
        at = kring_case_find_id(shown, ch->person);
        add(s, KRING_SHEET_TEXT, "%s: %s \u2014 %s%s%s", ch->date,
            at >= 0 ? shown->people[at].name : ch->person,
            word(KRING_ENUM_CHOICE_STATUS, ch->status, step, sizeof step),
            ch->note[0] ? ". " : "", ch->note);
    }
}

/* The sheet's words after the map (SHORT: the short lists, 1 to 3). */
static void compose(struct lines *s, const kring_case *shown,
                    const kring_scores *sc, const kring_indicators *in,
                    const kring_weights *w, int rings, int short_,
                    bool anonymized)
{
    if (rings == 0)
        add(s, KRING_SHEET_TEXT, "%s",
            _("The map is too large to print with every name readable: "
              "everyone is listed by circle and part of life."));
    else if (rings < 3)
        add(s, KRING_SHEET_TEXT, "%s",
            rings == 2 ? _("To keep every name readable, the outer circle is "
                           "not drawn: its people are listed below.")
                       : _("To keep every name readable, the middle and "
                           "outer circles are not drawn: their people are "
                           "listed below."));
    listed(s, shown, rings, anonymized);
    candidates(s, shown, sc, w, short_);
    points(s, in);
    choice(s, shown);
}

/* The map of C (scored SC, as on the sheet) that fits the first page with
 * every name at least 8 pt: all of it, or without the outer circle, or
 * without the middle one too; none (NULL) when not even the inner circle
 * fits. */
static kring_status fitting_map(const kring_case *c, const kring_scores *sc,
                                const kring_sheet_options *o,
                                kring_sheet_doc *doc, int *rings,
                                kring_error *err)
{
    kring_map_options m;
    kring_map *map = NULL;
    double size[2], scale;
    kring_status rc;
    kring_map_graph graph = {NULL, 0};

    kring_map_options_init(&m, KRING_THEME_PRINT);
    memcpy(m.date, o->date, sizeof m.date);
    m.anonymize = o->anonymize;
    m.weights = o->weights;
    m.sheet = true;
    for (*rings = 3; *rings >= 1; (*rings)--) {
        size_t i, further = 0;
        /* A map that leaves out nobody more than the one before is no
         * other map. */
        for (i = 0; i < c->n_people; i++)
            further += c->people[i].ring > *rings;
        if (*rings < 3 && further == 0)
            continue;
        for (i = 0; *rings < 2 && i < c->n_people; i++)
            further -= c->people[i].ring > 2;
        if (*rings == 1 && further == 0)
            continue;
        m.rings = *rings == 3 ? 0 : *rings;
        rc = kring_map_layout(c, sc, &m, &map, err);
        if (rc == KRING_OK)
            rc = kring_map_graph_of(c, map, NULL, &m, &graph, size, err);
        kring_map_free(map);
        map = NULL;
        if (rc)
            return rc;
        scale = KRING_SHEET_MAP_W / size[0];
        if (KRING_SHEET_MAP_H / size[1] < scale)
            scale = KRING_SHEET_MAP_H / size[1];
        if (scale > 1)
            scale = 1;
        if (kring_map_name_size(KRING_THEME_PRINT) * scale >=
            KRING_SHEET_NAME_MIN) {
            doc->map = graph;
            doc->map_w = size[0];
            doc->map_h = size[1];
            doc->map_scale = scale;
            return KRING_OK;
        }
        kring_map_graph_release(&graph);
    }
    *rings = 0;
    return KRING_OK;
}

kring_status kring_sheet_map_dot(const kring_case *c,
                                 const kring_sheet_options *o, char **out,
                                 int *rings, kring_error *err)
{
    kring_sheet_doc doc;
    kring_scores sc;
    kring_weights wd;
    kring_status rc;

    memset(&doc, 0, sizeof doc);
    *out = NULL;
    if (o->weights == NULL && (rc = kring_weights_default(&wd, err)))
        return rc;
    if ((rc = kring_score_case(c, o->weights ? o->weights : &wd, &sc, err)))
        return rc;
    rc = fitting_map(c, &sc, o, &doc, rings, err);
    kring_scores_release(&sc);
    if (rc)
        return rc;
    if (doc.map.bytes != NULL) {
        rc = kring_map_graph_dot(&doc.map, out, err);
        kring_map_graph_release(&doc.map);
    }
    return rc;
}

kring_status kring_sheet_pdf(kring_renderer *r, const kring_case *c,
                             const kring_sheet_options *o, char **out,
                             size_t *len, kring_error *err)
{
    kring_sheet_doc doc;
    kring_scores sc;
    kring_indicators in;
    kring_weights wd;
    const kring_weights *w = o->weights;
    kring_case *anon = NULL;
    const kring_case *shown = c;
    struct lines s = {0};
    char title[320], sub[400], foot[200];
    kring_status rc;
    int rings, short_, pages = 0;

    *out = NULL;
    *len = 0;
    memset(&doc, 0, sizeof doc);
    memset(&sc, 0, sizeof sc);
    if (w == NULL) {
        if ((rc = kring_weights_default(&wd, err)))
            return rc;
        w = &wd;
    }
    /* Anonymized, the words come from a copy with no name in it, the
     * people in the same order; the scores from the case itself, so that
     * the ranks are the map's. */
    if (o->anonymize && (rc = kring_case_anonymize(c, &anon, err)))
        return rc;
    if (anon != NULL)
        shown = anon;
    if ((rc = kring_score_case(c, w, &sc, err)) ||
        (rc = kring_indicators_compute(c, w, &in, err)) ||
        (rc = fitting_map(c, &sc, o, &doc, &rings, err)))
        goto out;
    snprintf(title, sizeof title, _("Meeting sheet: the network of %s"),
             shown->name);
    if (o->by[0] != '\0' && !o->anonymize)
        snprintf(sub, sizeof sub,
                 _("Case %s \u00b7 meeting of %s \u00b7 prepared by %s"),
                 shown->code, o->date, o->by);
    else
        snprintf(sub, sizeof sub, _("Case %s \u00b7 meeting of %s"),
                 shown->code, o->date);
    snprintf(foot, sizeof foot, "kring \u00b7 %s \u00b7 %s", shown->code,
             o->date);
    doc.title = title;
    doc.subtitle = sub;
    doc.foot = foot;
    doc.page_of = _("page %d of %d");
    doc.date = o->date;
    /* Everything, if it takes two pages at most; else the short lists;
     * else those with who is not a candidate grouped by why; else the
     * reasons of the first five only (docs/sheet.md). */
    for (short_ = 0; short_ < 4; short_++) {
        lines_free(&s);
        memset(&s, 0, sizeof s);
        compose(&s, shown, &sc, &in, w, rings, short_, o->anonymize);
        if (s.failed) {
            rc = kr_nomem(err);
            goto out;
        }
        doc.lines = s.l;
        doc.n_lines = s.n;
        if (short_ < 3 &&
            (rc = kring_render_sheet(r, &doc, NULL, NULL, &pages, err)))
            goto out;
        if (short_ == 3 || pages <= 2)
            break;
    }
    rc = kring_render_sheet(r, &doc, out, len, NULL, err);
out:
    lines_free(&s);
    kring_map_graph_release(&doc.map);
    kring_scores_release(&sc);
    kring_case_free(anon);
    return rc;
}
