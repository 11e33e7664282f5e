/* easyNWK's JSON in: each version of the map a snapshot, the newest also
 * the case itself. The angle gives the sector (easyNWK's four: family,
 * friends, colleagues, professional help), the distance (0-100, to the
 * outer horizon) the ring. docs/exchange.md, "easyNWK". */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "jsonpos.h"

struct nwk {
    struct kr_import *im;
    const char *text; /* the JSON, for the lines of notes */
    size_t len;
    size_t *voffs; /* where each version begins, found in one pass */
    int *vlines;
};

/* The lines of the N elements of the array at PATH in version VI (zeros
 * when they cannot be found); caller frees. NULL when out of memory. */
static int *lines_of(const struct nwk *n, size_t vi, const char *path,
                     size_t count)
{
    int *lines = kr_calloc(count + 1, sizeof *lines);

    if (lines != NULL && n->voffs != NULL &&
        kr_json_items(n->text, n->len, n->voffs[vi], n->vlines[vi], path, NULL,
                      lines, count))
        memset(lines, 0, (count + 1) * sizeof *lines);
    return lines;
}

/* easyNWK's roles are words (German by default); the common ones. */
static const struct {
    const char *word; /* the beginning of the word, lowercase */
    kring_role role;
} roles[] = {
    {"stiefmutter", KRING_ROLE_STEPPARENT},
    {"stiefvater", KRING_ROLE_STEPPARENT},
    {"pflege", KRING_ROLE_FOSTER_PARENT},
    {"mutter", KRING_ROLE_PARENT},
    {"vater", KRING_ROLE_PARENT},
    {"mama", KRING_ROLE_PARENT},
    {"papa", KRING_ROLE_PARENT},
    {"eltern", KRING_ROLE_PARENT},
    {"mother", KRING_ROLE_PARENT},
    {"father", KRING_ROLE_PARENT},
    {"halbbruder", KRING_ROLE_SIBLING},
    {"halbschwester", KRING_ROLE_SIBLING},
    {"bruder", KRING_ROLE_SIBLING},
    {"schwester", KRING_ROLE_SIBLING},
    {"geschwister", KRING_ROLE_SIBLING},
    {"brother", KRING_ROLE_SIBLING},
    {"sister", KRING_ROLE_SIBLING},
    {"oma", KRING_ROLE_GRANDPARENT},
    {"opa", KRING_ROLE_GRANDPARENT},
    {"gro\xc3\x9f"
     "tante",
     KRING_ROLE_RELATIVE},
    {"gro\xc3\x9f"
     "onkel",
     KRING_ROLE_RELATIVE},
    {"gro\xc3\x9f"
     "mutter",
     KRING_ROLE_GRANDPARENT},
    {"gro\xc3\x9f"
     "vater",
     KRING_ROLE_GRANDPARENT},
    {"grossmutter", KRING_ROLE_GRANDPARENT},
    {"grossvater", KRING_ROLE_GRANDPARENT},
    {"grand", KRING_ROLE_GRANDPARENT},
    {"tante", KRING_ROLE_AUNT_UNCLE},
    {"onkel", KRING_ROLE_AUNT_UNCLE},
    {"aunt", KRING_ROLE_AUNT_UNCLE},
    {"uncle", KRING_ROLE_AUNT_UNCLE},
    {"cousin", KRING_ROLE_COUSIN},
    {"familienangeh", KRING_ROLE_RELATIVE},
    {"lebensgef", KRING_ROLE_PARTNER},
    {"partner", KRING_ROLE_PARTNER},
    {"ehemann", KRING_ROLE_PARTNER},
    {"ehefrau", KRING_ROLE_PARTNER},
    {"freund", KRING_ROLE_FRIEND},
    {"friend", KRING_ROLE_FRIEND},
    {"lehrer", KRING_ROLE_TEACHER},
    {"teacher", KRING_ROLE_TEACHER},
    {"mitsch\xc3\xbc"
     "ler",
     KRING_ROLE_CLASSMATE},
    {"klassen", KRING_ROLE_CLASSMATE},
    {"studienkolleg", KRING_ROLE_CLASSMATE},
    {"trainer", KRING_ROLE_COACH},
    {"coach", KRING_ROLE_COACH},
    {"nachbar", KRING_ROLE_NEIGHBOUR},
    {"neighbo", KRING_ROLE_NEIGHBOUR},
    {"\xc3\xa4rzt", KRING_ROLE_PROFESSIONAL},
    {"arzt", KRING_ROLE_PROFESSIONAL},
    {"doctor", KRING_ROLE_PROFESSIONAL},
    {"therapeut", KRING_ROLE_PROFESSIONAL},
    {"sozialarbeit", KRING_ROLE_PROFESSIONAL},
    {"betreuer", KRING_ROLE_PROFESSIONAL},
    {"psycholog", KRING_ROLE_PROFESSIONAL},
    {"prof.", KRING_ROLE_PROFESSIONAL},
};

/* easyNWK's sectors as kring's, by the angle's quadrant. */
enum { Q_FAMILY, Q_FRIENDS, Q_COLLEAGUES, Q_PROFESSIONAL };

static int quadrant(double angle)
{
    if (angle < -90)
        return Q_COLLEAGUES;
    if (angle < 0)
        return Q_PROFESSIONAL;
    if (angle < 90)
        return Q_FAMILY;
    return Q_FRIENDS;
}

static const kring_sector quadrant_sector[] = {
    KRING_SECTOR_FAMILY, KRING_SECTOR_FRIENDS, KRING_SECTOR_SCHOOL,
    KRING_SECTOR_CARE};
static const kring_role quadrant_role[] = {KRING_ROLE_RELATIVE,
                                           KRING_ROLE_FRIEND, KRING_ROLE_OTHER,
                                           KRING_ROLE_PROFESSIONAL};

static int role_of(const char *word)
{
    char low[100];
    size_t i;

    for (i = 0; word[i] && i + 1 < sizeof low; i++) {
        unsigned char ch = (unsigned char)word[i];
        /* Ä, Ö, Ü as ä, ö, ü: their second byte in UTF-8 gains 0x20. */
        if (i > 0 && (unsigned char)word[i - 1] == 0xC3 &&
            (ch == 0x84 || ch == 0x96 || ch == 0x9C))
            ch += 0x20;
        low[i] = (char)tolower(ch);
    }
    low[i] = '\0';
    for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strncmp(low, roles[i].word, strlen(roles[i].word)) == 0)
            return (int)roles[i].role;
    return -1;
}

/* The keys of an alter kring reads; the rest are kept as x- keys. */
static const char *const read_keys[] = {"name", "age", "note", "deceased"};
/* Keys easyNWK writes that kring keeps without a note. */
static const char *const known_keys[] = {
    "id",       "role",           "roleDefault",
    "human",    "currentGender",  "genderDefault",
    "edgeType", "edgeTypeByUser", "edgeTypeDefault",
    "angle",    "distance",       "contactOfPartner"};

static int in_list(const char *const *list, size_t n, const char *s)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static double number(json_t *v, double none)
{
    return json_is_number(v) ? json_number_value(v) : none;
}

static kring_status alter(struct nwk *n, const char *path, int line, json_t *a,
                          kring_case *c, struct kr_index *pids)
{
    struct kr_import *im = n->im;
    json_t *v, *extra = json_object();
    const char *k, *name, *role_word;
    double angle, dist;
    kring_person p;
    kring_status rc = KRING_OK;
    char buf[300];
    int q, role;

    if (extra == NULL)
        return kr_nomem(im->err);
    if (!json_is_object(a)) {
        json_decref(extra);
        return kr_import_fail(im, line, _("%s must be an object"), path);
    }
    angle = number(json_object_get(a, "angle"), 0);
    dist = number(json_object_get(a, "distance"), -1);
    q = quadrant(angle);
    role_word = json_string_value(json_object_get(a, "role"));
    role = role_word ? role_of(role_word) : -1;
    kring_person_init(&p, role >= 0 ? (kring_role)role : quadrant_role[q], 3);
    p.sector = quadrant_sector[q];
    if (json_object_get(a, "angle") == NULL)
        rc = kr_note(im, line, _("%s has no angle: put in the family sector"),
                     path);
    if (dist < 0) {
        if (rc == KRING_OK)
            rc =
                kr_note(im, line, _("%s has no distance: put in ring 3"), path);
    } else if (dist >= 100) {
        if (rc == KRING_OK)
            rc = kr_note(im, line,
                         _("%s lies beyond the outer horizon (distance "
                           "%.0f): put in ring 3"),
                         path, dist);
    } else {
        p.ring = dist < 100.0 / 3 ? 1 : dist < 200.0 / 3 ? 2 : 3;
    }
    name = json_string_value(json_object_get(a, "name"));
    if (name == NULL || name[0] == '\0') {
        snprintf(buf, sizeof buf, _("Person %lld"),
                 (long long)json_integer_value(json_object_get(a, "id")));
        if (rc == KRING_OK)
            rc = kr_note(im, line, _("%s has no name: called '%s'"), path, buf);
        name = buf;
    }
    if (rc == KRING_OK && (p.name = kr_strdup(name)) == NULL)
        rc = kr_nomem(im->err);
    v = json_object_get(a, "age");
    if (rc == KRING_OK && json_is_string(v) && json_string_value(v)[0]) {
        char *end;
        long age = strtol(json_string_value(v), &end, 10);
        if (*end == '\0' && age >= 0 && age <= KRING_AGE_MAX)
            p.age = (int)age;
        else
            rc = kr_note(im, line,
                         _("%s: age '%s' is not a number of years: "
                           "left unrecorded"),
                         path, json_string_value(v));
    } else if (rc == KRING_OK && json_is_integer(v) &&
               json_integer_value(v) >= 0 &&
               json_integer_value(v) <= KRING_AGE_MAX) {
        p.age = (int)json_integer_value(v);
    }
    if (json_is_true(json_object_get(a, "deceased")))
        p.status = KRING_STATUS_DECEASED;
    else if (json_integer_value(json_object_get(a, "edgeType")) == 0 &&
             json_is_integer(json_object_get(a, "edgeType")))
        p.status = KRING_STATUS_ABSENT; /* "currently no contact" */
    v = json_object_get(a, "note");
    if (rc == KRING_OK &&
        (p.notes = kr_strdup(json_is_string(v) ? json_string_value(v) : "")) ==
            NULL)
        rc = kr_nomem(im->err);
    if (rc == KRING_OK && json_is_false(json_object_get(a, "human")))
        rc = kr_note(im, line,
                     _("'%s' is not a person (human: false): kept, with "
                       "the role 'other'"),
                     name);
    if (rc == KRING_OK && json_is_false(json_object_get(a, "human")))
        p.role = KRING_ROLE_OTHER;
    if (rc == KRING_OK && role_word && role < 0 && role_word[0])
        rc = kr_note(im, 0,
                     _("the role '%s' has no kring role: such people get "
                       "the role of their sector"),
                     role_word);
    json_object_foreach(a, k, v)
    {
        char key[200];
        if (rc || in_list(read_keys, 4, k))
            continue;
        if (!in_list(known_keys, sizeof known_keys / sizeof *known_keys, k))
            rc = kr_note(im, 0,
                         _("the key '%s' of an alter is not an easyNWK key "
                           "kring knows: kept as x-easynwk-%s"),
                         k, k);
        snprintf(key, sizeof key, "x-easynwk-%s", k);
        if (rc == KRING_OK && json_object_set(extra, key, v))
            rc = kr_nomem(im->err);
    }
    if (rc == KRING_OK && json_object_size(extra) &&
        (p.extra = json_dumps(extra, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
        rc = kr_nomem(im->err);
    json_decref(extra);
    p.formal = kring_role_is_formal(p.role);
    if (rc == KRING_OK && (rc = kr_import_person(im, c, &p, pids)))
        kr_error_prefix(im->err, "%s:%d: %s", im->source, line, path);
    kring_person_release(&p);
    return rc;
}

/* The version's network into C (people, ties); IDS maps easyNWK's alter
 * ids to kring's. */
static kring_status network(struct nwk *n, size_t vi, json_t *nwk,
                            kring_case *c)
{
    struct kr_import *im = n->im;
    json_t *alteri = json_object_get(nwk, "alteri");
    json_t *conns = json_object_get(nwk, "connections"), *a;
    size_t na = json_array_size(alteri), nc = json_array_size(conns);
    long long *ids = NULL;
    int *alines = NULL, *clines = NULL;
    struct kr_index pids = {0};
    struct kr_pairs pairs = {0};
    size_t i, j;
    kring_status rc = KRING_OK;
    char path[KR_PATH_MAX];

    snprintf(path, sizeof path, "versions[%zu].nwk.alteri", vi);
    if (alteri != NULL && !json_is_array(alteri))
        return kr_import_fail(im, n->vlines[vi], _("%s must be a list"), path);
    /* Bounded before any is read: the ids are compared in pairs. */
    if (na > KRING_PEOPLE_MAX)
        return kr_import_fail(im, n->vlines[vi],
                              _("%s: more than %d alteri: a case holds at "
                                "most %d people"),
                              path, KRING_PEOPLE_MAX, KRING_PEOPLE_MAX);
    if (nc > KRING_TIES_MAX)
        return kr_import_fail(im, n->vlines[vi],
                              _("versions[%zu].nwk.connections: more than %d "
                                "connections: a case holds at most %d ties"),
                              vi, KRING_TIES_MAX, KRING_TIES_MAX);
    if ((ids = kr_calloc(na + 1, sizeof *ids)) == NULL ||
        (alines = lines_of(n, vi, "nwk.alteri", na)) == NULL ||
        (clines = lines_of(n, vi, "nwk.connections", nc)) == NULL) {
        rc = kr_nomem(im->err);
        goto out;
    }
    json_array_foreach(alteri, i, a)
    {
        snprintf(path, sizeof path, "versions[%zu].nwk.alteri[%zu]", vi, i);
        ids[i] = json_integer_value(json_object_get(a, "id"));
        for (j = 0; j < i && rc == KRING_OK; j++)
            if (ids[j] == ids[i])
                rc = kr_import_fail(im, alines[i],
                                    _("alter id %lld is there twice"), ids[i]);
        if (rc == KRING_OK)
            rc = alter(n, path, alines[i], a, c, &pids);
        if (rc)
            break;
    }
    json_array_foreach(conns, i, a)
    {
        long long id1 = json_integer_value(json_object_get(a, "id1"));
        long long id2 = json_integer_value(json_object_get(a, "id2"));
        long p1 = -1, p2 = -1;
        kring_tie t;
        int line = clines[i], again;
        if (rc)
            break;
        for (j = 0; j < na; j++) {
            if (ids[j] == id1)
                p1 = (long)j;
            if (ids[j] == id2)
                p2 = (long)j;
        }
        if (p1 < 0 || p2 < 0) {
            rc = kr_note(im, line,
                         _("the connection %lld-%lld names an alter who is "
                           "not in the map: left out"),
                         id1, id2);
            continue;
        }
        if (p1 == p2) {
            rc =
                kr_note(im, line,
                        _("the connection of %lld to itself is left out"), id1);
            continue;
        }
        if ((again = kr_pairs_add(&pairs, (size_t)p1, (size_t)p2)) != 0) {
            rc = again < 0 ? kr_nomem(im->err)
                           : kr_note(im, line,
                                     _("the connection %lld-%lld is given "
                                       "again: kept once"),
                                     id1, id2);
            continue;
        }
        kring_tie_init(&t);
        if ((t.a = kr_strdup(c->people[p1].id)) == NULL ||
            (t.b = kr_strdup(c->people[p2].id)) == NULL)
            rc = kr_nomem(im->err);
        else if ((rc = kr_import_tie(im, c, &t)))
            kr_error_prefix(im->err,
                            "%s:%d: versions[%zu].nwk.connections[%zu]",
                            im->source, line, vi, i);
        kring_tie_release(&t);
    }
out:
    kr_free(ids);
    kr_free(alines);
    kr_free(clines);
    kr_index_release(&pids);
    kr_pairs_release(&pairs);
    return rc;
}

/* Moves C's people and ties into snapshot S. */
static void freeze(kring_case *c, kring_snapshot *s)
{
    s->people = c->people;
    s->n_people = c->n_people;
    s->ties = c->ties;
    s->n_ties = c->n_ties;
    c->people = NULL;
    c->ties = NULL;
    c->n_people = c->n_ties = c->cap_people = c->cap_ties = 0;
}

kring_status kr_import_easynwk(struct kr_import *im, const char *data,
                               size_t len)
{
    struct nwk n = {im, data, len, NULL, NULL};
    json_t *root = NULL, *versions, *ver;
    kring_case *c = NULL, *tmp = NULL;
    kring_status rc;
    size_t i, newest = 0, total = 0;
    char wish[300];

    if (len > KR_EASYNWK_SIZE_MAX)
        return kr_import_fail(im, 0,
                              _("the file is larger than %u bytes: kring "
                                "reads an easyNWK map up to that size"),
                              KR_EASYNWK_SIZE_MAX);
    if ((rc = kr_json_count(im, data, len, KR_EASYNWK_VALUES_MAX)) ||
        (rc = kr_json_load(&n.text, &n.len, im->source, &root, im->err)))
        return rc;
    versions = json_object_get(root, "versions");
    if (!json_is_array(versions) || json_array_size(versions) == 0) {
        rc = kr_import_fail(im, 1, "%s",
                            _("this is not an easyNWK file: it has no "
                              "'versions'"));
        goto out;
    }
    if (json_array_size(versions) > KRING_SNAPSHOTS_MAX) {
        rc = kr_import_fail(im, 1, _("more than %d versions"),
                            KRING_SNAPSHOTS_MAX);
        goto out;
    }
    /* Each version is a snapshot to be stored: their people together are
     * bounded (docs/limits.md). */
    json_array_foreach(versions, i, ver)
    {
        total += json_array_size(
            json_object_get(json_object_get(ver, "nwk"), "alteri"));
    }
    if (total > KR_EASYNWK_ALTERI_MAX) {
        rc = kr_import_fail(im, 1,
                            _("%zu alteri in all versions together: kring "
                              "reads at most %d"),
                            total, KR_EASYNWK_ALTERI_MAX);
        goto out;
    }
    /* Where each version is, once: its notes' lines are found from there. */
    n.voffs = kr_calloc(json_array_size(versions), sizeof *n.voffs);
    n.vlines = kr_calloc(json_array_size(versions), sizeof *n.vlines);
    if (n.voffs == NULL || n.vlines == NULL) {
        rc = kr_nomem(im->err);
        goto out;
    }
    if (kr_json_items(n.text, n.len, 0, 1, "versions", n.voffs, n.vlines,
                      json_array_size(versions))) {
        kr_free(n.voffs); /* lines unknown: notes without them */
        n.voffs = NULL;
        memset(n.vlines, 0, json_array_size(versions) * sizeof *n.vlines);
    }
    /* The newest: the latest date, then the highest id. */
    json_array_foreach(versions, i, ver)
    {
        json_t *best = json_array_get(versions, newest);
        const char *d = json_string_value(json_object_get(ver, "date"));
        const char *bd = json_string_value(json_object_get(best, "date"));
        int cmp = strcmp(d ? d : "", bd ? bd : "");
        if (cmp > 0 ||
            (cmp == 0 && json_integer_value(json_object_get(ver, "id")) >
                             json_integer_value(json_object_get(best, "id"))))
            newest = i;
    }
    if ((c = kring_case_new()) == NULL ||
        (c->snapshots = kr_calloc(json_array_size(versions),
                                  sizeof *c->snapshots)) == NULL) {
        rc = kr_nomem(im->err);
        goto out;
    }
    json_array_foreach(versions, i, ver)
    {
        char path[KR_PATH_MAX], label[KRING_ID_MAX + 1];
        const char *title = json_string_value(json_object_get(ver, "title"));
        const char *date = json_string_value(json_object_get(ver, "date"));
        json_t *nwk = json_object_get(ver, "nwk");
        kring_snapshot *s = &c->snapshots[c->n_snapshots];
        char *made;
        size_t j;
        snprintf(path, sizeof path, "versions[%zu]", i);
        if (!json_is_object(nwk)) {
            rc = kr_import_fail(im, n.vlines[i], _("%s has no network ('nwk')"),
                                path);
            break;
        }
        if ((tmp = kring_case_new()) == NULL) {
            rc = kr_nomem(im->err);
            break;
        }
        if ((rc = network(&n, i, nwk, tmp)))
            break;
        /* A label made of the title, as an id is made of a name. */
        if ((made = kring_id_from_name(
                 tmp, title && title[0] ? title : "version")) == NULL) {
            rc = kr_nomem(im->err);
            break;
        }
        snprintf(label, sizeof label, "%s", made);
        kr_free(made);
        for (j = 0; j < c->n_snapshots; j++)
            if (strcmp(c->snapshots[j].label, label) == 0)
                snprintf(
                    label, sizeof label, "%.40s-%lld", c->snapshots[j].label,
                    (long long)json_integer_value(json_object_get(ver, "id")));
        if (date == NULL || !kring_date_valid(date)) {
            rc = kr_note(im, n.vlines[i],
                         _("%s has no date as YYYY-MM-DD: its snapshot is "
                           "dated 1970-01-01"),
                         path);
            date = "1970-01-01";
        }
        snprintf(wish, sizeof wish, "%sT00:00:00Z", date);
        if (rc || (s->label = kr_strdup(label)) == NULL ||
            (s->taken = kr_strdup(wish)) == NULL) {
            rc = rc ? rc : kr_nomem(im->err);
            kr_snapshot_release(s);
            break;
        }
        c->n_snapshots++;
        if (i == newest) {
            /* The newest version is also the case as it is now. */
            json_t *ego = json_object_get(nwk, "ego");
            const char *name = json_string_value(json_object_get(ego, "name"));
            const char *note = json_string_value(json_object_get(ego, "note"));
            json_t *x = json_object(), *v;
            const char *key;
            if (x == NULL) {
                rc = kr_nomem(im->err);
                break;
            }
            json_object_foreach(ego, key, v)
            {
                char xk[200];
                if (strcmp(key, "name") == 0 || strcmp(key, "note") == 0)
                    continue;
                snprintf(xk, sizeof xk, "x-easynwk-ego-%s", key);
                if (json_object_set(x, xk, v))
                    rc = kr_nomem(im->err);
            }
            if (rc == KRING_OK && json_object_size(x) &&
                (c->extra = json_dumps(x, JSON_COMPACT | JSON_SORT_KEYS)) ==
                    NULL)
                rc = kr_nomem(im->err);
            json_decref(x);
            if (rc == KRING_OK && (name == NULL || name[0] == '\0')) {
                rc = kr_note(im, 0, "%s",
                             _("the ego has no name: the case is called by "
                               "its code"));
                name = NULL;
            }
            if (rc == KRING_OK &&
                ((name && (c->name = kr_strdup(name)) == NULL) ||
                 (c->notes = kr_strdup(note ? note : "")) == NULL))
                rc = kr_nomem(im->err);
            /* The network once more, for the case itself. */
            if (rc == KRING_OK)
                rc = network(&n, i, nwk, c);
            if (rc)
                break;
        }
        freeze(tmp, s);
        kring_case_free(tmp);
        tmp = NULL;
    }
    if (rc)
        goto out;
    /* easyNWK names its file after the young person: the code is a
     * neutral one, never made of the file's name. */
    if ((c->code = kr_import_neutral_code(im, 0)) == NULL) {
        rc = kr_nomem(im->err);
        goto out;
    }
    /* No name: the code it will have (--code's, if given). */
    if (c->name == NULL &&
        (c->name = kr_strdup(im->o->code != NULL ? im->o->code : c->code)) ==
            NULL) {
        rc = kr_nomem(im->err);
        goto out;
    }
    if ((rc = kring_case_validate(c, im->err))) {
        kr_error_prefix(im->err, "%s", im->source);
        goto out;
    }
    rc = kr_import_add(im, c);
    c = NULL;
out:
    kring_case_free(tmp);
    kring_case_free(c);
    json_decref(root);
    kr_free(n.voffs);
    kr_free(n.vlines);
    return rc;
}
