/* kring's measures against igraph itself, on the ego network built the
 * long way: the young person as one more vertex tied to everyone. Where
 * kring works a measure out by formula (the ego network's constraint and
 * effective size), igraph's general routine must give the same number. */
#include <criterion/criterion.h>
#include <igraph.h>
#include <math.h>
#include <stdio.h>

#include <kring/kring.h>

#include "gen.h"

#define CASES 400

/* Column of the person with ID in C. */
static igraph_integer_t vertex(const kring_case *c, const char *id)
{
    size_t i;

    for (i = 0; i < c->n_people; i++)
        if (strcmp(c->people[i].id, id) == 0)
            return (igraph_integer_t)i;
    cr_assert_fail("no person '%s'", id);
    return -1;
}

/* igraph's constraint and effective size of the ego (vertex n) of C's ego
 * network, and the alter graph's betweenness. */
static void igraph_ego(const kring_case *c, double *constraint,
                       double *effective, igraph_vector_t *between)
{
    igraph_integer_t n = (igraph_integer_t)c->n_people, i;
    igraph_vector_int_t edges;
    igraph_vector_t con;
    igraph_t g;

    igraph_vector_int_init(&edges, 0);
    for (i = 0; i < (igraph_integer_t)c->n_ties; i++) {
        igraph_vector_int_push_back(&edges, vertex(c, c->ties[i].a));
        igraph_vector_int_push_back(&edges, vertex(c, c->ties[i].b));
    }
    cr_assert_eq(igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED), 0);
    cr_assert_eq(igraph_betweenness(&g, between, igraph_vss_all(),
                                    IGRAPH_UNDIRECTED, NULL),
                 0);
    igraph_destroy(&g);
    for (i = 0; i < n; i++) {
        igraph_vector_int_push_back(&edges, n);
        igraph_vector_int_push_back(&edges, i);
    }
    cr_assert_eq(igraph_create(&g, &edges, n + 1, IGRAPH_UNDIRECTED), 0);
    igraph_vector_init(&con, 0);
    cr_assert_eq(igraph_constraint(&g, &con, igraph_vss_1(n), NULL), 0);
    *constraint = VECTOR(con)[0];
    /* Effective size (Borgatti): degree minus the mean degree of the
     * alters among themselves, counted here from the graph. */
    {
        igraph_vector_int_t deg;
        double sum = 0.0;
        igraph_vector_int_init(&deg, 0);
        igraph_degree(&g, &deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS);
        for (i = 0; i < n; i++)
            sum += (double)(VECTOR(deg)[i] - 1); /* less the tie to ego */
        *effective = (double)n - sum / (double)n;
        igraph_vector_int_destroy(&deg);
    }
    igraph_vector_destroy(&con);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&edges);
}

Test(oracle, ego_measures_agree_with_igraph_on_the_ego_network)
{
    struct gen_rng r = {0x5eed0f1ceULL};
    int i, compared = 0;

    for (i = 0; i < CASES; i++) {
        char code[32];
        kring_case *c;
        kring_metrics m;
        kring_error err;
        igraph_vector_t between;
        double constraint, effective;
        size_t v;

        snprintf(code, sizeof code, "o-%d", i);
        c = gen_case(&r, code, 1 + (int)gen_below(&r, 60));
        cr_assert_not_null(c);
        cr_assert_eq(kring_metrics_compute(c, &m, &err), KRING_OK, "%s",
                     err.text);
        igraph_vector_init(&between, 0);
        igraph_ego(c, &constraint, &effective, &between);
        cr_assert(fabs(m.ego_constraint - constraint) < 1e-12,
                  "%s: constraint %.17g, igraph %.17g", code, m.ego_constraint,
                  constraint);
        cr_assert(fabs(m.ego_effective_size - effective) < 1e-12,
                  "%s: effective size %.17g, igraph %.17g", code,
                  m.ego_effective_size, effective);
        for (v = 0; v < m.n; v++)
            cr_assert(fabs(m.betweenness[v] - VECTOR(between)[v]) < 1e-9);
        igraph_vector_destroy(&between);
        kring_metrics_release(&m);
        kring_case_free(c);
        compared++;
    }
    cr_assert_eq(compared, CASES);
}

/* A case of N people "p0".."pN-1" and the ties of EDGES (NE pairs of
 * indexes), built through the model's own checks. */
static kring_case *graph_case(int n, const int *edges, int ne)
{
    kring_case *c = kring_case_new();
    kring_error err;
    int i;

    cr_assert_not_null(c);
    for (i = 0; i < n; i++) {
        kring_person p;
        char id[16];
        snprintf(id, sizeof id, "p%d", i);
        kring_person_init(&p, KRING_ROLE_FRIEND, 2);
        p.id = strdup(id);
        p.name = strdup(id);
        cr_assert_eq(kring_case_add_person(c, &p, &err), KRING_OK, "%s",
                     err.text);
    }
    for (i = 0; i < ne; i++) {
        kring_tie t = {0};
        char a[16], b[16];
        snprintf(a, sizeof a, "p%d", edges[2 * i]);
        snprintf(b, sizeof b, "p%d", edges[2 * i + 1]);
        t.a = strdup(a);
        t.b = strdup(b);
        cr_assert_eq(kring_case_add_tie(c, &t, &err), KRING_OK, "%s", err.text);
    }
    return c;
}

/* Up to MAX distinct ties among N people, each pair with chance P in 1000,
 * in a random order and either direction; the people of [0, N) with index
 * in SKIP (a bit per person, up to 64) get none (isolated). Returns the
 * number of ties. */
static int random_ties(struct gen_rng *r, int n, unsigned p, uint64_t skip,
                       int *edges, int max)
{
    int a, b, ne = 0, i;

    for (a = 0; a < n; a++)
        for (b = a + 1; b < n && ne < max; b++) {
            if ((a < 64 && (skip >> a & 1)) || (b < 64 && (skip >> b & 1)))
                continue;
            if (gen_below(r, 1000) >= p)
                continue;
            edges[2 * ne] = gen_below(r, 2) ? a : b;
            edges[2 * ne + 1] = edges[2 * ne] == a ? b : a;
            ne++;
        }
    for (i = ne - 1; i > 0; i--) { /* shuffle the order of the ties */
        int j = (int)gen_below(r, (unsigned)i + 1), t0 = edges[2 * i],
            t1 = edges[2 * i + 1];
        edges[2 * i] = edges[2 * j];
        edges[2 * i + 1] = edges[2 * j + 1];
        edges[2 * j] = t0;
        edges[2 * j + 1] = t1;
    }
    return ne;
}

/* kring's betweenness, degree, components and isolates of C against
 * igraph's on the same graph: the betweenness within 1e-9 and, since
 * kring does igraph's operations in igraph's order, the same double. */
static void compare_with_igraph(const kring_case *c, const char *what)
{
    igraph_integer_t n = (igraph_integer_t)c->n_people, i, nc = 0, iso = 0;
    igraph_vector_int_t edges, deg;
    igraph_vector_t bet;
    kring_metrics m;
    kring_error err;
    igraph_t g;

    cr_assert_eq(kring_metrics_compute(c, &m, &err), KRING_OK, "%s", err.text);
    igraph_vector_int_init(&edges, 0);
    for (i = 0; i < (igraph_integer_t)c->n_ties; i++) {
        igraph_vector_int_push_back(&edges, vertex(c, c->ties[i].a));
        igraph_vector_int_push_back(&edges, vertex(c, c->ties[i].b));
    }
    cr_assert_eq(igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED), 0);
    igraph_vector_init(&bet, 0);
    igraph_vector_int_init(&deg, 0);
    cr_assert_eq(
        igraph_betweenness(&g, &bet, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL),
        0);
    igraph_degree(&g, &deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS);
    igraph_connected_components(&g, NULL, NULL, &nc, IGRAPH_WEAK);
    for (i = 0; i < n; i++) {
        cr_assert(fabs(m.betweenness[i] - VECTOR(bet)[i]) < 1e-9,
                  "%s: betweenness of p%ld %.17g, igraph %.17g", what, (long)i,
                  m.betweenness[i], VECTOR(bet)[i]);
        cr_assert(m.betweenness[i] == VECTOR(bet)[i],
                  "%s: betweenness of p%ld %.17g, igraph %.17g (not the same "
                  "double)",
                  what, (long)i, m.betweenness[i], VECTOR(bet)[i]);
        cr_assert_eq(m.degree[i], (long)VECTOR(deg)[i], "%s", what);
        iso += VECTOR(deg)[i] == 0;
    }
    cr_assert_eq(m.components, (size_t)nc, "%s: %zu components, igraph %ld",
                 what, m.components, (long)nc);
    cr_assert_eq(m.isolates, (size_t)iso, "%s", what);
    igraph_vector_int_destroy(&deg);
    igraph_vector_destroy(&bet);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&edges);
    kring_metrics_release(&m);
}

#define MAX_TIES 4000

/* Random graphs of every density, from 0 to 300 people (kring's own
 * measures up to 256, igraph's above: both held to igraph), with people
 * left without ties and graphs in several parts. */
Test(oracle, betweenness_degree_and_components_agree_with_igraph)
{
    static int edges[2 * MAX_TIES];
    static const unsigned densities[] = {0, 20, 60, 120, 250, 500, 900, 1000};
    struct gen_rng r = {0xbe7ee4ULL};
    int i, compared = 0;

    for (i = 0; i < 1500; i++) {
        int n =
            i < 1400 ? (int)gen_below(&r, 41) : 200 + (int)gen_below(&r, 101);
        unsigned p = densities[gen_below(&r, 8)];
        uint64_t skip = gen_below(&r, 3) ? 0 : gen_next(&r) & gen_next(&r);
        int ne =
            random_ties(&r, n, n > 100 ? p / 10 : p, skip, edges, MAX_TIES);
        char what[64];
        kring_case *c = graph_case(n, edges, ne);
        snprintf(what, sizeof what, "graph %d (%d people, %d ties)", i, n, ne);
        compare_with_igraph(c, what);
        kring_case_free(c);
        compared++;
    }
    cr_assert_eq(compared, 1500);
}

/* Graphs whose answers are known by hand: a path, a star, a cycle, two
 * triangles joined at a person, and many shortest paths side by side. */
Test(oracle, betweenness_of_small_graphs_is_known_by_hand)
{
    static const int path[] = {0, 1, 1, 2, 2, 3, 3, 4};
    static const int star[] = {0, 1, 0, 2, 0, 3, 0, 4};
    static const int cycle[] = {0, 1, 1, 2, 2, 3, 3, 0};
    static const int bowtie[] = {0, 1, 1, 2, 2, 0, 2, 3, 3, 4, 4, 2};
    /* 0 and 5 joined through 1, 2, 3 and 4 side by side (each pair of those
     * has two shortest paths, through 0 and 5), and 6 alone. */
    static const int fan[] = {0, 1, 0, 2, 0, 3, 0, 4, 5, 1, 5, 2, 5, 3, 5, 4};
    static const double path_b[] = {0, 3, 4, 3, 0};
    static const double star_b[] = {6, 0, 0, 0, 0};
    static const double cycle_b[] = {0.5, 0.5, 0.5, 0.5};
    static const double bowtie_b[] = {0, 0, 4, 0, 0};
    static const double fan_b[] = {3, 0.25, 0.25, 0.25, 0.25, 3, 0};
    const struct {
        int n, ne;
        const int *e;
        const double *b;
        size_t components;
    } g[] = {{5, 4, path, path_b, 1},
             {5, 4, star, star_b, 1},
             {4, 4, cycle, cycle_b, 1},
             {5, 6, bowtie, bowtie_b, 1},
             {7, 8, fan, fan_b, 2}};
    size_t k;
    int i;

    for (k = 0; k < sizeof g / sizeof g[0]; k++) {
        kring_case *c = graph_case(g[k].n, g[k].e, g[k].ne);
        kring_metrics m;
        kring_error err;
        cr_assert_eq(kring_metrics_compute(c, &m, &err), KRING_OK);
        for (i = 0; i < g[k].n; i++)
            cr_assert(fabs(m.betweenness[i] - g[k].b[i]) < 1e-12,
                      "graph %zu, p%d: %.17g, by hand %g", k, i,
                      m.betweenness[i], g[k].b[i]);
        cr_assert_eq(m.components, g[k].components, "graph %zu", k);
        kring_metrics_release(&m);
        kring_case_free(c);
    }
}
