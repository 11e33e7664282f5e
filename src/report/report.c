/* The JSON outputs of kring's analyses (include/kring/report.h): the same
 * bytes for the command line's --json and the web pages' /api/. */
#include <stdio.h>

#include "kring/report.h"

static void pair(kring_jw *w, const char *code, const char *text)
{
    kring_jw_object(w);
    kring_jw_key(w, "code");
    kring_jw_string(w, code);
    kring_jw_key(w, "text");
    kring_jw_string(w, text);
    kring_jw_object_end(w);
}

static void json_metrics(kring_jw *w, const kring_scores *s, size_t i)
{
    kring_jw_key(w, "metrics");
    kring_jw_object(w);
    kring_jw_key(w, "degree");
    kring_jw_int(w, s->metrics.degree[i]);
    kring_jw_key(w, "betweenness");
    kring_jw_double(w, s->metrics.betweenness[i]);
    kring_jw_object_end(w);
}

static void json_warnings(kring_jw *w, const kring_case *c,
                          const kring_candidate *k)
{
    char text[400];
    int i;

    kring_jw_key(w, "warnings");
    kring_jw_array(w);
    for (i = 0; i < KRING_WARN_COUNT; i++)
        if (k->warnings & (1u << i))
            pair(w, kring_warning_code((kring_warning)i),
                 kring_warning_text(c, k, (kring_warning)i, text, sizeof text));
    kring_jw_array_end(w);
}

int kring_candidate_shown(long top, const kring_case *c,
                          const kring_candidate *k, size_t i)
{
    return top < 0 || (long)i < top || c->people[k->person].nominated;
}

void kring_report_scores(kring_jw *w, const kring_case *c,
                         const kring_scores *s, const kring_weights *weights,
                         long top)
{
    char text[400];
    size_t i;
    int j;

    kring_jw_object(w);
    kring_jw_key(w, "case");
    kring_jw_string(w, c->code);
    kring_jw_key(w, "candidates");
    kring_jw_array(w);
    for (i = 0; i < s->n_ranked; i++) {
        const kring_candidate *k = &s->ranked[i];
        const kring_person *p = &c->people[k->person];
        if (!kring_candidate_shown(top, c, k, i))
            continue;
        kring_jw_object(w);
        kring_jw_key(w, "id");
        kring_jw_string(w, p->id);
        kring_jw_key(w, "name");
        kring_jw_string(w, p->name);
        kring_jw_key(w, "rank");
        kring_jw_int(w, k->rank);
        kring_jw_key(w, "score");
        kring_jw_double(w, k->score);
        kring_jw_key(w, "closeness");
        kring_jw_double(w, k->closeness);
        kring_jw_key(w, "availability");
        kring_jw_double(w, k->availability);
        kring_jw_key(w, "embeddedness");
        kring_jw_double(w, k->embeddedness);
        kring_jw_key(w, "nominated");
        kring_jw_bool(w, p->nominated);
        json_metrics(w, s, k->person);
        kring_jw_key(w, "reasons");
        kring_jw_array(w);
        for (j = 0; j < k->n_reasons; j++) {
            kring_reason why = (kring_reason)k->reason[j];
            pair(w, kring_reason_code(why),
                 kring_reason_text(c, k, why, text, sizeof text));
        }
        kring_jw_array_end(w);
        json_warnings(w, c, k);
        kring_jw_object_end(w);
    }
    kring_jw_array_end(w);
    kring_jw_key(w, "excluded");
    kring_jw_array(w);
    for (i = 0; i < s->n_excluded; i++) {
        const kring_candidate *k = &s->excluded[i];
        const kring_person *p = &c->people[k->person];
        kring_jw_object(w);
        kring_jw_key(w, "id");
        kring_jw_string(w, p->id);
        kring_jw_key(w, "name");
        kring_jw_string(w, p->name);
        kring_jw_key(w, "reasons");
        kring_jw_array(w);
        for (j = 0; j < KRING_EXCL_COUNT; j++)
            if (k->exclusions & (1u << j))
                kring_jw_string(w, kring_exclusion_code((kring_exclusion)j));
        kring_jw_array_end(w);
        kring_jw_key(w, "nominated");
        kring_jw_bool(w, p->nominated);
        kring_jw_key(w, "explanations");
        kring_jw_array(w);
        for (j = 0; j < KRING_EXCL_COUNT; j++)
            if (k->exclusions & (1u << j))
                pair(w, kring_exclusion_code((kring_exclusion)j),
                     kring_exclusion_text(c, k, (kring_exclusion)j, weights,
                                          text, sizeof text));
        kring_jw_array_end(w);
        json_warnings(w, c, k);
        json_metrics(w, s, k->person);
        kring_jw_object_end(w);
    }
    kring_jw_array_end(w);
    kring_jw_object_end(w);
}

static void json_count(kring_jw *w, const char *key, size_t v)
{
    kring_jw_key(w, key);
    kring_jw_int(w, (long long)v);
}

void kring_report_indicators(kring_jw *w, const kring_case *c,
                             const kring_indicators *in)
{
    int i;

    kring_jw_object(w);
    kring_jw_key(w, "case");
    kring_jw_string(w, c->code);
    json_count(w, "size", in->size);
    json_count(w, "adults_informal", in->adults_informal);
    json_count(w, "supportive_informal_adults", in->supportive_informal_adults);
    json_count(w, "inner_adults", in->inner_adults);
    json_count(w, "formal", in->formal);
    json_count(w, "household", in->household);
    json_count(w, "candidates", in->candidates);
    json_count(w, "nominated", in->nominated);
    kring_jw_key(w, "sectors");
    kring_jw_array(w);
    for (i = 0; i < KRING_SECTOR_COUNT; i++)
        if (in->sectors & (1u << i))
            kring_jw_string(w, kring_enum_name(KRING_ENUM_SECTOR, i));
    kring_jw_array_end(w);
    json_count(w, "ties", in->ties);
    json_count(w, "conflict_ties", in->conflict_ties);
    kring_jw_key(w, "density");
    kring_jw_double(w, in->density);
    json_count(w, "components", in->components);
    json_count(w, "isolates", in->isolates);
    kring_jw_key(w, "formal_share");
    kring_jw_double(w, in->formal_share);
    kring_jw_key(w, "ego_effective_size");
    kring_jw_double(w, in->ego_effective_size);
    kring_jw_key(w, "ego_constraint");
    kring_jw_double(w, in->ego_constraint);
    kring_jw_key(w, "zrm_level");
    kring_jw_int(w, in->zrm_level);
    kring_jw_key(w, "flags");
    kring_jw_array(w);
    for (i = 0; i < KRING_FLAG_COUNT; i++)
        if (in->flags & (1u << i))
            kring_jw_string(w, kring_flag_code((kring_flag)i));
    kring_jw_array_end(w);
    kring_jw_object_end(w);
}

void kring_report_history(kring_jw *w, const kring_case *c)
{
    size_t i;

    kring_jw_object(w);
    kring_jw_key(w, "case");
    kring_jw_string(w, c->code);
    kring_jw_key(w, "snapshots");
    kring_jw_array(w);
    for (i = 0; i < c->n_snapshots; i++) {
        kring_jw_object(w);
        kring_jw_key(w, "label");
        kring_jw_string(w, c->snapshots[i].label);
        kring_jw_key(w, "taken");
        kring_jw_string(w, c->snapshots[i].taken);
        kring_jw_key(w, "people");
        kring_jw_int(w, (long long)c->snapshots[i].n_people);
        kring_jw_key(w, "ties");
        kring_jw_int(w, (long long)c->snapshots[i].n_ties);
        kring_jw_object_end(w);
    }
    kring_jw_array_end(w);
    kring_jw_key(w, "choices");
    kring_jw_array(w);
    for (i = 0; i < c->n_choices; i++) {
        kring_jw_object(w);
        kring_jw_key(w, "person");
        kring_jw_string(w, c->choices[i].person);
        kring_jw_key(w, "date");
        kring_jw_string(w, c->choices[i].date);
        kring_jw_key(w, "status");
        kring_jw_string(w, kring_enum_name(KRING_ENUM_CHOICE_STATUS,
                                           (int)c->choices[i].status));
        kring_jw_object_end(w);
    }
    kring_jw_array_end(w);
    kring_jw_object_end(w);
}

void kring_report_suggestions(kring_jw *w, const kring_case *c)
{
    size_t i;

    kring_jw_object(w);
    kring_jw_key(w, "case");
    kring_jw_string(w, c->code);
    kring_jw_key(w, "suggestions");
    kring_jw_array(w);
    for (i = 0; i < c->n_suggestions; i++) {
        const kring_suggestion *sg = &c->suggestions[i];
        long at = sg->person ? kring_case_find_id(c, sg->person) : -1;
        kring_jw_object(w);
        kring_jw_key(w, "n");
        kring_jw_int(w, (long long)i + 1);
        kring_jw_key(w, "date");
        kring_jw_string(w, sg->date);
        kring_jw_key(w, "kind");
        kring_jw_string(
            w, kring_enum_name(KRING_ENUM_SUGGESTION_KIND, (int)sg->kind));
        if (at >= 0) {
            kring_jw_key(w, "person");
            kring_jw_string(w, sg->person);
            kring_jw_key(w, "person_name");
            kring_jw_string(w, c->people[at].name);
        }
        if (sg->kind == KRING_SUGGEST_MISSING) {
            kring_jw_key(w, "name");
            kring_jw_string(w, sg->name);
            kring_jw_key(w, "ring");
            kring_jw_int(w, sg->ring);
            kring_jw_key(w, "sector");
            if (sg->sector < KRING_SECTOR_COUNT)
                kring_jw_string(
                    w, kring_enum_name(KRING_ENUM_SECTOR, (int)sg->sector));
            else
                kring_jw_null(w);
        }
        kring_jw_key(w, "status");
        kring_jw_string(
            w, kring_enum_name(KRING_ENUM_SUGGESTION_STATUS, (int)sg->status));
        kring_jw_key(w, "decided");
        if (sg->decided != NULL)
            kring_jw_string(w, sg->decided);
        else
            kring_jw_null(w);
        kring_jw_object_end(w);
    }
    kring_jw_array_end(w);
    kring_jw_object_end(w);
}

void kring_report_case_list(FILE *out, const kring_case_summary *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        kring_report_case_line(out, &list[i], i);
    kring_report_case_list_end(out, n);
}

void kring_report_case_line(FILE *out, const kring_case_summary *cs, size_t i)
{
    fputs(i ? ",\n  {\"code\": " : "{\"cases\": [\n  {\"code\": ", out);
    kring_json_put_string(out, cs->code);
    fputs(", \"name\": ", out);
    kring_json_put_string(out, cs->name);
    if (cs->birth_year)
        fprintf(out, ", \"birth_year\": %d", cs->birth_year);
    fprintf(out, ", \"people\": %zu, \"ties\": %zu", cs->n_people, cs->n_ties);
    if (cs->evaluation_due[0]) {
        fputs(", \"evaluation_due\": ", out);
        kring_json_put_string(out, cs->evaluation_due);
    }
    fputc('}', out);
}

void kring_report_case_list_end(FILE *out, size_t n)
{
    fputs(n ? "\n]}\n" : "{\"cases\": []}\n", out);
}

static void word_or_null(kring_jw *w, const char *key, kring_enum e, int v)
{
    const char *name = kring_enum_name(e, v);

    kring_jw_key(w, key);
    if (name != NULL)
        kring_jw_string(w, name);
    else
        kring_jw_null(w);
}

void kring_report_outcomes(kring_jw *w, const kring_case *c)
{
    char due[11];
    size_t i;

    kring_jw_object(w);
    kring_jw_key(w, "case");
    kring_jw_string(w, c->code);
    kring_jw_key(w, "outcomes");
    kring_jw_array(w);
    for (i = 0; i < c->n_outcomes; i++) {
        const kring_outcome *o = &c->outcomes[i];
        kring_jw_object(w);
        kring_jw_key(w, "n");
        kring_jw_int(w, (long long)i + 1);
        kring_jw_key(w, "date");
        kring_jw_string(w, o->date);
        word_or_null(w, "placement", KRING_ENUM_PLACEMENT, (int)o->placement);
        word_or_null(w, "secure_care", KRING_ENUM_PLACEMENT,
                     (int)o->secure_care);
        word_or_null(w, "school", KRING_ENUM_SCHOOL, (int)o->school);
        word_or_null(w, "goals", KRING_ENUM_GOALS, (int)o->goals);
        kring_jw_key(w, "ended_as_planned");
        if (o->ended_as_planned >= 0)
            kring_jw_bool(w, o->ended_as_planned);
        else
            kring_jw_null(w);
        kring_jw_key(w, "satisfaction");
        if (o->satisfaction > 0)
            kring_jw_int(w, o->satisfaction);
        else
            kring_jw_null(w);
        kring_jw_key(w, "notes");
        kring_jw_string(w, o->notes ? o->notes : "");
        kring_jw_object_end(w);
    }
    kring_jw_array_end(w);
    kring_jw_key(w, "evaluation_due");
    if (kring_evaluation_due(c, due) != NULL)
        kring_jw_string(w, due);
    else
        kring_jw_null(w);
    kring_jw_object_end(w);
}
