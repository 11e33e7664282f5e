/* The account of a login through the organisation's identity provider
 * (kring_oidc_account(), kring_user_oidc(); docs/server.md "OpenID
 * Connect"), as kring server's role finds it, which may change no account
 * itself: bound by its login the first time, by its subject from then on;
 * a disabled account, an unknown one, and a login bound to another
 * subject refused alike. On SQLite each says why not. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kring/kring.h"

/* Anna, Carla and Dora (disabled), professionals; one's enrolment begun,
 * so that both kinds of account, with a row of credentials and without
 * one, are found. */
static const char *accounts(const char *dir)
{
    const char *db = t_db(dir, "oidc.db");
    static const char *const cmds[][8] = {
        {"user", "add", "anna", "--name", "Anna", "--role", "professional"},
        {"user", "add", "carla", "--name", "Carla", "--role", "professional"},
        {"user", "add", "dora", "--name", "Dora", "--role", "professional"},
        {"user", "disable", "dora"},
    };
    size_t i;

    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        const char *const *a = cmds[i];
        struct t_run r = t_cli(NULL, "--db", db, a[0], a[1], a[2], a[3], a[4],
                               a[5], a[6], NULL);
        cr_assert_eq(r.status, 0, "%s %s: %s", a[0], a[1], r.err);
        t_run_free(&r);
    }
    return db;
}

Test(oidc, a_file_has_no_identity_provider)
{
    char *dir = t_tmpdir();
    kring_store *s = NULL;
    kring_error err;
    long long id = 7;
    bool bound = true;

    T_SQLITE_ONLY("a file says why not");
    cr_assert_eq(kring_store_open(t_noah_db(), 0, &s, &err), KRING_OK);
    cr_assert_eq(kring_oidc_account(s, "S-1", "anna", &id, &bound, &err),
                 KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "PostgreSQL") != NULL, "%s", err.text);
    cr_assert_eq(id, 0);
    cr_assert_eq(bound, false);
    cr_assert_eq(kring_user_oidc(s, "anna", "S-1", &err), KRING_ERR_INVALID);
    kring_store_close(s);
    free(dir);
}

Test(oidc, bound_by_login_once_then_found_by_subject)
{
    char *dir = t_tmpdir();
    const char *db;
    kring_store *s = NULL;
    kring_error err;
    long long id = 0, anna, carla;
    bool bound = false;

    T_POSTGRESQL_ONLY("accounts are PostgreSQL's");
    db = accounts(dir);
    anna = t_sql_int(db, "SELECT id FROM users WHERE login = 'anna'");
    carla = t_sql_int(db, "SELECT id FROM users WHERE login = 'carla'");
    cr_assert_eq(kring_store_open(t_as_server(db), 0, &s, &err), KRING_OK, "%s",
                 err.text);
    /* The first time: by her login, and bound. */
    cr_assert_eq(kring_oidc_account(s, "S-anna", "anna", &id, &bound, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(id, anna);
    cr_assert_eq(bound, true);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM users WHERE "
                               "oidc_subject = 'S-anna' AND login = 'anna'"),
                 1);
    /* Then by her subject, whatever the login claim says, not bound
     * again; and her sessions can begin (a row of credentials). */
    cr_assert_eq(kring_oidc_account(s, "S-anna", "carla", &id, &bound, &err),
                 KRING_OK);
    cr_assert_eq(id, anna);
    cr_assert_eq(bound, false);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM credentials WHERE "
                               "password_hash IS NULL AND user_id = (SELECT id "
                               "FROM users WHERE login = 'anna')"),
                 1);
    /* Her login with another subject: nobody. */
    cr_assert_eq(kring_oidc_account(s, "S-mallory", "anna", &id, &bound, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(id, 0);
    /* Unknown, disabled, no login claim, a subject kring cannot keep. */
    cr_assert_eq(kring_oidc_account(s, "S-x", "nobody", &id, &bound, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_oidc_account(s, "S-dora", "dora", &id, &bound, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_oidc_account(s, "S-y", NULL, &id, &bound, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_oidc_account(s, "", "carla", &id, &bound, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(kring_oidc_account(s, "S\n1", "carla", &id, &bound, &err),
                 KRING_ERR_NOT_FOUND);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM users WHERE "
                               "oidc_subject IS NOT NULL"),
                 1);
    /* A disabled account bound before: refused by its subject too. */
    cr_assert_eq(kring_oidc_account(s, "S-carla", "carla", &id, &bound, &err),
                 KRING_OK);
    cr_assert_eq(id, carla);
    kring_store_close(s);
    s = NULL;
    {
        struct t_run r =
            t_cli(NULL, "--db", db, "user", "disable", "carla", NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        t_run_free(&r);
    }
    cr_assert_eq(kring_store_open(t_as_server(db), 0, &s, &err), KRING_OK);
    cr_assert_eq(kring_oidc_account(s, "S-carla", "carla", &id, &bound, &err),
                 KRING_ERR_NOT_FOUND);
    /* kring server's role cannot bind a subject itself: row-level
     * security shows it no account to change. */
    cr_assert_eq(kring_user_oidc(s, "anna", "S-other", &err),
                 KRING_ERR_NOT_FOUND, "%s", err.text);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM users WHERE "
                               "oidc_subject = 'S-other'"),
                 0);
    kring_store_close(s);
    /* Each binding one line of the access log. */
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM audit WHERE event = "
                               "'identity provider''s subject bound'"),
                 2);
    free(dir);
}

Test(oidc, a_subject_is_set_by_hand_for_one_account_only)
{
    char *dir = t_tmpdir();
    const char *db;
    struct t_run r;

    T_POSTGRESQL_ONLY("accounts are PostgreSQL's");
    db = accounts(dir);
    r = t_cli(NULL, "--db", db, "user", "oidc", "anna", "S-1", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out,
                     "account 'anna' bound to its subject at the identity "
                     "provider\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "user", "oidc", "carla", "S-1", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "kring: another account has the subject 'S-1'\n");
    t_run_free(&r);
    r = t_cli(NULL, "--db", db, "user", "oidc", "anna", "", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "account 'anna' bound to no subject\n");
    t_run_free(&r);
    cr_assert_eq(t_sql_int(db, "SELECT count(*) FROM users WHERE "
                               "oidc_subject IS NOT NULL"),
                 0);
    r = t_cli(NULL, "--db", db, "user", "oidc", "anna", NULL);
    cr_assert_eq(r.status, 2);
    t_run_free(&r);
    free(dir);
}
