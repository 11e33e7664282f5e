/* kring-writers: many professionals editing the same few cases at once
 * (issue 22): WRITERS threads, each with its own store (a connection of
 * its own on PostgreSQL), for SECONDS seconds make read-modify-write edits
 * of one person in one of CASES cases, as a web form does: read the case,
 * take the person's counter from their notes ("n=41") and their version,
 * and change the notes to the counter plus one with that version
 * (kring_change_person_set() with IF_VERSION). An edit refused because
 * the person changed since it was read is a stale edit, counted; every
 * other failure is counted as unexplained.
 *
 * usage: kring-writers DB [WRITERS] [SECONDS] [CASES]
 *
 * Makes the cases first. No update is lost when, for every case, the
 * counter in the notes at the end equals the number of edits accepted:
 * each accepted edit raised it by one from what it read, and an edit made
 * on a stale read was refused. Prints the counts; exit 1 on a lost update
 * or an unexplained failure. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kring/kring.h>

struct shared {
    const char *db;
    int cases;
    double until; /* monotonic seconds */
    pthread_mutex_t lock;
    long *accepted; /* per case */
    long stale, unexplained, tries;
    char last_error[KRING_ERROR_TEXT_MAX];
};

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One edit of case K by store S: 1 accepted, 0 stale, -1 other. */
static int edit(kring_store *s, int k, kring_error *err)
{
    char code[32], notes[32], version[KRING_VERSION_LEN + 1];
    kring_actor who = {NULL, "person set"};
    kring_case *c = NULL;
    kring_field f;
    kring_status rc;
    long at, n;

    snprintf(code, sizeof code, "w-%03d", k);
    if (kring_store_load_network(s, code, &c, err) != KRING_OK)
        return -1;
    at = kring_case_find_id(c, "mentor");
    if (at < 0) {
        kring_case_free(c);
        return -1;
    }
    n = strtol(c->people[at].notes + 2, NULL, 10);
    kring_person_version(&c->people[at], version);
    kring_case_free(c);
    snprintf(notes, sizeof notes, "n=%ld", n + 1);
    f.name = "notes";
    f.value = notes;
    rc = kring_change_person_set(s, &who, code, "mentor", &f, 1, version, NULL,
                                 NULL, err);
    return rc == KRING_OK ? 1 : rc == KRING_ERR_CONFLICT ? 0 : -1;
}

static void *writer(void *arg)
{
    struct shared *sh = arg;
    unsigned seed = (unsigned)(size_t)pthread_self();
    kring_store *s = NULL;
    kring_error err;

    if (kring_store_open(sh->db, 0, &s, &err) != KRING_OK) {
        pthread_mutex_lock(&sh->lock);
        sh->unexplained++;
        snprintf(sh->last_error, sizeof sh->last_error, "%s", err.text);
        pthread_mutex_unlock(&sh->lock);
        return NULL;
    }
    while (now() < sh->until) {
        int k = (int)(rand_r(&seed) % (unsigned)sh->cases);
        int r = edit(s, k, &err);
        pthread_mutex_lock(&sh->lock);
        sh->tries++;
        if (r == 1)
            sh->accepted[k]++;
        else if (r == 0)
            sh->stale++;
        else {
            sh->unexplained++;
            snprintf(sh->last_error, sizeof sh->last_error, "%s", err.text);
        }
        pthread_mutex_unlock(&sh->lock);
    }
    kring_store_close(s);
    return NULL;
}

int main(int argc, char **argv)
{
    struct shared sh;
    int writers, seconds, i, lost = 0;
    long accepted = 0;
    kring_store *s = NULL;
    kring_error err;
    pthread_t *t;

    if (argc < 2 || argc > 5) {
        fprintf(stderr, "usage: kring-writers DB [WRITERS] [SECONDS] [CASES]\n");
        return 2;
    }
    memset(&sh, 0, sizeof sh);
    sh.db = argv[1];
    writers = argc > 2 ? atoi(argv[2]) : 20;
    seconds = argc > 3 ? atoi(argv[3]) : 60;
    sh.cases = argc > 4 ? atoi(argv[4]) : 10;
    if (writers < 1 || seconds < 1 || sh.cases < 1) {
        fprintf(stderr, "kring-writers: give numbers above 0\n");
        return 2;
    }
    if (kring_store_open(sh.db, 0, &s, &err) != KRING_OK) {
        fprintf(stderr, "kring-writers: %s\n", err.text);
        return 1;
    }
    for (i = 0; i < sh.cases; i++) {
        char json[256];
        kring_case *c = NULL;
        snprintf(json, sizeof json,
                 "{\"kring\": 1, \"case\": {\"code\": \"w-%03d\", \"name\": "
                 "\"W\"}, \"people\": [{\"id\": \"mentor\", \"name\": "
                 "\"Mentor\", \"role\": \"coach\", \"ring\": 2, \"notes\": "
                 "\"n=0\"}]}",
                 i);
        if (kring_casefile_parse(json, strlen(json), "w", &c, &err) !=
                KRING_OK ||
            kring_store_put_case(s, c, true, &err) != KRING_OK) {
            fprintf(stderr, "kring-writers: %s\n", err.text);
            return 1;
        }
        kring_case_free(c);
    }
    sh.accepted = calloc((size_t)sh.cases, sizeof *sh.accepted);
    t = calloc((size_t)writers, sizeof *t);
    if (sh.accepted == NULL || t == NULL)
        return 1;
    pthread_mutex_init(&sh.lock, NULL);
    sh.until = now() + seconds;
    for (i = 0; i < writers; i++)
        pthread_create(&t[i], NULL, writer, &sh);
    for (i = 0; i < writers; i++)
        pthread_join(t[i], NULL);
    for (i = 0; i < sh.cases; i++) {
        char code[32];
        kring_case *c = NULL;
        long n;
        snprintf(code, sizeof code, "w-%03d", i);
        if (kring_store_load_network(s, code, &c, &err) != KRING_OK) {
            fprintf(stderr, "kring-writers: %s\n", err.text);
            return 1;
        }
        n = strtol(c->people[0].notes + 2, NULL, 10);
        if (n != sh.accepted[i]) {
            fprintf(stderr,
                    "kring-writers: case %s: %ld edits accepted, the counter "
                    "is %ld: %ld lost\n",
                    code, sh.accepted[i], n, sh.accepted[i] - n);
            lost += (int)(sh.accepted[i] - n);
        }
        accepted += sh.accepted[i];
        kring_case_free(c);
    }
    kring_store_close(s);
    printf("%d writers, %d s, %d cases: %ld edits tried, %ld accepted "
           "(%.0f a second), %ld stale edits refused, %d lost, %ld "
           "unexplained failures\n",
           writers, seconds, sh.cases, sh.tries, accepted,
           (double)accepted / seconds, sh.stale, lost, sh.unexplained);
    if (sh.unexplained > 0)
        fprintf(stderr, "kring-writers: the last failure: %s\n", sh.last_error);
    free(sh.accepted);
    free(t);
    return lost != 0 || sh.unexplained != 0;
}
