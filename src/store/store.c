/* The store's front: chooses the backend for a place, keeps what every
 * backend shares (the audit log's account and command, a thread's read
 * command, stores kept open for a server's threads), and hands each
 * operation to the backend (backend.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"

/* The backends, asked in order; the last, SQLite, claims every path that
 * is not an address. */
static const kr_store_ops *const backends[] = {&kr_postgresql_store,
                                               &kr_sqlite_store};

char *kring_store_default_path(kring_error *err)
{
    const char *env = getenv("KRING_DB");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    char *path;
    size_t n;

    if (env != NULL && env[0] != '\0')
        return kr_strdup(env);
    if (xdg == NULL || xdg[0] != '/')
        xdg = NULL;
    if (xdg == NULL && (home == NULL || home[0] == '\0')) {
        kr_error_set(err, KRING_ERR_INVALID, "%s",
                     _("no database: give --db PATH or set KRING_DB (HOME "
                       "is not set)"));
        return NULL;
    }
    n = strlen(xdg ? xdg : home) + 40;
    if ((path = kr_malloc(n)) == NULL) {
        kr_nomem(err);
        return NULL;
    }
    if (xdg != NULL)
        snprintf(path, n, "%s/kring/kring.db", xdg);
    else
        snprintf(path, n, "%s/.local/share/kring/kring.db", home);
    return path;
}

kring_status kring_store_set_command(kring_store *s, const char *command,
                                     kring_error *err)
{
    return kr_set_string(&s->command, command, err);
}

kring_status kring_store_set_user(kring_store *s, const char *user,
                                  kring_error *err)
{
    char *name;

    if (user != NULL) {
        s->user_given = 1;
        return kr_set_string(&s->user, user, err);
    }
    if ((name = kr_user_name()) == NULL)
        return kr_nomem(err);
    kr_free(s->user);
    s->user = name;
    s->user_given = 0;
    return KRING_OK;
}

/* --- stores kept open (kring_store_keep_open()) ----------------------- */

#define KEPT_STORES 4

struct kept {
    kring_store *s[KEPT_STORES];
};

static pthread_key_t kept_key;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;
static _Thread_local int keeping;

/* Closes S for good: the backend's part, then the shared one. */
static void really_close(kring_store *s)
{
    if (s == NULL)
        return;
    s->ops->close(s);
    kr_free(s->where);
    kr_free(s->user);
    kr_free(s->command);
    kr_free(s->role);
    kr_free(s->address);
    kr_free(s);
}

static void kept_free(void *p)
{
    struct kept *k = p;
    int i;

    if (k == NULL)
        return;
    for (i = 0; i < KEPT_STORES; i++)
        really_close(k->s[i]);
    free(k);
}

static void kept_make_key(void)
{
    if (pthread_key_create(&kept_key, kept_free) != 0)
        abort();
}

void kring_store_keep_open(int on)
{
    struct kept *k;

    pthread_once(&kept_once, kept_make_key);
    keeping = on;
    if (!on && (k = pthread_getspecific(kept_key)) != NULL) {
        pthread_setspecific(kept_key, NULL);
        kept_free(k);
    }
}

/* S acting as no account, as when it was opened. The backend's reusable()
 * has made the store behind it act as nobody; here it is forgotten. */
static void act_as_nobody(kring_store *s)
{
    s->user_id = 0;
    kr_free(s->role);
    kr_free(s->address);
    s->role = s->address = NULL;
}

/* A kept store of this thread opened from WHERE with FLAGS that may serve
 * again, taken out; NULL if none. One that may not is closed. */
static kring_store *kept_take(const char *where, unsigned flags)
{
    struct kept *k = keeping ? pthread_getspecific(kept_key) : NULL;
    kring_store *s;
    int i;

    for (i = 0; k != NULL && i < KEPT_STORES; i++) {
        if ((s = k->s[i]) == NULL || s->flags != flags ||
            strcmp(s->where, where) != 0)
            continue;
        k->s[i] = NULL;
        /* As it was opened: acting as nobody, the account kring runs as,
         * and no command named yet. */
        if (s->ops->reusable(s, where)) {
            act_as_nobody(s);
            if (kr_set_string(&s->command, "kring", NULL) == KRING_OK &&
                (!s->user_given ||
                 kring_store_set_user(s, NULL, NULL) == KRING_OK))
                return s;
        }
        really_close(s);
    }
    return NULL;
}

/* Keeps S for this thread's next open; 0 if it cannot be kept. */
static int kept_put(kring_store *s)
{
    struct kept *k;
    int i;

    if (!keeping)
        return 0;
    if ((k = pthread_getspecific(kept_key)) == NULL) {
        if ((k = calloc(1, sizeof *k)) == NULL)
            return 0;
        if (pthread_setspecific(kept_key, k) != 0) {
            free(k);
            return 0;
        }
    }
    for (i = 0; i < KEPT_STORES; i++)
        if (k->s[i] == NULL) {
            k->s[i] = s;
            return 1;
        }
    return 0;
}

int kring_store_is_file(const char *where)
{
    return !kr_is_address(where);
}

kring_status kring_store_preload(const char *path, kring_error *err)
{
    size_t i;

    for (i = 0; i < sizeof backends / sizeof backends[0]; i++)
        if (backends[i]->claims(path))
            return backends[i]->preload != NULL ? backends[i]->preload(err)
                                                : KRING_OK;
    return KRING_OK; /* kring_store_open() says what is wrong */
}

kring_status kring_store_open(const char *path, unsigned flags,
                              kring_store **out, kring_error *err)
{
    const kr_store_ops *ops = NULL;
    kring_store *s;
    kring_status rc;
    size_t i;

    if ((*out = kept_take(path, flags)) != NULL)
        return KRING_OK;
    for (i = 0; i < sizeof backends / sizeof backends[0]; i++)
        if (backends[i]->claims(path)) {
            ops = backends[i];
            break;
        }
    if (ops == NULL)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("this kring keeps cases in a database file, "
                              "not at an address: give the file's path"));
    if ((s = kr_calloc(1, ops->size)) == NULL)
        return kr_nomem(err);
    s->ops = ops;
    s->flags = flags;
    s->readonly = (flags & KRING_STORE_READONLY) != 0;
    if ((s->where = kr_strdup(path)) == NULL ||
        (s->user = kr_user_name()) == NULL ||
        (s->command = kr_strdup("kring")) == NULL) {
        kr_free(s->where);
        kr_free(s->user);
        kr_free(s);
        return kr_nomem(err);
    }
    if ((rc = ops->open(s, path, flags, err)) != KRING_OK) {
        really_close(s);
        return rc;
    }
    *out = s;
    return KRING_OK;
}

void kring_store_close(kring_store *s)
{
    if (s == NULL)
        return;
    s->ops->rollback(s);
    /* Whether it may serve again is asked when it is taken back. */
    if (!kept_put(s))
        really_close(s);
}

int kring_store_reusable(kring_store *s, const char *path)
{
    if (s == NULL || !s->ops->reusable(s, path))
        return 0;
    act_as_nobody(s);
    return 1;
}

kring_status kring_store_begin(kring_store *s, kring_error *err)
{
    kring_status rc = s->ops->begin(s, err);

    s->retryable = 0;
    s->tx_open = rc == KRING_OK;
    return rc;
}

kring_status kring_store_commit(kring_store *s, kring_error *err)
{
    s->tx_open = 0;
    return s->ops->commit(s, err);
}

void kring_store_rollback(kring_store *s)
{
    s->tx_open = 0;
    s->ops->rollback(s);
}

int kring_store_retry(kring_store *s, int tries)
{
    struct timespec t;
    long long us;

    if (s == NULL || !s->retryable || tries >= KR_TRIES) {
        /* Reported: a caller around this one does not try it again. */
        if (s != NULL)
            s->retryable = 0;
        return 0;
    }
    s->retryable = 0;
    if (s->seed == 0)
        s->seed = (unsigned long long)getpid() * 2654435761ULL ^
                  (unsigned long long)time(NULL) ^ (unsigned long long)s;
    s->seed = s->seed * 6364136223846793005ULL + 1442695040888963407ULL;
    /* 10 ms doubling, each drawn between half and one and a half of it. */
    us = 10000LL << (tries - 1);
    us = us / 2 + (long long)((s->seed >> 33) % (unsigned long long)us);
    t.tv_sec = (time_t)(us / 1000000);
    t.tv_nsec = (long)(us % 1000000) * 1000;
    nanosleep(&t, NULL);
    return 1;
}

/* A single change outside kring_store_begin() is a transaction of the
 * backend's own: tried again while the database asks for it. */
#define ALONE(s, call)                                                         \
    do {                                                                       \
        kring_status rc_;                                                      \
        int try_ = 0;                                                          \
        (s)->retryable = 0;                                                    \
        while ((rc_ = (call)) != KRING_OK && !(s)->tx_open &&                  \
               kring_store_retry(s, ++try_))                                   \
            ;                                                                  \
        return rc_;                                                            \
    } while (0)

/* --- reading ------------------------------------------------------------ */

kring_status kring_store_list_cases(kring_store *s, kring_case_summary **out,
                                    size_t *n, kring_error *err)
{
    return s->ops->list_cases(s, out, n, err);
}

kring_status kring_store_each_summary(kring_store *s, int passes,
                                      kring_summary_fn fn, void *ctx,
                                      kring_error *err)
{
    return s->ops->each_summary(s, passes, fn, ctx, err);
}

kring_status kring_store_load_case(kring_store *s, const char *code,
                                   kring_case **out, kring_error *err)
{
    return s->ops->load(s, code, 1, out, NULL, err);
}

kring_status kring_store_load_network(kring_store *s, const char *code,
                                      kring_case **out, kring_error *err)
{
    return s->ops->load(s, code, 0, out, NULL, err);
}

kring_status kring_store_load_stamped(kring_store *s, const char *code,
                                      kring_case **out, uint64_t *stamp,
                                      kring_error *err)
{
    kring_status rc = s->ops->load(s, code, 0, out, stamp, err);

    /* 0 is "no stamp" to those who keep them. */
    if (rc == KRING_OK && *stamp == 0)
        *stamp = 1;
    return rc;
}

kring_status kring_store_case_version(kring_store *s, const char *code,
                                      uint64_t *version, kring_error *err)
{
    kring_status rc = s->ops->case_version(s, code, version, err);

    /* 0 is "no version" to those who keep them. */
    if (rc == KRING_OK && *version == 0)
        *version = 1;
    return rc;
}

kring_status kring_store_each_network(kring_store *s, kring_case_fn fn,
                                      void *ctx, kring_error *err)
{
    return s->ops->each_network(s, fn, ctx, 0, err);
}

kring_status kring_store_each_network_ahead(kring_store *s, kring_case_fn fn,
                                            void *ctx, kring_error *err)
{
    return s->ops->each_network(s, fn, ctx, 1, err);
}

kring_status kring_store_each_facts(kring_store *s, long long team,
                                    kring_facts_fn fn, void *ctx,
                                    kring_error *err)
{
    return s->ops->each_facts(s, team, fn, ctx, err);
}

kring_status kring_store_put_facts(kring_store *s, const char *code,
                                   long long version, const kring_case_facts *f,
                                   kring_error *err)
{
    ALONE(s, s->ops->put_facts(s, code, version, f, err));
}

kring_status kring_store_people_numbers(kring_store *s, const kring_case *c,
                                        long *number, kring_error *err)
{
    return s->ops->people_numbers(s, c, number, err);
}

kring_status kring_store_next_code_number(kring_store *s, int year,
                                          unsigned *next, kring_error *err)
{
    return s->ops->next_code_number(s, year, next, err);
}

/* --- changing ----------------------------------------------------------- */

/* The front checks what the model checks before a backend sees it (the
 * same rules and messages on every backend); the backend's database checks
 * it again with its own constraints. */

kring_status kring_store_put_case(kring_store *s, const kring_case *c,
                                  bool replace, kring_error *err)
{
    kring_status rc = kring_case_validate(c, err);

    if (rc != KRING_OK)
        return rc;
    ALONE(s, s->ops->put_case(s, c, replace, err));
}

kring_status kring_store_delete_case(kring_store *s, const char *code,
                                     kring_error *err)
{
    ALONE(s, s->ops->delete_case(s, code, "case removed", err));
}

kring_status kring_store_erase_case(kring_store *s, const char *code,
                                    kring_erasure why, kring_error *err)
{
    ALONE(s,
          s->ops->delete_case(s, code,
                              why == KRING_ERASE_RETENTION ? KR_ERASED_RETENTION
                                                           : KR_ERASED_REQUEST,
                              err));
}

kring_status kring_store_insert_person(kring_store *s, const char *code,
                                       const kring_person *p, kring_error *err)
{
    kring_status rc = kring_person_validate(p, err);

    if (rc != KRING_OK)
        return rc;
    ALONE(s, s->ops->insert_person(s, code, p, err));
}

kring_status kring_store_update_person(kring_store *s, const char *code,
                                       const kring_person *p, kring_error *err)
{
    kring_status rc = kring_person_validate(p, err);

    if (rc != KRING_OK)
        return rc;
    ALONE(s, s->ops->update_person(s, code, p, err));
}

kring_status kring_store_delete_person(kring_store *s, const char *code,
                                       const char *id, kring_error *err)
{
    ALONE(s, s->ops->delete_person(s, code, id, err));
}

kring_status kring_store_insert_tie(kring_store *s, const char *code,
                                    const kring_tie *t, kring_error *err)
{
    ALONE(s, s->ops->insert_tie(s, code, t, err));
}

kring_status kring_store_delete_tie(kring_store *s, const char *code,
                                    const char *a, const char *b,
                                    kring_error *err)
{
    ALONE(s, s->ops->delete_tie(s, code, a, b, err));
}

kring_status kring_store_update_tie(kring_store *s, const char *code,
                                    const kring_tie *t, kring_error *err)
{
    ALONE(s, s->ops->update_tie(s, code, t, err));
}

kring_status kring_store_insert_snapshot(kring_store *s, const char *code,
                                         const kring_snapshot *sn,
                                         kring_error *err)
{
    ALONE(s, s->ops->insert_snapshot(s, code, sn, err));
}

kring_status kring_store_insert_choice(kring_store *s, const char *code,
                                       const kring_choice *ch, kring_error *err)
{
    ALONE(s, s->ops->insert_choice(s, code, ch, err));
}

kring_status kring_store_set_case_extra(kring_store *s, const char *code,
                                        const char *extra, kring_error *err)
{
    ALONE(s, s->ops->set_case_extra(s, code, extra, err));
}

kring_status kring_store_insert_suggestion(kring_store *s, const char *code,
                                           const kring_suggestion *sg,
                                           kring_error *err)
{
    kring_status rc = kring_suggestion_validate(NULL, sg, err);

    if (rc != KRING_OK)
        return rc;
    ALONE(s, s->ops->insert_suggestion(s, code, sg, err));
}

kring_status kring_store_decide_suggestion(kring_store *s, const char *code,
                                           size_t n,
                                           kring_suggestion_status status,
                                           const char *date, kring_error *err)
{
    if (status == KRING_SUGGESTION_OPEN ||
        (unsigned)status >= KRING_SUGGESTION_STATUS_COUNT)
        return kr_error_set(err, KRING_ERR_INVALID, "%s",
                            _("a suggestion is accepted or declined"));
    if (n == 0)
        return kr_error_set(err, KRING_ERR_NOT_FOUND,
                            _("case '%s' has no open suggestion %zu"), code, n);
    ALONE(s, s->ops->decide_suggestion(s, code, n, status, date, err));
}

kring_status kring_store_insert_outcome(kring_store *s, const char *code,
                                        const kring_outcome *o,
                                        kring_error *err)
{
    kring_status rc = kring_outcome_validate(o, err);

    if (rc != KRING_OK)
        return rc;
    ALONE(s, s->ops->insert_outcome(s, code, o, err));
}

/* --- copying between stores --------------------------------------------- */

kring_status kring_store_case_keys(kring_store *s, const kring_case *c,
                                   kring_case_keys *k, kring_error *err)
{
    memset(k, 0, sizeof *k);
    if (c->n_people > 0 &&
        (k->person = kr_calloc(c->n_people, sizeof *k->person)) == NULL)
        return kr_nomem(err);
    return s->ops->case_keys(s, c, k, err);
}

void kring_case_keys_release(kring_case_keys *k)
{
    kr_free(k->person);
    k->person = NULL;
}

kring_status kring_store_put_copies(kring_store *s, const kring_case *const *c,
                                    const kring_case_keys *k, size_t n,
                                    bool replace, long long *case_key,
                                    size_t *taken, kring_error *err)
{
    kring_status rc;
    size_t i;

    for (i = 0; i < n; i++)
        if ((rc = kring_case_validate(c[i], err)))
            return rc;
    return s->ops->put_copies(s, c, k, n, replace, case_key, taken, err);
}

kring_status kring_store_read_back(kring_store *s, const char *const *code,
                                   size_t n, kring_case **out, kring_error *err)
{
    kring_status rc = KRING_OK;
    size_t i;

    if (s->ops->read_back != NULL)
        return s->ops->read_back(s, code, n, out, err);
    for (i = 0; i < n; i++)
        out[i] = NULL;
    for (i = 0; rc == KRING_OK && i < n; i++)
        rc = s->ops->load(s, code[i], 1, &out[i], NULL, err);
    if (rc != KRING_OK)
        for (i = 0; i < n; i++) {
            kring_case_free(out[i]);
            out[i] = NULL;
        }
    return rc;
}

kring_status kring_store_new_case_key(kring_store *s, long long *key,
                                      kring_error *err)
{
    return s->ops->new_case_key(s, key, err);
}

kring_status kring_store_append_audit(kring_store *s,
                                      const kring_audit_entry *e, size_t n,
                                      kring_error *err)
{
    return s->ops->append_audit(s, e, n, err);
}

/* --- keeping the store trustworthy -------------------------------------- */

kring_status kring_store_audit(kring_store *s, const char *code, unsigned what,
                               long long *case_key, kring_audit_entry **out,
                               size_t *n, kring_error *err)
{
    return s->ops->audit(s, code, what, case_key, out, n, err);
}

kring_status kring_store_backup(kring_store *s, const char *path,
                                kring_error *err)
{
    return s->ops->backup(s, path, err);
}

kring_status kring_store_check(kring_store *s, const char *path,
                               kring_check_report *r, kring_error *err)
{
    return s->ops->check(s, path, r, err);
}
