/* The young person's phone in the store (include/kring/youth.h,
 * docs/youth-phone.md): as kring server's role, an invitation made by a
 * professional of the case, claimed once, its session's states, the PIN's
 * tries counted and locking, acting as the young person (their case
 * only, nobody who frightens them), revoking, the access log's lines. On
 * SQLite every call says why not. The web's side is
 * tests/server/phone_check.py. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kring/kring.h"

/* 64 hex digits made of one digit: a hash for the store's calls. */
static const char *hash_of(char digit)
{
    static char h[4][65];
    static int next;
    char *out = h[next++ % 4];

    memset(out, digit, 64);
    out[64] = '\0';
    return out;
}

#define PIN_HASH "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaA"

Test(youth, a_file_has_no_phone_and_says_so)
{
    kring_store *s = NULL;
    kring_error err;
    kring_phone_state st;
    char code[80];

    T_SQLITE_ONLY("the phone is kring server's");
    cr_assert_eq(kring_store_open(t_noah_db(), 0, &s, &err), KRING_OK);
    cr_assert_eq(
        kring_youth_invite(s, "2026-014", hash_of('a'), hash_of('b'), 15, &err),
        KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "kring server") != NULL, "%s", err.text);
    cr_assert_eq(kring_youth_session(s, hash_of('c'), 1800, 3600, &st, code,
                                     sizeof code, NULL, &err),
                 KRING_ERR_INVALID);
    cr_assert_eq(st, KRING_PHONE_GONE);
    kring_store_close(s);
}

/* Case Y-1 of team Noord (anna's), with Oma Ria and Bob, who frightens
 * the young person, and a tie between them; case Y-2 of team Zuid. */
static const char *organisation(const char *dir)
{
    const char *db = t_db(dir, "youth.db");
    static const char *const cmds[][12] = {
        {"team", "add", "Noord"},
        {"team", "add", "Zuid"},
        {"user", "add", "anna", "--name", "Anna", "--role", "professional",
         "--team", "Noord"},
        {"user", "add", "bart", "--name", "Bart", "--role", "professional",
         "--team", "Zuid"},
        {"case", "new", "Y-1", "--name", "Yara"},
        {"case", "new", "Y-2", "--name", "Zita"},
        {"person", "add", "Y-1", "Oma Ria", "--role", "grandparent", "--ring",
         "1"},
        {"person", "add", "Y-1", "Bob", "--role", "other", "--ring", "2",
         "--frightens"},
        {"tie", "add", "Y-1", "oma-ria", "bob"},
        {"case", "assign", "Y-1", "--team", "Noord"},
        {"case", "assign", "Y-2", "--team", "Zuid"},
    };
    size_t i;

    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        const char *const *a = cmds[i];
        struct t_run r = t_cli(NULL, "--db", db, a[0], a[1], a[2], a[3], a[4],
                               a[5], a[6], a[7], a[8], a[9], NULL);
        cr_assert_eq(r.status, 0, "%s %s %s: %s", a[0], a[1], a[2], r.err);
        t_run_free(&r);
    }
    return db;
}

static kring_store *as(const char *where, const char *db, const char *login)
{
    kring_store *s = NULL;
    kring_error err;
    char sql[120];

    cr_assert_eq(kring_store_open(where, 0, &s, &err), KRING_OK, "%s",
                 err.text);
    if (login != NULL) {
        snprintf(sql, sizeof sql, "SELECT id FROM users WHERE login = '%s'",
                 login);
        cr_assert_eq(kring_store_act_as(s, t_sql_int(db, sql), NULL, &err),
                     KRING_OK, "%s", err.text);
    }
    return s;
}

Test(youth, an_invitation_opens_once_and_the_phone_sees_its_case_only)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    kring_store *s;
    kring_error err;
    kring_phone_state st;
    kring_invitation inv;
    kring_case *c = NULL;
    kring_case_summary *list = NULL;
    bool found = false;
    char code[80], hash[200];
    size_t n = 0;
    int left = -1;

    T_POSTGRESQL_ONLY("the phone is kring server's");
    db = organisation(dir);
    srv = t_as_server(db);
    /* Another team's professional: no such case to invite to. */
    s = as(srv, db, "bart");
    cr_assert_eq(
        kring_youth_invite(s, "Y-1", hash_of('a'), hash_of('b'), 15, &err),
        KRING_ERR_NOT_FOUND, "%s", err.text);
    kring_store_close(s);
    s = as(srv, db, "anna");
    cr_assert_eq(
        kring_youth_invite(s, "Y-1", hash_of('a'), hash_of('b'), 15, &err),
        KRING_OK, "%s", err.text);
    cr_assert_eq(kring_youth_latest(s, "Y-1", &inv, &found, &err), KRING_OK);
    cr_assert(found && inv.used[0] == '\0' && inv.open_by[0] != '\0');
    kring_store_close(s);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE event = "
                               "'invitation to the phone made'"),
                 1);

    /* Acting as nobody, the phone claims it by its link; once. */
    s = as(srv, db, NULL);
    cr_assert_eq(kring_youth_claim(s, hash_of('a'), NULL, PIN_HASH, NULL,
                                   hash_of('c'), 1800, "192.0.2.9", code,
                                   sizeof code, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_str_eq(code, "Y-1");
    cr_assert_eq(kring_youth_claim(s, NULL, hash_of('b'), PIN_HASH, NULL,
                                   hash_of('d'), 1800, NULL, code, sizeof code,
                                   &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_youth_session(s, hash_of('c'), 1800, 3600, &st, code,
                                     sizeof code, NULL, &err),
                 KRING_OK);
    cr_assert(st == KRING_PHONE_OPEN && strcmp(code, "Y-1") == 0);
    cr_assert_eq(kring_youth_session(s, hash_of('d'), 1800, 3600, &st, code,
                                     sizeof code, NULL, &err),
                 KRING_OK);
    cr_assert_eq(st, KRING_PHONE_GONE);

    /* As the young person: Y-1 only, without Bob nor his tie. */
    cr_assert_eq(kring_store_act_as_youth(s, hash_of('c'), NULL, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_list_cases(s, &list, &n, &err), KRING_OK);
    cr_assert(n == 1 && strcmp(list[0].code, "Y-1") == 0);
    kring_case_summaries_free(list, n);
    cr_assert_eq(kring_store_load_case(s, "Y-1", &c, &err), KRING_OK, "%s",
                 err.text);
    cr_assert(c->n_people == 1 && strcmp(c->people[0].name, "Oma Ria") == 0);
    cr_assert_eq(c->n_ties, 0);
    kring_case_free(c);
    c = NULL;
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE role = "
                               "'young_person' AND event = 'case read'"),
                 1);
    cr_assert_neq(kring_store_load_case(s, "Y-2", &c, &err), KRING_OK);
    kring_store_close(s);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE role = "
                               "'young_person' AND \"user\" = 'young person' "
                               "AND event = 'case read'"),
                 1);

    /* The PIN: each try counted first; 5 wrong lock it. */
    cr_assert_eq(t_sql_exec(db, "UPDATE youth_sessions SET unlocked_until = "
                                "now() - interval '1 second'"),
                 0);
    s = as(srv, db, NULL);
    cr_assert_eq(kring_youth_session(s, hash_of('c'), 1800, 3600, &st, code,
                                     sizeof code, NULL, &err),
                 KRING_OK);
    cr_assert_eq(st, KRING_PHONE_PIN);
    cr_assert_neq(kring_store_act_as_youth(s, hash_of('c'), NULL, &err),
                  KRING_OK);
    for (int i = 1; i <= 5; i++) {
        cr_assert_eq(
            kring_youth_pin_try(s, hash_of('c'), hash, sizeof hash, &err),
            KRING_OK, "%s", err.text);
        cr_assert_str_eq(hash, PIN_HASH);
        cr_assert_eq(t_sql_int(db, "SELECT tries FROM youth_invitations"), i);
        cr_assert_eq(kring_youth_pin_said(s, hash_of('c'), false, 1800, NULL,
                                          &left, &err),
                     KRING_OK);
        cr_assert_eq(left, 5 - i);
    }
    cr_assert_eq(kring_youth_pin_try(s, hash_of('c'), hash, sizeof hash, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_youth_session(s, hash_of('c'), 1800, 3600, &st, code,
                                     sizeof code, NULL, &err),
                 KRING_OK);
    cr_assert_eq(st, KRING_PHONE_GONE);
    kring_store_close(s);
    s = as(srv, db, "anna");
    cr_assert_eq(kring_youth_latest(s, "Y-1", &inv, &found, &err), KRING_OK);
    cr_assert(inv.locked[0] != '\0' && inv.used[0] != '\0');
    kring_store_close(s);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE event = "
                               "'invitation locked: PIN wrong too often'"),
                 1);
    free(dir);
}

Test(youth, revoking_ends_the_phone_at_its_next_request)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    kring_store *s;
    kring_error err;
    kring_phone_state st;
    char code[80];

    T_POSTGRESQL_ONLY("the phone is kring server's");
    db = organisation(dir);
    srv = t_as_server(db);
    s = as(srv, db, "anna");
    cr_assert_eq(
        kring_youth_invite(s, "Y-1", hash_of('a'), hash_of('b'), 15, &err),
        KRING_OK, "%s", err.text);
    kring_store_close(s);
    s = as(srv, db, NULL);
    cr_assert_eq(kring_youth_claim(s, NULL, hash_of('b'), PIN_HASH, NULL,
                                   hash_of('c'), 1800, NULL, code, sizeof code,
                                   &err),
                 KRING_OK, "%s", err.text);
    kring_store_close(s);
    s = as(srv, db, "anna");
    cr_assert_eq(kring_youth_revoke(s, "Y-1", &err), KRING_OK, "%s", err.text);
    kring_store_close(s);
    s = as(srv, db, NULL);
    cr_assert_eq(kring_youth_session(s, hash_of('c'), 1800, 3600, &st, code,
                                     sizeof code, NULL, &err),
                 KRING_OK);
    cr_assert_eq(st, KRING_PHONE_GONE);
    cr_assert_neq(kring_store_act_as_youth(s, hash_of('c'), NULL, &err),
                  KRING_OK);
    /* Its session is gone from the store at the server's next upkeep. */
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM youth_sessions"), 1);
    cr_assert_eq(kring_youth_purge(s, 3600, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM youth_sessions"), 0);
    /* Bad hashes never reach the database. */
    cr_assert_eq(kring_youth_session(s, "1234", 1800, 3600, &st, code,
                                     sizeof code, NULL, &err),
                 KRING_ERR_INVALID);
    kring_store_close(s);
    free(dir);
}

Test(youth, a_passkey_opens_the_phone_instead_of_a_pin)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    kring_passkey key = {.id = "AQIDBA", .key = "pQECAyYgASFYIA", .count = 0};
    kring_passkey got;
    kring_invitation inv;
    kring_store *s, *prof;
    bool found = false;
    kring_error err;
    kring_phone_state st;
    char code[80], hash[KRING_PASSKEY_KEY_MAX];
    int left = 0;

    T_POSTGRESQL_ONLY("the phone is kring server's");
    db = organisation(dir);
    srv = t_as_server(db);
    s = as(srv, db, "anna");
    cr_assert_eq(
        kring_youth_invite(s, "Y-1", hash_of('a'), hash_of('b'), 15, &err),
        KRING_OK, "%s", err.text);
    kring_store_close(s);
    s = as(srv, db, NULL);
    /* A PIN and a passkey at once, or neither, or a key not base64url:
     * refused before the database. */
    cr_assert_eq(kring_youth_claim(s, hash_of('a'), NULL, PIN_HASH, &key,
                                   hash_of('c'), 1800, NULL, code, sizeof code,
                                   &err),
                 KRING_ERR_INVALID);
    cr_assert_eq(kring_youth_claim(s, hash_of('a'), NULL, NULL, NULL,
                                   hash_of('c'), 1800, NULL, code, sizeof code,
                                   &err),
                 KRING_ERR_INVALID);
    snprintf(got.id, sizeof got.id, "AQ ID");
    snprintf(got.key, sizeof got.key, "%s", key.key);
    got.count = 0;
    cr_assert_eq(kring_youth_claim(s, hash_of('a'), NULL, NULL, &got,
                                   hash_of('c'), 1800, NULL, code, sizeof code,
                                   &err),
                 KRING_ERR_INVALID);
    cr_assert_eq(kring_youth_claim(s, hash_of('a'), NULL, NULL, &key,
                                   hash_of('c'), 1800, NULL, code, sizeof code,
                                   &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM youth_invitations WHERE "
                               "pin_hash IS NULL AND passkey_id = 'AQIDBA' "
                               "AND passkey_key = 'pQECAyYgASFYIA'"),
                 1);
    /* The professional sees that it opened with a passkey. */
    prof = as(srv, db, "anna");
    cr_assert_eq(kring_youth_latest(prof, "Y-1", &inv, &found, &err), KRING_OK);
    cr_assert(found && inv.passkey && inv.used[0] != '\0');
    kring_store_close(prof);
    /* Idle: the passkey is asked, not a PIN; the try counted first, and
     * the counter kept when right. */
    cr_assert_eq(t_sql_exec(db, "UPDATE youth_sessions SET unlocked_until = "
                                "now() - interval '1 second'"),
                 0);
    cr_assert_eq(kring_youth_session(s, hash_of('c'), 1800, 3600, &st, code,
                                     sizeof code, NULL, &err),
                 KRING_OK);
    cr_assert_eq(st, KRING_PHONE_KEY);
    cr_assert_eq(kring_youth_session(s, hash_of('c'), 1800, 3600, &st, code,
                                     sizeof code, got.id, &err),
                 KRING_OK);
    cr_assert(st == KRING_PHONE_KEY && strcmp(got.id, "AQIDBA") == 0 &&
                  strcmp(code, "Y-1") == 0,
              "%s %s", got.id, code);
    /* A PIN on it is no PIN (and still a try). */
    cr_assert_eq(kring_youth_pin_try(s, hash_of('c'), hash, sizeof hash, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_youth_key_try(s, hash_of('c'), &got, &err), KRING_OK,
                 "%s", err.text);
    cr_assert_str_eq(got.id, key.id);
    cr_assert_str_eq(got.key, key.key);
    cr_assert_eq(got.count, 0);
    cr_assert_eq(t_sql_int(db, "SELECT tries FROM youth_invitations"), 2);
    cr_assert_eq(kring_youth_key_said(s, hash_of('c'), true, 41, 1800, NULL,
                                      &left, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(left, 5);
    cr_assert_eq(t_sql_int(db, "SELECT passkey_count * 10 + tries FROM "
                               "youth_invitations"),
                 410);
    cr_assert_eq(kring_youth_session(s, hash_of('c'), 1800, 3600, &st, code,
                                     sizeof code, NULL, &err),
                 KRING_OK);
    cr_assert_eq(st, KRING_PHONE_OPEN);
    /* An answer with the same counter, found right by a check that ran
     * beside the first: refused by the database (a try); the next
     * counter is right. */
    cr_assert_eq(kring_youth_key_try(s, hash_of('c'), &got, &err), KRING_OK);
    cr_assert_eq(kring_youth_key_said(s, hash_of('c'), true, 41, 1800, NULL,
                                      &left, &err),
                 KRING_OK);
    cr_assert_eq(left, 4);
    cr_assert_eq(kring_youth_key_try(s, hash_of('c'), &got, &err), KRING_OK);
    cr_assert_eq(kring_youth_key_said(s, hash_of('c'), true, 42, 1800, NULL,
                                      &left, &err),
                 KRING_OK);
    cr_assert_eq(left, 5);
    /* Refused 5 times: locked, as for the PIN; the counter unchanged. */
    for (int i = 1; i <= 5; i++) {
        cr_assert_eq(kring_youth_key_try(s, hash_of('c'), &got, &err),
                     KRING_OK);
        cr_assert_eq(got.count, 42);
        cr_assert_eq(kring_youth_key_said(s, hash_of('c'), false, 99, 1800,
                                          NULL, &left, &err),
                     KRING_OK);
        cr_assert_eq(left, 5 - i);
    }
    cr_assert_eq(kring_youth_key_try(s, hash_of('c'), &got, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(t_sql_int(db, "SELECT passkey_count FROM youth_invitations "
                               "WHERE locked IS NOT NULL"),
                 42);
    kring_store_close(s);
    free(dir);
}
