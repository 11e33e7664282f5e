/* The measures of the network. On the alter graph (people and ties, the
 * young person left out) degree, betweenness and components are kring's
 * own for a case of up to KR_SMALL_GRAPH people (Brandes' algorithm in
 * igraph 0.10's order of operations, so the same doubles: a test holds
 * them to igraph on generated graphs) and igraph's above; on the ego
 * network (the young person tied to everyone) the effective size and
 * constraint follow from the alter degrees by Burt's formulas (a test
 * holds them to igraph_constraint on the ego network itself). igraph's
 * errors become kring errors: its default handler would abort the
 * process. igraph as Debian builds it is not thread-safe (its handlers and
 * its stack of things to free are global): one thread at a time calls it,
 * under a lock (kring serve answers on several); kring's own measures need
 * no lock. */
#include <igraph.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_internal.h"

/* The first reason igraph gave, for the message; igraph calls the handler
 * once per level of its stack, the innermost first. */
static char ig_reason[160];
static int ig_failed;
static pthread_mutex_t ig_lock = PTHREAD_MUTEX_INITIALIZER;

static void ig_error(const char *reason, const char *file, int line,
                     igraph_error_t code)
{
    (void)file;
    (void)line;
    (void)code;
    if (!ig_failed) {
        snprintf(ig_reason, sizeof ig_reason, "%s", reason ? reason : "");
        ig_failed = 1;
    }
    IGRAPH_FINALLY_FREE();
}

static void ig_warning(const char *reason, const char *file, int line)
{
    (void)reason;
    (void)file;
    (void)line;
}

struct ig_guard {
    igraph_error_handler_t *error;
    igraph_warning_handler_t *warning;
};

static void ig_enter(struct ig_guard *g)
{
    pthread_mutex_lock(&ig_lock);
    ig_failed = 0;
    ig_reason[0] = '\0';
    g->error = igraph_set_error_handler(ig_error);
    g->warning = igraph_set_warning_handler(ig_warning);
}

static kring_status ig_leave(struct ig_guard *g, igraph_error_t rc,
                             kring_error *err)
{
    kring_status status = KRING_OK;

    igraph_set_error_handler(g->error);
    igraph_set_warning_handler(g->warning);
    if (rc == IGRAPH_ENOMEM)
        status = kr_nomem(err);
    else if (rc != IGRAPH_SUCCESS)
        status = kr_error_set(err, KRING_ERR_INVALID,
                              _("graph analysis failed: %s"), ig_reason);
    pthread_mutex_unlock(&ig_lock);
    return status;
}

/* The people of a case found by id: an open-addressing hash table of
 * person index + 1 (0 is an empty slot), at most half full. */
struct id_table {
    size_t *slot;
    size_t mask;
};

static size_t id_hash(const char *id)
{
    size_t h = 2166136261u; /* FNV-1a */

    for (; *id; id++)
        h = (h ^ (unsigned char)*id) * 16777619u;
    return h;
}

static int id_table_init(struct id_table *t, const kring_case *c)
{
    size_t size = 8, i, j;

    while (size < 2 * c->n_people)
        size *= 2;
    if ((t->slot = kr_calloc(size, sizeof *t->slot)) == NULL)
        return -1;
    t->mask = size - 1;
    for (i = 0; i < c->n_people; i++) {
        for (j = id_hash(c->people[i].id) & t->mask; t->slot[j];
             j = (j + 1) & t->mask)
            ;
        t->slot[j] = i + 1;
    }
    return 0;
}

/* The index of the person with ID, or -1. */
static long id_table_find(const struct id_table *t, const kring_case *c,
                          const char *id)
{
    size_t j;

    for (j = id_hash(id) & t->mask; t->slot[j]; j = (j + 1) & t->mask)
        if (strcmp(c->people[t->slot[j] - 1].id, id) == 0)
            return (long)(t->slot[j] - 1);
    return -1;
}

kring_status kr_tie_ends(const kring_case *c, size_t *ends, kring_error *err)
{
    struct id_table ix;
    size_t i;

    if (id_table_init(&ix, c))
        return kr_nomem(err);
    for (i = 0; i < c->n_ties; i++) {
        long a = id_table_find(&ix, c, c->ties[i].a);
        long b = id_table_find(&ix, c, c->ties[i].b);
        if (a < 0 || b < 0) {
            kr_free(ix.slot);
            return kr_error_set(err, KRING_ERR_INVALID,
                                _("tie '%s'-'%s' names a person not in "
                                  "the case"),
                                c->ties[i].a, c->ties[i].b);
        }
        ends[2 * i] = (size_t)a;
        ends[2 * i + 1] = (size_t)b;
    }
    kr_free(ix.slot);
    return KRING_OK;
}

/* Betweenness, degree and components of the alter graph G. */
static igraph_error_t alter_measures(const igraph_t *g, kring_metrics *m)
{
    igraph_vector_t bet;
    igraph_vector_int_t deg;
    igraph_integer_t nc = 0;
    size_t i;

    IGRAPH_VECTOR_INIT_FINALLY(&bet, 0);
    IGRAPH_VECTOR_INT_INIT_FINALLY(&deg, 0);
    IGRAPH_CHECK(
        igraph_betweenness(g, &bet, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL));
    IGRAPH_CHECK(
        igraph_degree(g, &deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS));
    IGRAPH_CHECK(igraph_connected_components(g, NULL, NULL, &nc, IGRAPH_WEAK));
    for (i = 0; i < m->n; i++) {
        m->betweenness[i] = VECTOR(bet)[i];
        m->degree[i] = (long)VECTOR(deg)[i];
    }
    m->components = (size_t)nc;
    igraph_vector_int_destroy(&deg);
    igraph_vector_destroy(&bet);
    IGRAPH_FINALLY_CLEAN(2);
    return IGRAPH_SUCCESS;
}

static igraph_error_t measure(const size_t *ends, kring_metrics *m)
{
    igraph_t g;
    igraph_vector_int_t edges;
    size_t i;

    IGRAPH_VECTOR_INT_INIT_FINALLY(&edges, 2 * (igraph_integer_t)m->ties);
    for (i = 0; i < 2 * m->ties; i++)
        VECTOR(edges)[i] = (igraph_integer_t)ends[i];
    IGRAPH_CHECK(
        igraph_create(&g, &edges, (igraph_integer_t)m->n, IGRAPH_UNDIRECTED));
    IGRAPH_FINALLY(igraph_destroy, &g);
    IGRAPH_CHECK(alter_measures(&g, m));
    igraph_destroy(&g);
    igraph_vector_int_destroy(&edges);
    IGRAPH_FINALLY_CLEAN(2);
    return IGRAPH_SUCCESS;
}

/* Up to this many people, the measures are kring's own (small_measures);
 * above, igraph's: a case of a young person's network has tens. */
#define KR_SMALL_GRAPH 256

/* The alter graph of a small case, as igraph's adjacency list would hold
 * it: each person's neighbours in ascending order, a tie to oneself left
 * out, a tie given twice kept twice. */
struct adjacency {
    size_t *first; /* per person + 1: where their neighbours begin */
    size_t *nb;    /* the neighbours, person by person */
};

static int adjacency_init(struct adjacency *a, const kring_metrics *m)
{
    size_t i, j, *fill;

    a->first = kr_calloc(m->n + 1, sizeof *a->first);
    a->nb = kr_malloc((2 * m->ties + 1) * sizeof *a->nb);
    fill = kr_malloc((m->n + 1) * sizeof *fill);
    if (a->first == NULL || a->nb == NULL || fill == NULL) {
        kr_free(fill);
        return -1;
    }
    for (i = 0; i < m->ties; i++)
        if (m->ends[2 * i] != m->ends[2 * i + 1]) {
            a->first[m->ends[2 * i] + 1]++;
            a->first[m->ends[2 * i + 1] + 1]++;
        }
    for (i = 0; i < m->n; i++) {
        m->degree[i] = (long)a->first[i + 1];
        a->first[i + 1] += a->first[i];
        fill[i] = a->first[i];
    }
    for (i = 0; i < m->ties; i++) {
        size_t u = m->ends[2 * i], v = m->ends[2 * i + 1];
        if (u != v) {
            a->nb[fill[u]++] = v;
            a->nb[fill[v]++] = u;
        }
    }
    kr_free(fill);
    /* Insertion sort: a person has a handful of ties. */
    for (i = 0; i < m->n; i++)
        for (j = a->first[i] + 1; j < a->first[i + 1]; j++) {
            size_t v = a->nb[j], k = j;
            for (; k > a->first[i] && a->nb[k - 1] > v; k--)
                a->nb[k] = a->nb[k - 1];
            a->nb[k] = v;
        }
    return 0;
}

/* Brandes' betweenness (unweighted, undirected, each pair counted once)
 * and the weak components, in igraph 0.10's order of operations: a
 * breadth-first search from each person in turn that visits neighbours in
 * ascending order and notes each one's predecessors in the order they were
 * reached, then the dependencies summed back in reverse order of the
 * search, each as (1 + delta(w)) / sigma(w) times sigma(v), and every sum
 * halved at the end. The same operations on the same numbers give the
 * same doubles as igraph_betweenness(), bit for bit (a test holds them to
 * it), without igraph's setup per call. */
static int small_measures(kring_metrics *m)
{
    struct adjacency a = {NULL, NULL};
    size_t n = m->n, s, i, head, tail, *order = NULL, *dist = NULL,
           *npred = NULL, *pred = NULL;
    double *sigma = NULL, *delta = NULL;
    int rc = -1;

    if (adjacency_init(&a, m))
        goto out;
    order = kr_malloc(n * sizeof *order);
    dist = kr_calloc(n, sizeof *dist); /* distance + 1; 0 not reached */
    npred = kr_calloc(n, sizeof *npred);
    pred = kr_malloc((2 * m->ties + 1) * sizeof *pred);
    sigma = kr_calloc(n, sizeof *sigma);
    delta = kr_calloc(n, sizeof *delta);
    if (order == NULL || dist == NULL || npred == NULL || pred == NULL ||
        sigma == NULL || delta == NULL)
        goto out;
    for (s = 0; s < n; s++) {
        size_t low = s; /* the first person of s's component */
        order[0] = s;
        dist[s] = 1;
        sigma[s] = 1;
        for (head = 0, tail = 1; head < tail; head++) {
            size_t v = order[head], j;
            for (j = a.first[v]; j < a.first[v + 1]; j++) {
                size_t w = a.nb[j];
                if (dist[w] == 0) {
                    dist[w] = dist[v] + 1;
                    order[tail++] = w;
                    if (w < low)
                        low = w;
                }
                if (dist[w] == dist[v] + 1) {
                    pred[a.first[w] + npred[w]++] = v;
                    sigma[w] += sigma[v];
                }
            }
        }
        while (tail-- > 0) {
            size_t w = order[tail], j;
            double coeff = (1 + delta[w]) / sigma[w];
            for (j = 0; j < npred[w]; j++) {
                size_t v = pred[a.first[w] + j];
                delta[v] += sigma[v] * coeff;
            }
            if (w != s)
                m->betweenness[w] += delta[w];
            dist[w] = 0;
            sigma[w] = 0;
            delta[w] = 0;
            npred[w] = 0;
        }
        if (low == s)
            m->components++;
    }
    for (i = 0; i < n; i++)
        m->betweenness[i] *= 0.5;
    rc = 0;
out:
    kr_free(a.first);
    kr_free(a.nb);
    kr_free(order);
    kr_free(dist);
    kr_free(npred);
    kr_free(pred);
    kr_free(sigma);
    kr_free(delta);
    return rc;
}

/* Burt's constraint of the young person in the ego network, where they
 * are tied to all N people. With a_ij = 1 for a tie, p_ij = 1 / degree(i),
 * so p_ej = 1/N and p_qj = 1/(d_q + 1) for a person q of alter degree d_q:
 *     c = sum over j of (p_ej + sum over q tied to j of p_eq p_qj)^2
 *       = sum over j of ((1 + sum over q tied to j of 1/(d_q + 1)) / N)^2.
 * This is igraph_constraint() on the ego network, worked out for a centre
 * tied to everyone; a test holds the two to the same numbers. */
static int ego_constraint(kring_metrics *m)
{
    double *through = kr_calloc(m->n, sizeof *through), c = 0.0;
    size_t i;

    if (through == NULL)
        return -1;
    for (i = 0; i < m->ties; i++) {
        size_t a = m->ends[2 * i], b = m->ends[2 * i + 1];
        through[a] += 1.0 / (double)(m->degree[b] + 1);
        through[b] += 1.0 / (double)(m->degree[a] + 1);
    }
    for (i = 0; i < m->n; i++) {
        double share = (1.0 + through[i]) / (double)m->n;
        c += share * share;
    }
    kr_free(through);
    m->ego_constraint = c;
    return 0;
}

kring_status kring_metrics_compute(const kring_case *c, kring_metrics *m,
                                   kring_error *err)
{
    size_t n = c->n_people, slots = n ? n : 1, i;
    size_t *ends = NULL;
    struct ig_guard guard;
    kring_status rc;

    memset(m, 0, sizeof *m);
    m->n = n;
    m->ties = c->n_ties;
    m->ego_effective_size = NAN;
    m->ego_constraint = NAN;
    m->degree = kr_calloc(slots, sizeof *m->degree);
    m->betweenness = kr_calloc(slots, sizeof *m->betweenness);
    ends = m->ends = kr_malloc((c->n_ties ? 2 * c->n_ties : 1) * sizeof *ends);
    if (m->degree == NULL || m->betweenness == NULL || ends == NULL) {
        rc = kr_nomem(err);
        goto out;
    }
    if ((rc = kr_tie_ends(c, ends, err)))
        goto out;
    if (n <= KR_SMALL_GRAPH) {
        if (small_measures(m)) {
            rc = kr_nomem(err);
            goto out;
        }
    } else {
        ig_enter(&guard);
        if ((rc = ig_leave(&guard, measure(ends, m), err)))
            goto out;
    }
    for (i = 0; i < n; i++)
        if (m->degree[i] == 0)
            m->isolates++;
    m->density = n < 2 ? 0.0 : (double)m->ties / ((double)n * (n - 1) / 2.0);
    if (n > 0) {
        m->ego_effective_size = (double)n - 2.0 * (double)m->ties / (double)n;
        if (ego_constraint(m))
            rc = kr_nomem(err);
    }
out:
    if (rc != KRING_OK)
        kring_metrics_release(m);
    return rc;
}

void kring_metrics_release(kring_metrics *m)
{
    if (m == NULL)
        return;
    kr_free(m->degree);
    kr_free(m->betweenness);
    kr_free(m->ends);
    m->ends = NULL;
    m->degree = NULL;
    m->betweenness = NULL;
}
