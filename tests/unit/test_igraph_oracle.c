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
