/* The walks over every case of PostgreSQL: the list of cases and the
 * cases' networks, through cursors read in batches in one transaction
 * that sees the database at one moment, never a query per case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "pg_internal.h"

/* Rows fetched from a cursor at a time: the walks hold this many rows of
 * each table, however many cases there are. */
#define FETCH "500"
#define FETCH_ROWS 500

/* A cursor read in batches of FETCH rows. */
struct cursor {
    const char *name;
    PGresult *r;
    int row, rows; /* the row at hand in R, and R's rows */
    int done;      /* the cursor has no more */
    /* Prefetched (struct fetches): the next batch asked for, and, once
     * answered, the batch; LAST once a batch came short. */
    int asked, last;
    PGresult *next;
};

/* The walk's cursors are read ahead: each batch's FETCH is sent, in
 * libpq's pipeline mode, as soon as the batch before it arrives, so that
 * the server reads the next rows while kring makes cases of these
 * (bench/README.md). The answers come in the order asked; one that is
 * another cursor's is kept for it. */
struct fetches {
    struct cursor *asked[4]; /* in the order sent */
    int n;
    int piped; /* in pipeline mode */
};

static void fetch_send(kring_store *s, struct fetches *f, struct cursor *c)
{
    char sql[64];

    snprintf(sql, sizeof sql, "FETCH " FETCH " FROM %s", c->name);
    /* A failure to send shows as the connection's at the answer. */
    if (PQsendQueryParams(PG(s)->conn, sql, 0, NULL, NULL, NULL, NULL, 0) == 1)
        PQpipelineSync(PG(s)->conn);
    f->asked[f->n++] = c;
    c->asked = 1;
}

/* The answer to the oldest FETCH sent, kept in its cursor's NEXT. */
static kring_status fetch_take(kring_store *s, struct fetches *f,
                               kring_error *err)
{
    struct cursor *c = f->asked[0];
    PGresult *r = PQgetResult(PG(s)->conn), *x;
    int answered = r != NULL;
    kring_status rc = KRING_OK;

    memmove(f->asked, f->asked + 1, (size_t)--f->n * sizeof *f->asked);
    c->asked = 0;
    if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = kr_pg_error(s, r, err);
        PQclear(r);
        r = NULL;
    }
    c->next = r;
    /* The NULL that ends the statement's answers, then the sync's. */
    while (answered && (x = PQgetResult(PG(s)->conn)) != NULL)
        PQclear(x);
    PQclear(PQgetResult(PG(s)->conn));
    return rc;
}

/* Makes the row at hand the next (the first after declaring); sets DONE
 * after the last. With F, the batches are read ahead. */
static kring_status cursor_next(kring_store *s, struct fetches *f,
                                struct cursor *c, kring_error *err)
{
    char sql[64];
    kring_status rc;

    if (c->done)
        return KRING_OK;
    if (c->r != NULL && ++c->row < c->rows)
        return KRING_OK;
    PQclear(c->r);
    c->r = NULL;
    if (c->last) {
        c->done = 1;
        return KRING_OK;
    }
    if (f != NULL) {
        if (!c->asked && c->next == NULL)
            fetch_send(s, f, c);
        while (c->next == NULL)
            if ((rc = fetch_take(s, f, err)))
                return rc;
        c->r = c->next;
        c->next = NULL;
    } else {
        snprintf(sql, sizeof sql, "FETCH " FETCH " FROM %s", c->name);
        if ((rc = kr_pg_run(s, sql, NULL, &c->r, err)))
            return rc;
    }
    c->row = 0;
    c->rows = PQntuples(c->r);
    c->done = c->rows == 0;
    c->last = c->rows < FETCH_ROWS;
    if (f != NULL && !c->last)
        fetch_send(s, f, c);
    return KRING_OK;
}

static kring_status cursor_open(kring_store *s, struct cursor *c,
                                const char *name, const char *query,
                                kring_error *err)
{
    char sql[1024];

    memset(c, 0, sizeof *c);
    c->name = name;
    snprintf(sql, sizeof sql, "DECLARE %s NO SCROLL CURSOR FOR %s", name,
             query);
    return kr_pg_run(s, sql, NULL, NULL, err);
}

/* Reads the N cursors C ahead (struct fetches), each's first batch. */
static kring_status fetches_start(kring_store *s, struct fetches *f,
                                  struct cursor **c, int n, kring_error *err)
{
    kring_status rc = KRING_OK;
    int i;

    memset(f, 0, sizeof *f);
    if (PQenterPipelineMode(PG(s)->conn) != 1)
        return kr_pg_error(s, NULL, err);
    f->piped = 1;
    for (i = 0; i < n; i++)
        fetch_send(s, f, c[i]);
    for (i = 0; rc == KRING_OK && i < n; i++)
        rc = cursor_next(s, f, c[i], err);
    return rc;
}

/* Waits for the answers still to come and leaves pipeline mode. */
static void fetches_end(kring_store *s, struct fetches *f)
{
    kring_error ignored;

    while (f->n > 0) {
        struct cursor *c = f->asked[0];
        fetch_take(s, f, &ignored);
        PQclear(c->next);
        c->next = NULL;
    }
    if (f->piped)
        PQexitPipelineMode(PG(s)->conn);
    f->piped = 0;
}

static void cursor_close(kring_store *s, struct cursor *c)
{
    char sql[64];

    PQclear(c->r);
    c->r = NULL;
    PQclear(c->next);
    c->next = NULL;
    if (c->name != NULL &&
        PQtransactionStatus(PG(s)->conn) == PQTRANS_INTRANS) {
        snprintf(sql, sizeof sql, "CLOSE %s", c->name);
        PQclear(PQexec(PG(s)->conn, sql));
    }
}

kring_status kr_pg_each_summary(kring_store *s, int passes, kring_summary_fn fn,
                                void *ctx, kring_error *err)
{
    struct cursor c = {0};
    kring_case_summary cs;
    kring_status rc;
    int own = 0, pass;

    /* Logged before the first line is handed on. */
    if (kr_pg_read_logged(s) && (rc = kr_pg_log_list(s, err)))
        return rc;
    /* Every pass reads the database as it was at the first. */
    if ((rc = kr_pg_read_begin(s, &own, err)))
        return rc;
    for (pass = 0; rc == KRING_OK && pass < passes; pass++) {
        if ((rc = cursor_open(s, &c, "kring_list", LIST_SQL, err)) ||
            (rc = cursor_next(s, NULL, &c, err)))
            break;
        while (rc == KRING_OK && !c.done) {
            kr_pg_summary_of(c.r, c.row, &cs);
            if ((rc = fn(&cs, pass, ctx, err)) == KRING_OK)
                rc = cursor_next(s, NULL, &c, err);
        }
        cursor_close(s, &c);
    }
    return kr_pg_read_end(s, own, rc, err);
}

/* --- the walk over every case ------------------------------------------- */

/* Three cursors read side by side in one transaction: the cases by code,
 * their people and their ties by case code, each in batches of FETCH
 * rows: the whole database in one pass, never a query per case, and the
 * memory of a batch whatever the number of cases. */
struct walk {
    kring_store *s;
    struct cursor cases, people, ties;
    struct fetches f; /* the cursors read ahead */
    int log;          /* reads are logged */
    long long logged; /* the highest case number logged before */
    long long *late;  /* cases added since: logged after the walk */
    size_t n_late, cap_late;
};

/* Adds the rows of cursor C whose column CODE_COL is the case's code. */
static kring_status take_rows(kring_store *s, struct fetches *f,
                              struct cursor *c, int code_col, kring_case *k,
                              kring_status (*add)(kring_case *,
                                                  const PGresult *, int,
                                                  kring_error *),
                              kring_error *err)
{
    kring_status rc = KRING_OK;
    int cmp;

    while (rc == KRING_OK && !c->done &&
           (cmp = strcmp(PQgetvalue(c->r, c->row, code_col), k->code)) <= 0) {
        /* Rows of no case (the schema's keys forbid them) are passed
         * over. */
        if (cmp == 0 && (rc = add(k, c->r, c->row, err)))
            break;
        rc = cursor_next(s, f, c, err);
    }
    return rc;
}

/* The next case of the walk into *OUT, or NULL after the last
 * (kr_next_fn). */
static kring_status walk_next(void *arg, kring_case **out, kring_error *err)
{
    struct walk *w = arg;
    kring_case *c;
    kring_status rc;
    long long key;

    *out = NULL;
    if (w->cases.done)
        return KRING_OK;
    if ((c = kring_case_new()) == NULL)
        return kr_nomem(err);
    rc = kr_pg_head_row(c, w->cases.r, w->cases.row, &key, err);
    if (rc == KRING_OK && w->log && key > w->logged) {
        if (kr_grow(&w->late, &w->cap_late, w->n_late + 1, sizeof *w->late))
            rc = kr_nomem(err);
        else
            w->late[w->n_late++] = key;
    }
    if (rc == KRING_OK)
        rc = take_rows(w->s, &w->f, &w->people, 24, c, kr_pg_add_person, err);
    if (rc == KRING_OK)
        rc = take_rows(w->s, &w->f, &w->ties, 5, c, kr_pg_add_tie, err);
    if (rc == KRING_OK)
        rc = cursor_next(w->s, &w->f, &w->cases, err);
    if (rc != KRING_OK) {
        kring_case_free(c);
        return rc;
    }
    *out = c;
    return KRING_OK;
}

kring_status kr_pg_each_network(kring_store *s, kring_case_fn fn, void *ctx,
                                int ahead, kring_error *err)
{
    struct walk w;
    kring_status rc;
    int own = 0;

    memset(&w, 0, sizeof w);
    w.s = s;
    w.log = kr_pg_read_logged(s);
    /* The reads are logged first, in one transaction; a case added before
     * the walk's moment has a higher number and is logged after it. */
    if (w.log && (rc = kr_pg_log_read_all(s, &w.logged, err)))
        return rc;
    if ((rc = kr_pg_read_begin(s, &own, err)))
        return rc;
    if ((rc = cursor_open(s, &w.cases, "kring_cases",
                          "SELECT " CASE_COLUMNS " FROM cases ORDER BY code",
                          err)) ||
        (rc = cursor_open(s, &w.people, "kring_people",
                          "SELECT " PEOPLE_COLUMNS ", case_code FROM people "
                          "ORDER BY case_code, seq",
                          err)) ||
        (rc = cursor_open(s, &w.ties, "kring_ties",
                          "SELECT " TIE_COLUMNS ", case_code FROM ties ORDER "
                          "BY case_code, seq",
                          err)))
        goto out;
    {
        struct cursor *c[3] = {&w.cases, &w.people, &w.ties};
        if ((rc = fetches_start(s, &w.f, c, 3, err)))
            goto out;
    }
    /* Ahead, the server's rows are fetched and made into cases on a
     * second thread while FN works on the ones before. */
    rc = ahead ? kr_walk_ahead(walk_next, &w, fn, ctx, err)
               : kr_walk_in_turn(walk_next, &w, fn, ctx, err);
out:
    fetches_end(s, &w.f);
    cursor_close(s, &w.cases);
    cursor_close(s, &w.people);
    cursor_close(s, &w.ties);
    rc = kr_pg_read_end(s, own, rc, err);
    if (w.n_late > 0) {
        kring_status r2 = kr_pg_log_reads(s, w.late, w.n_late, err);
        if (rc == KRING_OK)
            rc = r2;
    }
    kr_free(w.late);
    return rc;
}
