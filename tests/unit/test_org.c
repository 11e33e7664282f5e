/* The organisation (include/kring/org.h, docs/server.md): teams and
 * accounts, need to know in PostgreSQL's row-level security (a store that
 * connects as kring server's role, acting as an account, sees and changes
 * only that account's cases: kring's own checks are not in the way here,
 * only the database's), break-glass, assignment, and the access log's
 * chain: append-only, and tampering found. On SQLite every command says
 * why not. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kring/kring.h"

Test(org, a_file_keeps_no_organisation_and_says_so)
{
    char *dir = t_tmpdir();
    const char *db = t_noah_db();
    char *before = t_dump_db(db);
    struct t_run r = t_cli(NULL, "--db", db, "team", "add", "Noord", NULL);

    T_SQLITE_ONLY("the organisation is PostgreSQL's");
    T_REFUSED(r, 1,
              "teams, accounts, the access log's chain and closed cases are "
              "kept in an "
              "organisation's PostgreSQL database (--db postgresql://...), not "
              "in a file: on one laptop, kring serve is for one professional "
              "(docs/server.md)",
              db, before);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "audit", "verify", NULL);
    cr_assert_eq(r.status, 1);
    t_run_free(&r);
    free(before);
    free(dir);
}

/* A store of the organisation: teams Noord and Zuid; anna (professional,
 * Noord), bart (team lead, Zuid), carla (professional, no team), piet
 * (privacy officer); cases N-1 (Noord), Z-1 (Zuid), C-1 (carla's, no
 * team), X-1 (nobody's). */
static const char *organisation(const char *dir)
{
    const char *db = t_db(dir, "org.db");
    static const char *const cmds[][12] = {
        {"team", "add", "Noord"},
        {"team", "add", "Zuid"},
        {"user", "add", "anna", "--name", "Anna", "--role", "professional",
         "--team", "Noord"},
        {"user", "add", "bart", "--name", "Bart", "--role", "team_lead",
         "--team", "Zuid"},
        {"user", "add", "carla", "--name", "Carla", "--role", "professional"},
        {"user", "add", "piet", "--name", "Piet", "--role", "privacy_officer"},
        {"case", "new", "N-1", "--name", "Noa"},
        {"case", "new", "Z-1", "--name", "Zita"},
        {"case", "new", "C-1", "--name", "Cas"},
        {"case", "new", "X-1", "--name", "Xan"},
        {"person", "add", "Z-1", "Oma Ria", "--role", "grandparent", "--ring",
         "1"},
        {"case", "assign", "N-1", "--team", "Noord"},
        {"case", "assign", "Z-1", "--team", "Zuid"},
        {"case", "assign", "C-1", "--responsible", "carla"},
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

static long long user_id(const char *db, const char *login)
{
    char sql[120];

    snprintf(sql, sizeof sql, "SELECT id FROM users WHERE login = '%s'", login);
    return t_sql_int(db, sql);
}

/* The codes S sees, comma-separated, in a static buffer. */
static const char *seen(kring_store *s)
{
    static char buf[200];
    kring_case_summary *list = NULL;
    kring_error err;
    size_t n = 0, i, k = 0;

    cr_assert_eq(kring_store_list_cases(s, &list, &n, &err), KRING_OK, "%s",
                 err.text);
    buf[0] = '\0';
    for (i = 0; i < n; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s", i ? "," : "",
                              list[i].code);
    kring_case_summaries_free(list, n);
    return buf;
}

static kring_store *open_as(const char *where, const char *db,
                            const char *login)
{
    kring_store *s = NULL;
    kring_error err;

    cr_assert_eq(kring_store_open(where, 0, &s, &err), KRING_OK, "%s",
                 err.text);
    if (login != NULL)
        cr_assert_eq(
            kring_store_act_as(s, user_id(db, login), "192.0.2.7", &err),
            KRING_OK, "%s", err.text);
    return s;
}

Test(org, teams_and_accounts_are_listed_and_their_rules_held)
{
    char *dir = t_tmpdir();
    const char *db;
    struct t_run r;

    T_POSTGRESQL_ONLY("the organisation is PostgreSQL's");
    db = organisation(dir);
    r = t_cli(NULL, "--db", db, "--json", "team", "list", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* Noord: anna and N-1; Zuid: bart and Z-1. */
    cr_assert(strstr(r.out, "\"name\": \"Noord\",\n    \"members\": 1,\n    "
                            "\"cases\": 1") != NULL,
              "%s", r.out);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "user", "list", NULL);
    cr_assert(strstr(r.out, "team lead") != NULL, "%s", r.out);
    t_run_free(&r);
    /* The assignments are changes, and say so. */
    r = t_cli(NULL, "--db", db, "--json", "audit", "--changes", NULL);
    cr_assert(strstr(r.out, "\"kind\": \"assign\",\n    \"event\": \"case "
                            "assigned\"") != NULL,
              "%s", r.out);
    t_run_free(&r);

    r = t_cli(NULL, "--db", db, "team", "add", "Noord", NULL);
    cr_assert_str_eq(r.err, "kring: a team 'Noord' exists already\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "user", "add", "lead2", "--name", "L", "--role",
              "team_lead", NULL);
    cr_assert_str_eq(r.err, "kring: a team lead leads a team: give --team\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "user", "add", "Anna B", "--name", "L",
              "--role", "professional", NULL);
    cr_assert_eq(r.status, 1);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "user", "add", "dirk", "--name", "Dirk",
              "--role", "boss", NULL);
    cr_assert_eq(r.status, 2);
    t_run_free(&r);
    /* A team that is not there: no account either. */
    r = t_cli(NULL, "--db", db, "user", "add", "eva", "--name", "Eva", "--role",
              "professional", "--team", "Noord", "--team", "Oost", NULL);
    cr_assert_str_eq(r.err, "kring: no team 'Oost'\n");
    cr_assert_eq(user_id(db, "eva"), -1);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "case", "assign", "X-1", "--responsible",
              "piet", NULL);
    cr_assert_str_eq(r.err, "kring: 'piet' cannot be responsible for a case: "
                            "only a professional or team lead whose account "
                            "is not disabled\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "user", "disable", "carla", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "user", "disable", "carla", NULL);
    cr_assert_str_eq(r.err, "kring: the account 'carla' is disabled already\n");
    t_run_free(&r);
    free(dir);
}

Test(org, row_level_security_shows_each_account_only_its_cases)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    kring_store *s;
    kring_case *c = NULL;
    kring_error err;

    T_POSTGRESQL_ONLY("row-level security is PostgreSQL's");
    db = organisation(dir);
    srv = t_as_server(db);
    /* Acting as nobody: nothing. */
    s = open_as(srv, db, NULL);
    cr_assert_str_eq(seen(s), "");
    cr_assert_eq(kring_store_load_case(s, "N-1", &c, &err),
                 KRING_ERR_NOT_FOUND);
    kring_store_close(s);
    s = open_as(srv, db, "anna");
    cr_assert_str_eq(seen(s), "N-1");
    kring_store_close(s);
    s = open_as(srv, db, "bart");
    cr_assert_str_eq(seen(s), "Z-1");
    kring_store_close(s);
    s = open_as(srv, db, "carla");
    cr_assert_str_eq(seen(s), "C-1");
    kring_store_close(s);
    s = open_as(srv, db, "piet");
    cr_assert_str_eq(seen(s), "");
    kring_store_close(s);
    free(dir);
}

Test(org, another_teams_case_is_neither_read_nor_changed)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    char *before;
    kring_store *s;
    kring_case *c = NULL;
    kring_person p;
    kring_error err;

    T_POSTGRESQL_ONLY("row-level security is PostgreSQL's");
    db = organisation(dir);
    srv = t_as_server(db);
    before = t_dump_db(db);
    s = open_as(srv, db, "anna");
    cr_assert_eq(kring_store_load_case(s, "Z-1", &c, &err),
                 KRING_ERR_NOT_FOUND);
    kring_person_init(&p, KRING_ROLE_FRIEND, 1);
    p.id = "x";
    p.name = "X";
    cr_assert_neq(kring_store_insert_person(s, "Z-1", &p, &err), KRING_OK);
    cr_assert_neq(kring_store_delete_person(s, "Z-1", "oma-ria", &err),
                  KRING_OK);
    cr_assert_neq(kring_store_delete_case(s, "Z-1", &err), KRING_OK);
    cr_assert_neq(kring_store_set_case_extra(s, "Z-1", "{\"x-a\": 1}", &err),
                  KRING_OK);
    {
        kring_outcome o;
        kring_outcome_init(&o);
        o.date = "2026-12-01";
        o.notes = "";
        o.goals = KRING_GOALS_MET;
        cr_assert_neq(kring_store_insert_outcome(s, "Z-1", &o, &err), KRING_OK);
    }
    /* Nor moved to a team of hers, nor taken as hers. */
    cr_assert_eq(kring_case_assign(s, "Z-1", "Noord", NULL, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_case_assign(s, "N-1", NULL, "anna", &err),
                 KRING_ERR_INVALID, "%s", err.text);
    kring_store_close(s);
    {
        char *after = t_dump_db(db);
        cr_assert_str_eq(after, before);
        free(after);
    }
    /* Around kring, in SQL as kring server's role acting as anna: the
     * database's own refusals. */
    {
        char sql[600];
        snprintf(sql, sizeof sql,
                 "SET ROLE %s_srv; SELECT set_config('kring.user', '%lld', "
                 "false); UPDATE cases SET name = 'x' WHERE code = 'Z-1'; "
                 "DELETE FROM people WHERE case_code = 'Z-1'; DELETE FROM "
                 "cases WHERE code = 'Z-1'",
                 t_schema(db), user_id(db, "anna"));
        cr_assert_eq(t_sql_exec(db, sql), 0);
        snprintf(sql, sizeof sql,
                 "SET ROLE %s_srv; SELECT set_config('kring.user', '%lld', "
                 "false); INSERT INTO people (case_code, seq, id, name, role, "
                 "sector, ring) VALUES ('Z-1', 9, 'x', 'X', 'friend', "
                 "'friends', 1)",
                 t_schema(db), user_id(db, "anna"));
        cr_assert_neq(t_sql_exec(db, sql), 0);
        snprintf(sql, sizeof sql,
                 "SET ROLE %s_srv; SELECT set_config('kring.user', '%lld', "
                 "false); UPDATE cases SET responsible = %lld WHERE code = "
                 "'N-1'",
                 t_schema(db), user_id(db, "anna"), user_id(db, "anna"));
        cr_assert_neq(t_sql_exec(db, sql), 0);
        /* An outcome of another team's case: refused by the policy. */
        snprintf(sql, sizeof sql,
                 "SET ROLE %s_srv; SELECT set_config('kring.user', '%lld', "
                 "false); INSERT INTO outcomes (case_code, seq, date) VALUES "
                 "('Z-1', 1, '2026-12-01')",
                 t_schema(db), user_id(db, "anna"));
        cr_assert_neq(t_sql_exec(db, sql), 0);
        char *after = t_dump_db(db);
        cr_assert_str_eq(after, before);
        free(after);
    }
    free(before);
    free(dir);
}

Test(org, a_team_lead_assigns_within_their_teams)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    kring_store *s;
    kring_error err;

    T_POSTGRESQL_ONLY("row-level security is PostgreSQL's");
    db = organisation(dir);
    srv = t_as_server(db);
    s = open_as(srv, db, "bart");
    cr_assert_eq(kring_case_assign(s, "Z-1", "Noord", NULL, &err),
                 KRING_ERR_INVALID);
    cr_assert_str_eq(err.text,
                     "a team lead assigns cases within their own teams");
    cr_assert_eq(kring_case_assign(s, "Z-1", NULL, "bart", &err), KRING_OK,
                 "%s", err.text);
    cr_assert_eq(kring_case_assign(s, "N-1", NULL, "bart", &err),
                 KRING_ERR_NOT_FOUND);
    kring_store_close(s);
    cr_assert_eq(t_sql_int(db, "SELECT responsible FROM cases WHERE code = "
                               "'Z-1'"),
                 user_id(db, "bart"));
    /* One line, kind assign, naming bart, his role and address. */
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE kind = "
                               "'assign' AND role = 'team_lead' AND address "
                               "= '192.0.2.7'"),
                 1);
    free(dir);
}

Test(org, break_glass_opens_a_case_with_a_reason_and_is_logged)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    kring_store *s;
    kring_case *c = NULL;
    kring_error err;

    T_POSTGRESQL_ONLY("row-level security is PostgreSQL's");
    db = organisation(dir);
    srv = t_as_server(db);
    s = open_as(srv, db, "anna");
    cr_assert_eq(kring_case_break_glass(s, "Z-1", "crisis", 60, &err),
                 KRING_ERR_INVALID);
    cr_assert_eq(kring_case_break_glass(s, "Q-9",
                                        "crisis at night, the "
                                        "mentor called",
                                        60, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_case_break_glass(s, "Z-1",
                                        "crisis at night, the "
                                        "mentor called",
                                        60, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(kring_store_load_case(s, "Z-1", &c, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(c->n_people, 1);
    kring_case_free(c);
    cr_assert_str_eq(seen(s), "N-1,Z-1");
    kring_store_close(s);
    /* A privacy officer sees no case, and cannot break the glass; but
     * reads every opening and its reason. */
    s = open_as(srv, db, "piet");
    cr_assert_eq(
        kring_case_break_glass(s, "Z-1", "I want to look at it", 60, &err),
        KRING_ERR_INVALID);
    {
        kring_glass *g = NULL;
        size_t n = 0;
        cr_assert_eq(kring_break_glass_list(s, &g, &n, &err), KRING_OK, "%s",
                     err.text);
        cr_assert_eq(n, 1);
        cr_assert_str_eq(g[0].login, "anna");
        cr_assert_str_eq(g[0].reason, "crisis at night, the mentor called");
        cr_assert_eq(g[0].case_key, t_sql_int(db, "SELECT case_key FROM cases "
                                                  "WHERE code = 'Z-1'"));
        kring_glass_free(g, n);
    }
    kring_store_close(s);
    /* Nobody else reads them. */
    s = open_as(srv, db, "anna");
    {
        kring_glass *g = NULL;
        size_t n = 9;
        cr_assert_eq(kring_break_glass_list(s, &g, &n, &err), KRING_OK);
        cr_assert_eq(n, 0);
        kring_glass_free(g, n);
    }
    kring_store_close(s);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit a JOIN cases c ON "
                               "c.case_key = a.case_key WHERE a.kind = "
                               "'break_glass' AND c.code = 'Z-1' AND "
                               "a.user_id IS NOT NULL"),
                 1);
    /* The break ends: past its time, the case is not hers. */
    cr_assert_eq(t_sql_exec(db, "UPDATE break_glass SET until = now() - "
                                "interval '1 second'"),
                 0);
    s = open_as(srv, db, "anna");
    cr_assert_str_eq(seen(s), "N-1");
    kring_store_close(s);
    free(dir);
}

Test(org, a_disabled_account_acts_no_more)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    kring_store *s;
    kring_error err;
    struct t_run r;

    T_POSTGRESQL_ONLY("accounts are PostgreSQL's");
    db = organisation(dir);
    srv = t_as_server(db);
    s = open_as(srv, db, "anna");
    r = t_cli(NULL, "--db", db, "user", "disable", "anna", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    t_run_free(&r);
    /* At once, on a store acting as her already. */
    cr_assert_str_eq(seen(s), "");
    cr_assert_eq(kring_store_act_as(s, user_id(db, "anna"), NULL, &err),
                 KRING_ERR_NOT_FOUND);
    kring_store_close(s);
    free(dir);
}

Test(org, the_access_log_is_only_added_to_and_its_chain_found_broken)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    struct t_run r;

    T_POSTGRESQL_ONLY("the chain is PostgreSQL's");
    db = organisation(dir);
    srv = t_as_server(db);
    r = t_cli(NULL, "--db", db, "--json", "audit", "verify", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* 14 commands of organisation(), one line each, and an enrolment
     * begun for each of its 4 accounts; the grant none. */
    cr_assert(strncmp(r.out, "{\"lines\": 18, \"unbroken\": true,", 31) == 0,
              "%s", r.out);
    t_run_free(&r);
    /* Kring server's role may add a line, never change or remove one. */
    {
        char sql[700];
        snprintf(sql, sizeof sql,
                 "SET ROLE %s_srv; UPDATE audit SET event = 'x'", t_schema(db));
        cr_assert_neq(t_sql_exec(db, sql), 0);
        snprintf(sql, sizeof sql, "SET ROLE %s_srv; DELETE FROM audit",
                 t_schema(db));
        cr_assert_neq(t_sql_exec(db, sql), 0);
    }
    /* Nor write a line in another's name, or in the past. */
    {
        char sql[700];
        snprintf(sql, sizeof sql,
                 "SET ROLE %s_srv; SELECT set_config('kring.user', '%lld', "
                 "false); INSERT INTO audit (\"user\", command, kind, event, "
                 "at, role) VALUES ('boss', 'x', 'read', 'forged', "
                 "'2000-01-01T00:00:00Z', 'admin')",
                 t_schema(db), user_id(db, "anna"));
        cr_assert_eq(t_sql_exec(db, sql), 0);
        cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE event = "
                                   "'forged' AND \"user\" = 'anna' AND role "
                                   "= 'professional' AND at > '2026'"),
                     1);
    }
    (void)srv;
    /* Nor the owner, while kring's triggers stand. */
    cr_assert_neq(t_sql_exec(db, "UPDATE audit SET event = 'x' WHERE chain = "
                                 "3"),
                  0);
    cr_assert_neq(t_sql_exec(db, "DELETE FROM audit WHERE chain = 3"), 0);
    cr_assert_neq(t_sql_exec(db, "TRUNCATE audit"), 0);
    /* With them dropped: a changed line is found. */
    cr_assert_eq(t_sql_exec(db, "ALTER TABLE audit DISABLE TRIGGER USER; "
                                "UPDATE audit SET event = 'case read' WHERE "
                                "chain = 5; ALTER TABLE audit ENABLE TRIGGER "
                                "USER"),
                 0);
    r = t_cli(NULL, "--db", db, "audit", "verify", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "kring: the access log was changed: line 5 of the "
                            "chain is not what was written (a line changed, "
                            "removed or put in between)\n");
    t_run_free(&r);
    free(dir);
}

Test(org, a_removed_line_is_found)
{
    char *dir = t_tmpdir();
    const char *db;
    struct t_run r;

    T_POSTGRESQL_ONLY("the chain is PostgreSQL's");
    db = organisation(dir);
    cr_assert_eq(t_sql_exec(db, "ALTER TABLE audit DISABLE TRIGGER USER; "
                                "DELETE FROM audit WHERE chain = 7; ALTER "
                                "TABLE audit ENABLE TRIGGER USER"),
                 0);
    r = t_cli(NULL, "--db", db, "--json", "audit", "verify", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.out, "\"broken_at\": 8") != NULL, "%s", r.out);
    t_run_free(&r);
    free(dir);
}

/* The SHA-256 of a code or token, as the tests make them up: 64 hex
 * digits of one kind (the store sees only hashes). */
#define H(c)                                                                   \
    c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c  \
        c c c c c c c c c c c c c c c c c c c c c c c c c c c
#define FAKE_HASH "$argon2id$v=19$m=32768,t=2,p=1$c2FsdA$aGFzaA"
#define SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static kring_store *owner(const char *db)
{
    kring_store *s = NULL;
    kring_error err;

    cr_assert_eq(kring_store_open(db, 0, &s, &err), KRING_OK, "%s", err.text);
    return s;
}

Test(org, an_enrolment_is_spent_once_and_a_totp_step_taken_once)
{
    char *dir = t_tmpdir();
    const char *db;
    kring_store *s;
    kring_error err;
    kring_login l;
    long long id = 0;
    char login[65];

    T_POSTGRESQL_ONLY("accounts are PostgreSQL's");
    db = organisation(dir);
    s = owner(db);
    cr_assert_eq(kring_user_enrolment(s, "anna", H("a"), 72, &err), KRING_OK,
                 "%s", err.text);
    cr_assert_eq(kring_enrolment_find(s, H("a"), &id, login, &err), KRING_OK);
    cr_assert_eq(id, user_id(db, "anna"));
    cr_assert_str_eq(login, "anna");
    cr_assert_eq(kring_enrolment_find(s, H("b"), &id, login, &err),
                 KRING_ERR_NOT_FOUND);
    /* Not enrolled yet: no password to check. */
    cr_assert_eq(kring_login_read(s, "anna", &l, &err), KRING_OK);
    cr_assert_eq(l.enrolled, 0);
    kring_login_release(&l);
    cr_assert_eq(
        kring_enrolment_finish(s, H("a"), FAKE_HASH, SECRET, 100, &err),
        KRING_OK, "%s", err.text);
    cr_assert_eq(
        kring_enrolment_finish(s, H("a"), FAKE_HASH, SECRET, 101, &err),
        KRING_ERR_NOT_FOUND, "spent");
    cr_assert_eq(kring_login_read(s, "anna", &l, &err), KRING_OK);
    cr_assert_eq(l.enrolled, 1);
    cr_assert_str_eq(l.password_hash, FAKE_HASH);
    cr_assert_str_eq(l.totp_secret, SECRET);
    cr_assert_eq(l.totp_step, 100);
    cr_assert_eq(l.locked_for, 0);
    kring_login_release(&l);
    /* The code of the step that confirmed the enrolment, again: a replay. */
    cr_assert_eq(kring_login_outcome(s, id, true, 100, &err),
                 KRING_ERR_CONFLICT);
    cr_assert_eq(kring_login_outcome(s, id, true, 101, &err), KRING_OK);
    cr_assert_eq(kring_login_outcome(s, id, true, 101, &err),
                 KRING_ERR_CONFLICT);
    cr_assert_eq(kring_login_outcome(s, id, true, 99, &err),
                 KRING_ERR_CONFLICT);
    /* An enrolment past its time. */
    cr_assert_eq(kring_user_enrolment(s, "anna", H("c"), 1, &err), KRING_OK);
    cr_assert_eq(t_sql_exec(db, "UPDATE credentials SET enrol_until = now() "
                                "- interval '1 second'"),
                 0);
    cr_assert_eq(kring_enrolment_find(s, H("c"), &id, login, &err),
                 KRING_ERR_NOT_FOUND);
    /* And a new enrolment voided the password. */
    cr_assert_eq(kring_login_read(s, "anna", &l, &err), KRING_OK);
    cr_assert_eq(l.enrolled, 0);
    kring_login_release(&l);
    /* Disabled: no login, no enrolment. */
    cr_assert_eq(kring_user_disable(s, "carla", &err), KRING_OK);
    cr_assert_eq(kring_login_read(s, "carla", &l, &err), KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_user_enrolment(s, "carla", H("d"), 1, &err),
                 KRING_ERR_CONFLICT);
    kring_store_close(s);
    free(dir);
}

/* The seconds account LOGIN of DB stays locked. */
static long long locked_for(kring_store *s, const char *login)
{
    kring_login l;
    kring_error err;
    long long n;

    cr_assert_eq(kring_login_read(s, login, &l, &err), KRING_OK, "%s",
                 err.text);
    n = l.locked_for;
    kring_login_release(&l);
    return n;
}

Test(org, failures_lock_an_account_longer_each_time)
{
    char *dir = t_tmpdir();
    const char *db;
    kring_store *s;
    kring_error err;
    long long id, n;
    int i;

    T_POSTGRESQL_ONLY("accounts are PostgreSQL's");
    db = organisation(dir);
    s = owner(db);
    id = user_id(db, "anna");
    cr_assert_eq(kring_user_enrolment(s, "anna", H("a"), 72, &err), KRING_OK);
    cr_assert_eq(kring_enrolment_finish(s, H("a"), FAKE_HASH, SECRET, 1, &err),
                 KRING_OK);
    for (i = 1; i < KRING_LOCK_AFTER; i++)
        cr_assert_eq(kring_login_outcome(s, id, false, 0, &err), KRING_OK);
    cr_assert_eq(locked_for(s, "anna"), 0, "4 failures lock nothing");
    cr_assert_eq(kring_login_outcome(s, id, false, 0, &err), KRING_OK);
    n = locked_for(s, "anna");
    cr_assert(n > KRING_LOCK_FIRST - 5 && n <= KRING_LOCK_FIRST, "%lld", n);
    /* While locked, even the right code does not let in. */
    cr_assert_eq(kring_login_outcome(s, id, true, 5, &err), KRING_ERR_CONFLICT);
    /* Five more: twice as long; and so on, up to the most. */
    cr_assert_eq(
        t_sql_exec(db, "UPDATE credentials SET failures = 5 WHERE "
                       "user_id = (SELECT id FROM users WHERE login = 'anna')"),
        0);
    for (i = 0; i < KRING_LOCK_AFTER; i++)
        kring_login_outcome(s, id, false, 0, &err);
    n = locked_for(s, "anna");
    cr_assert(n > 2 * KRING_LOCK_FIRST - 5 && n <= 2 * KRING_LOCK_FIRST, "%lld",
              n);
    cr_assert_eq(
        t_sql_exec(db, "UPDATE credentials SET failures = 95 WHERE "
                       "user_id = (SELECT id FROM users WHERE login = 'anna')"),
        0);
    for (i = 0; i < KRING_LOCK_AFTER; i++)
        kring_login_outcome(s, id, false, 0, &err);
    n = locked_for(s, "anna");
    cr_assert(n > KRING_LOCK_MAX - 5 && n <= KRING_LOCK_MAX, "%lld", n);
    /* The lock over, a right code clears the failures. */
    cr_assert_eq(
        t_sql_exec(
            db, "UPDATE credentials SET locked_until = now() "
                "WHERE user_id = (SELECT id FROM users WHERE login = 'anna')"),
        0);
    cr_assert_eq(kring_login_outcome(s, id, true, 7, &err), KRING_OK);
    cr_assert_eq(t_sql_int(db, "SELECT failures FROM credentials c JOIN "
                               "users u ON u.id = c.user_id WHERE u.login = "
                               "'anna'"),
                 0);
    kring_store_close(s);
    free(dir);
}

Test(org, sessions_end_when_idle_old_logged_out_or_disabled)
{
    char *dir = t_tmpdir();
    const char *db;
    kring_store *s;
    kring_error err;
    kring_session se;
    long long anna, bart;

    T_POSTGRESQL_ONLY("accounts are PostgreSQL's");
    db = organisation(dir);
    s = owner(db);
    anna = user_id(db, "anna");
    bart = user_id(db, "bart");
    cr_assert_eq(kring_user_enrolment(s, "anna", H("a"), 72, &err), KRING_OK);
    cr_assert_eq(kring_user_enrolment(s, "bart", H("b"), 72, &err), KRING_OK);
    cr_assert_eq(kring_session_begin(s, anna, H("1"), H("c"), "::1", &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(kring_session_begin(s, anna, H("2"), H("c"), "::1", &err),
                 KRING_OK);
    cr_assert_eq(kring_session_begin(s, bart, H("3"), H("c"), "::1", &err),
                 KRING_OK);
    cr_assert_eq(kring_session_find(s, H("1"), 900, 43200, &se, &err), KRING_OK,
                 "%s", err.text);
    cr_assert_eq(se.user_id, anna);
    cr_assert_eq(se.role, KRING_ACCOUNT_PROFESSIONAL);
    cr_assert_str_eq(se.login, "anna");
    cr_assert_str_eq(se.csrf, H("c"));
    cr_assert_eq(kring_session_find(s, H("9"), 900, 43200, &se, &err),
                 KRING_ERR_NOT_FOUND);
    /* Idle for 16 minutes: over, and gone. */
    cr_assert_eq(t_sql_exec(db, "UPDATE sessions SET seen = now() - interval "
                                "'16 minutes' WHERE token_hash LIKE '1%'"),
                 0);
    cr_assert_eq(kring_session_find(s, H("1"), 900, 43200, &se, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM sessions WHERE "
                               "token_hash LIKE '1%'"),
                 0);
    /* Begun 13 hours ago, though used just now: over. */
    cr_assert_eq(t_sql_exec(db, "UPDATE sessions SET began = now() - "
                                "interval '13 hours' WHERE token_hash LIKE "
                                "'3%'"),
                 0);
    cr_assert_eq(kring_session_find(s, H("3"), 900, 43200, &se, &err),
                 KRING_ERR_NOT_FOUND);
    /* Log out everywhere: every session of anna, none of another. */
    cr_assert_eq(kring_session_begin(s, bart, H("4"), H("c"), NULL, &err),
                 KRING_OK);
    cr_assert_eq(kring_session_begin(s, anna, H("5"), H("c"), NULL, &err),
                 KRING_OK);
    cr_assert_eq(kring_session_end(s, H("5"), true, &err), KRING_OK);
    cr_assert_eq(kring_session_find(s, H("2"), 900, 43200, &se, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_session_find(s, H("4"), 900, 43200, &se, &err),
                 KRING_OK);
    /* Disabled: its sessions are no more. */
    cr_assert_eq(kring_user_disable(s, "bart", &err), KRING_OK);
    cr_assert_eq(kring_session_find(s, H("4"), 900, 43200, &se, &err),
                 KRING_ERR_NOT_FOUND);
    kring_store_close(s);
    free(dir);
}

Test(org, the_client_reads_who_looked_by_role_not_by_name)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    kring_store *s;
    kring_case *c = NULL;
    kring_error err;
    struct t_run r;
    int i;

    T_POSTGRESQL_ONLY("roles are kring server's");
    db = organisation(dir);
    srv = t_as_server(db);
    s = open_as(srv, db, "anna");
    for (i = 0; i < 2; i++) {
        cr_assert_eq(kring_store_load_case(s, "N-1", &c, &err), KRING_OK, "%s",
                     err.text);
        kring_case_free(c);
        c = NULL;
    }
    cr_assert_eq(kring_audit_refused(s, "Z-1", &err), KRING_OK, "%s", err.text);
    kring_store_close(s);
    /* N-1: made and assigned on the command line, then read twice by
     * anna, a professional: three lines of the day. */
    r = t_cli(NULL, "--db", db, "--json", "audit", "N-1", "--for-client",
              "--organisation", "Jeugdhulp Voorbeeld", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"organisation\": \"Jeugdhulp Voorbeeld\"") !=
              NULL);
    cr_assert(strstr(r.out, "\"who\": \"a member of staff\",\n      \"role\": "
                            "\"\",\n      \"kind\": \"change\",\n      "
                            "\"times\": 1") != NULL,
              "%s", r.out);
    cr_assert(strstr(r.out, "\"kind\": \"assign\"") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\"who\": \"a professional\",\n      \"role\": "
                            "\"professional\",\n      \"kind\": \"read\",\n "
                            "     \"times\": 2") != NULL,
              "%s", r.out);
    cr_assert(strstr(r.out, "anna") == NULL, "no name: %s", r.out);
    t_run_free(&r);
    /* Z-1: anna's look refused, and said so; with --names, her login. */
    r = t_cli(NULL, "--db", db, "audit", "Z-1", "--for-client", "--names",
              NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    {
        const char *at = strstr(r.out, "a professional (anna)");
        const char *eol = at ? strchr(at, '\n') : NULL;
        const char *said = strstr(r.out, "wanted to look at the file, and "
                                         "was not let in");
        cr_assert(at != NULL && said != NULL && said > at && said < eol, "%s",
                  r.out);
    }
    t_run_free(&r);
    free(dir);
}

Test(org, the_server_s_role_records_and_reads_its_team_s_outcomes)
{
    char *dir = t_tmpdir();
    const char *db, *srv;
    kring_store *s;
    kring_case *c = NULL;
    kring_outcome o;
    kring_error err;

    T_POSTGRESQL_ONLY("row-level security is PostgreSQL's");
    db = organisation(dir);
    srv = t_as_server(db);
    s = open_as(srv, db, "anna");
    kring_outcome_init(&o);
    o.date = "2026-12-01";
    o.notes = "";
    o.placement = KRING_PLACEMENT_AVERTED;
    o.satisfaction = 7;
    cr_assert_eq(kring_store_insert_outcome(s, "N-1", &o, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(kring_store_load_case(s, "N-1", &c, &err), KRING_OK, "%s",
                 err.text);
    cr_assert_eq(c->n_outcomes, 1);
    cr_assert_eq(c->outcomes[0].placement, KRING_PLACEMENT_AVERTED);
    cr_assert_eq(c->outcomes[0].satisfaction, 7);
    cr_assert_eq(c->outcomes[0].ended_as_planned, -1);
    kring_case_free(c);
    kring_store_close(s);
    /* One row, as the owner counts them. */
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM outcomes"), 1);
    free(dir);
}
