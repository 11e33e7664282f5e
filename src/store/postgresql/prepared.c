/* Statements prepared on a store's connection (pg_internal.h, struct
 * kr_prepared): kring server's row-level security makes every statement's
 * plan large, and the server parses and plans each once a connection
 * instead of at every run (docs/store.md). */
#include <stdio.h>
#include <string.h>

#include "pg_internal.h"

static uint64_t sql_hash(const char *sql)
{
    uint64_t h = 14695981039346656037ULL;

    for (; *sql != '\0'; sql++)
        h = (h ^ (unsigned char)*sql) * 1099511628211ULL;
    return h;
}

/* Runs SQL with P's parameters as a statement prepared on the connection:
 * prepared at its first run, while there is room for it (else run
 * unprepared). A statement the server refuses to prepare is not kept:
 * its error is the answer, as running it would have been. */
PGresult *kr_pg_run_prepared(kring_store *s, const char *sql,
                             const kr_params *p)
{
    kr_pg *pg = PG(s);
    uint64_t h = sql_hash(sql);
    char name[16];
    PGresult *r;
    int i;

    for (i = 0; i < pg->n_prepared; i++)
        if (pg->prepared[i].hash == h && strcmp(pg->prepared[i].sql, sql) == 0)
            break;
    if (i == pg->n_prepared) {
        char *copy;
        if (i == KR_PG_PREPARED || (copy = kr_strdup(sql)) == NULL)
            return PQexecParams(pg->conn, sql, p->n, NULL, p->v, NULL, NULL, 0);
        snprintf(name, sizeof name, "k%d", i);
        r = PQprepare(pg->conn, name, sql, p->n, NULL);
        if (r == NULL || PQresultStatus(r) != PGRES_COMMAND_OK) {
            kr_free(copy);
            return r;
        }
        PQclear(r);
        pg->prepared[i].sql = copy;
        pg->prepared[i].hash = h;
        pg->n_prepared++;
    }
    snprintf(name, sizeof name, "k%d", i);
    return PQexecPrepared(pg->conn, name, p->n, p->v, NULL, NULL, 0);
}

void kr_pg_prepared_forget(kring_store *s)
{
    /* Prepared on the connection that was closed only. */
    while (PG(s)->n_prepared > 0)
        kr_free(PG(s)->prepared[--PG(s)->n_prepared].sql);
}
