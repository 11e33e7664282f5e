/* kring serve: the web pages and what they share (docs/web.md). The HTTP
 * part is in kring-http.so (httpd.h); this side sees kring's public API
 * and the command line, which it runs in process for every change, so
 * that a change from the browser follows the command line's rules. */
#ifndef KRING_WEB_H
#define KRING_WEB_H

#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

#include "httpd.h"
#include "kring/kring.h"

#define WEB_TOKEN_HEX 48 /* 24 random bytes */
#define WEB_CACHE 16     /* maps kept drawn by kring serve */
/* kring server keeps the maps of many cases, up to these many bytes. */
#define WEB_CACHE_SERVER 4096
#define WEB_CACHE_SERVER_BYTES (96u << 20)
#define WEB_TURNS 64    /* maps made at once, each of another case */
#define WEB_SESSIONS 32 /* browsers let in at once (the oldest goes) */
#define WEB_SESSION_SECONDS (12 * 60 * 60) /* a session's lifetime */
/* The young person's phone (web_phone.c, docs/youth-phone.md), by
 * default (the server's configuration may say otherwise): its session is
 * unlocked for WEB_PHONE_IDLE seconds after each use (then the PIN is
 * asked again) and lives WEB_PHONE_LIFE; an invitation may be opened for
 * WEB_INVITE_MINUTES; its short code is 10 of these letters and digits
 * (32: 50 bits), none that reads as another. */
#define WEB_PHONE_IDLE (30 * 60)
#define WEB_PHONE_LIFE (180 * 24 * 60 * 60)
#define WEB_INVITE_MINUTES 15
#define WEB_SHORT_ALPHABET "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

/* A browser let in by the token: the random value of its cookie, and when
 * that expires (seconds, CLOCK_MONOTONIC; 0: a free place). */
struct web_session {
    char value[WEB_TOKEN_HEX + 1];
    double expires;
};

/* A map drawn, kept by its DOT (the DOT decides every byte), with the
 * case, theme and moment its DOT was read. */
struct web_map {
    char *dot;
    uint64_t dot_hash; /* FNV-1a of DOT: most keys differ there */
    char *code;
    int theme;
    uint64_t version; /* kring_store_case_version() of the case drawn */
    char date[11];    /* the map's date, in its title */
    double read_at;   /* seconds, CLOCK_MONOTONIC */
    kring_format format;
    char *data;
    size_t len;
    unsigned long used; /* for replacing the least recently used */
};

/* kring server (docs/server.md): accounts log in, and the pages are
 * kring serve's. */
struct ka_api;
#define WEB_TRIES 1024 /* addresses whose failed logins are counted */
struct web_tries {
    char address[48];
    double since; /* CLOCK_MONOTONIC: when this window began */
    int failures;
};
/* A login through the identity provider under way (web_oidc.c): what the
 * browser that began it must bring back within WEB_OIDC_SECONDS, once. */
#define WEB_OIDC_PENDING 1024 /* logins under way at once (the oldest goes) */
/* Of them from one address at most (its own oldest goes). */
#define WEB_OIDC_PER_ADDRESS 16
#define WEB_OIDC_SECONDS 600
struct web_oidc_pending {
    char key[65];      /* SHA-256 (hex) of its cookie's value; "": free */
    char address[48];  /* where it began, as web_address_key() counts it */
    char state[65];    /* sent to the provider and back */
    char nonce[65];    /* in the ID token */
    char verifier[65]; /* PKCE: its S256 challenge went to the provider */
    double since;      /* CLOCK_MONOTONIC */
};
/* OpenID Connect (docs/server.md): the provider and this client. */
struct ko_api;
struct ko_provider;
struct web_oidc {
    const struct ko_api *api;     /* kring-oidc.so */
    struct ko_provider *provider; /* its discovery document and keys */
    char issuer[256];             /* oidc_issuer, exactly */
    char client_id[256];
    char client_secret[256];
    char claim[64];       /* the claim that names kring's login */
    char name[128];       /* the provider as the login page names it */
    char redirect[300];   /* public_url + /oidc/callback */
    pthread_mutex_t lock; /* over PENDING */
    struct web_oidc_pending pending[WEB_OIDC_PENDING];
};

struct web_server {
    const struct ka_api *auth; /* kring-auth.so */
    struct web_oidc *oidc;     /* NULL: no identity provider */
    int local_login;           /* passwords and TOTP may log in (local_login) */
    char origin[272];          /* "https://kring.example": the only Origin */
    char host[256];     /* the Host it is reached under ("kring.example") */
    char org[128];      /* the organisation's name, on every page */
    int idle, absolute; /* a session ends unused for IDLE, after ABSOLUTE s */
    /* The phone's: its idle time and life (seconds), an invitation's
     * minutes (WEB_PHONE_IDLE, WEB_PHONE_LIFE, WEB_INVITE_MINUTES). */
    int phone_idle, phone_life, invite_minutes;
    int secure;  /* reached over HTTPS: Secure cookies and HSTS */
    int proxied; /* behind a proxy on loopback: X-Forwarded-For */
    /* Failed logins per address, in a window of WEB_TRY_WINDOW seconds. */
    pthread_mutex_t lock;
    struct web_tries tries[WEB_TRIES];
    sem_t hashing; /* passwords checked at once, at most WEB_HASHING */
};
#define WEB_HASHING 8
#define WEB_TRY_LIMIT 20   /* failed logins from one address in a window */
#define WEB_TRY_WINDOW 900 /* seconds */

/* The account a request of kring server acts as (web_access()'s): for the
 * store's row-level security, the access log, the pages' forms. */
struct web_account {
    long long user_id;
    kring_account_role role;
    char login[65];
    char csrf[129];
    char address[48];
    /* On the young person's phone (web_phone.c; USER_ID 0): the SHA-256
     * of their session's cookie, which the store acts as. "": none. */
    char youth[65];
};
/* Sets (or with NULL clears) this thread's account; the account, or NULL
 * when there is none (web_out.c). */
void web_account_set(const struct web_account *a);
const struct web_account *web_account(void);
/* The user a change's actor names: the account's login on kring server,
 * else NULL (the account kring runs as). */
const char *web_actor_user(void);
/* Whether this thread answers the young person's phone. */
int web_on_phone(void);
/* The address the young person's view of case CODE is under: on their
 * phone "/y", else "/case/CODE/youth" (a buffer of this thread's). */
const char *web_youth_base(const char *code);
/* Every answer from now on carries HSTS (kring server over HTTPS). */
void web_hsts(int on);

struct web {
    /* kring server's, or NULL: kring serve (one professional, a token). */
    struct web_server *server;
    char *db;      /* the database's path */
    int shared_ok; /* --allow-shared-db */
    char lang[8];  /* "nl" or "en", for every page and command */
    /* In the printed address: nothing without it. It opens one browser
     * session: that visit replaces it with the next, printed on OUT
     * (docs/web.md). Read and changed under SESSION_LOCK. */
    char token[WEB_TOKEN_HEX + 1];
    char csrf[WEB_TOKEN_HEX + 1]; /* in every form */
    char cookie[32];              /* the cookie's name, random for each run */
    char bind[48]; /* the address listened on, as a Host names it */
    unsigned port;
    int loopback; /* bound to loopback: the Host header is checked */
    /* This run's own host name, "k" and 16 random hex digits under
     * ".localhost" (browsers resolve it to loopback themselves). NAMED:
     * the pages are served and the cookie set under it alone (bound to
     * 127.0.0.1 or ::1); 127.0.0.1 and localhost only send a browser
     * there. */
    char name[40];
    int named;
    /* Where the next address is printed (OUT) and said (ERR); NULL:
     * nowhere. */
    FILE *out, *err;
    /* Set once BIND, PORT and COOKIE are known (the port only after the
     * server started): until then every request is answered 503. */
    _Atomic int ready;
    /* Requests are answered on several threads at once: kring's library
     * is thread-safe (its igraph part takes a lock of its own), each
     * thread has stores of its own (kept open: kring_store_keep_open()),
     * and SQLite orders the writers. Only drawing is one at a time: Graphviz is
     * not thread-safe. */
    pthread_mutex_t render;
    pthread_mutex_t cache_lock;
    pthread_cond_t drawn; /* a map was drawn (under CACHE_LOCK) */
    /* The maps being made now, each of a case, theme and format (under
     * CACHE_LOCK): a request for one waits for its drawing, the others are
     * made meanwhile; only Graphviz's part is one at a time (RENDER). */
    struct web_turn {
        char code[65];
        int theme;
        kring_format format;
    } turn[WEB_TURNS];
    int turns;
    int locks; /* the locks were made */
    /* The sessions the token opened; a cookie must equal one of them. */
    pthread_mutex_t session_lock;
    struct web_session session[WEB_SESSIONS];
    kring_renderer *renderer;
    struct web_map *cache; /* CACHE_N of them; at most CACHE_BYTES of maps */
    int cache_n;
    size_t cache_bytes, cache_kept;
    unsigned long tick;
};

/* The address to open: "http://NAME:PORT/?token=TOKEN" (or the bound
 * address for NAME when W is not NAMED), into BUF. */
void web_address(struct web *w, char *buf, size_t cap);

/* Sets W up for the database DB, pages in LANG ("nl", "en"), with new
 * random tokens, listening on loopback under its own name (NAMED; cmd_serve.c
 * sets the port). 0,
 * or -1 out of memory, -2 no random bytes. */
int web_init(struct web *w, const char *db, int shared_ok, const char *lang);
void web_release(struct web *w);
/* Keeps up to N maps drawn, holding up to BYTES (kring server: the maps of
 * many cases; kring serve keeps WEB_CACHE), instead of those kept; before
 * the server starts. 0, or -1 out of memory. */
int web_keep_maps(struct web *w, int n, size_t bytes);

/* The parsed fields of a form (application/x-www-form-urlencoded). */
#define FORM_MAX 64
struct form {
    int n;
    char *key[FORM_MAX];
    char *value[FORM_MAX];
};
/* Parses BODY; -1 when it is not a form (bad escape, NUL, too many). */
int form_parse(struct form *f, const char *body, size_t len);
void form_release(struct form *f);
/* The first value of KEY, or NULL. */
const char *form_get(const struct form *f, const char *key);
/* Every value of KEY joined by commas (checkboxes) into BUF. */
void form_join(const struct form *f, const char *key, char *buf, size_t cap);

/* A page being written: a memory stream. */
struct page {
    FILE *f;
    char *buf;
    size_t len;
};
int page_open(struct page *p);
/* Writes S escaped for HTML text and attribute values. */
void html(FILE *f, const char *s);
/* printf, every %s argument escaped by html(). */
void htmlf(FILE *f, const char *fmt, ...);
/* The word for VALUE of E in the pages' language, as a person reads it:
 * kring_enum_word() with spaces for '_' ("avond en weekend"), in BUF (at
 * least WEB_WORD_MAX bytes); "" for "not recorded". */
#define WEB_WORD_MAX 64
const char *web_word(kring_enum e, int value, char *buf);

/* (web_door.c) One line on standard error per event of kring server's
 * door: "kring server: " and FMT (journald keeps them), a control
 * character in it (a newline a provider's answer put there) as '?'. */
void web_event(struct web *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Where REQ came from into OUT: the client's address; behind a proxy on
 * loopback, the last address the proxy put in X-Forwarded-For. */
void web_address_of(struct web *w, const struct kh_request *req, char *out,
                    size_t cap);
/* A try from ADDRESS, counted as failed until web_address_ok() says it
 * was not; 0 when the address has failed WEB_TRY_LIMIT times already in
 * WEB_TRY_WINDOW (an IPv6 address counted by its /64). */
int web_address_try(struct web_server *sv, const char *address);
void web_address_ok(struct web_server *sv, const char *address);
/* The key ADDRESS is counted under, into OUT: an IPv4 address itself, an
 * IPv6 address's /64 (one machine may have all of it). */
void web_address_key(const char *address, char *out, size_t cap);

/* (web_oidc.c) The value of cookie NAME in HEADER into OUT (CAP bytes);
 * 0 when there is none (or it does not fit). */
int web_cookie(const char *header, const char *name, char *out, size_t cap);
/* The start of a login through the identity provider: a login under way
 * kept (at most WEB_OIDC_PER_ADDRESS from REQ's address: its own oldest
 * goes, not another's), its cookie set, the browser sent to the
 * provider. */
void web_oidc_start(struct web *w, const struct kh_request *req,
                    struct kh_response *res);
/* The browser back from the provider: the login under way its cookie
 * names taken (once), the state it brought checked, the code exchanged
 * and the ID token verified; the provider's subject and login claim into
 * SUBJECT and LOGIN (KO_CLAIM_MAX bytes each), and 0; else -1 with the
 * reason in WHY (for the server's log only). */
int web_oidc_finish(struct web *w, const struct kh_request *req, char *subject,
                    char *login, char *why, size_t cap);
/* The Set-Cookie line that removes the cookie of a login under way. */
const char *web_oidc_cookie_gone(const struct web *w);

/* Who is let in (web_access.c): checks the Host, takes the token of the
 * address, checks the cookie or bearer token. 1: the request goes on; 0:
 * it was answered. */
int web_access(struct web *w, const struct kh_request *req,
               struct kh_response *res);
/* BYTES random bytes from the kernel as hex into OUT (2 * BYTES + 1). */
int web_random_hex(char *out, size_t bytes);
/* (web_out.c) Whether the secrets A and B are equal, compared in
 * constant time. */
int web_same_secret(const char *a, const char *b);
/* The CSRF token as a page carries it: a fresh random mask and the token
 * XOR the mask, in hex (96 digits), so that no two answers carry the same
 * text and a page sent in gzip gives nothing of the token away by its
 * size (BREACH). Valid until this thread's next call. */
const char *web_csrf(const struct web *w);
/* Whether SENT is the token, masked (web_csrf()) or as it is (a script's,
 * the tests'). */
int web_csrf_ok(const struct web *w, const char *sent);

/* An answer of STATUS with BODY (moved in), of LEN bytes and TYPE, the
 * security headers and MORE headers ("Name: value\n"; NULL: none). */
void web_answer(struct kh_response *res, int status, const char *type,
                char *body, size_t len, const char *more);
/* TEXT as plain text. */
void web_text(struct kh_response *res, int status, const char *text);
/* A 303 to PATH and TAIL (web_location()), or to "/" when they are not a
 * path of ours, with MORE headers before it. */
void web_redirect_with(struct kh_response *res, const char *path,
                       const char *tail, const char *more);

/* The answer of a request: a page (status, the page's bytes moved in). */
void web_page(struct kh_response *res, int status, struct page *p);
/* As web_page(), with MORE headers ("Name: value\n" lines; NULL: none). */
void web_page_with(struct kh_response *res, int status, struct page *p,
                   const char *more);
/* A redirect (303) to LOCATION, a path of ours with perhaps "?query" or
 * "#fragment" after it (docs/web.md); one that is not such a path goes
 * to "/". */
void web_redirect(struct kh_response *res, const char *location);
/* The Location header's value for PATH (a decoded path) and TAIL (NULL,
 * or kring's own "?..." or "#..."), into BUF: PATH must start with one
 * '/' (not "//" nor "/\\"), and neither may hold a control character;
 * PATH is percent-encoded. -1 when it is not so, or does not fit. Every
 * redirect goes through here. */
int web_location(char *buf, size_t cap, const char *path, const char *tail);
/* The page start, with the title and the links back. */
void page_head(FILE *f, const struct web *w, const char *title,
               const char *code, const char *body_class);
void page_foot(FILE *f);
/* The map of case CODE inline, as SVG without its prolog: the page's
 * script can find the people on it. LABEL names it for screen readers. */
void page_map(FILE *f, struct web *w, const char *code, kring_theme theme,
              const char *label);
/* web_intake.c: the intake on the case page's map, written after the
 * map: what the script needs to make the map editable, and its panels. */
void page_intake(FILE *f, const struct web *w, const kring_case *c,
                 const long *numbers);
/* The attributes data-rings and data-wedges of map M: its rings' radii
 * (the young person's circle, then rings 1 to 3, in points) and its
 * wedges (sector, from and to in thousandths of a radian clockwise from
 * the top), for the script's drag and drop. */
void web_map_geometry(FILE *f, const kring_map *m);
/* A message box: an error kring gave, or a note. */
void page_message(FILE *f, const char *text, int error);

/* The map of case CODE, as stored, as F (SVG or PDF) in THEME: from the
 * cache or drawn (one drawing at a time). */
kring_status web_map(struct web *w, const char *code, kring_theme theme,
                     kring_format f, char **out, size_t *len, kring_error *err);
/* The meeting sheet of case CODE (kring sheet) as a PDF into *OUT, *LEN
 * (caller frees): today's date, prepared by the account kring serve runs
 * as. */
kring_status web_sheet(struct web *w, const char *code, char **out, size_t *len,
                       kring_error *err);
/* A form that POSTs to ACTION, with class CLS and the CSRF token. */
void web_form_start(FILE *f, const struct web *w, const char *action,
                    const char *cls);
/* A select NAME, labelled LABEL, of enumeration E's words in the
 * language, CURRENT chosen; EMPTY labels a first, empty choice. */
void web_select_enum(FILE *f, const char *name, const char *label, kring_enum e,
                     const char *current, const char *empty);
/* (web_outcome.c) The evaluations of case C on the team view: when the
 * next is due, the outcomes, the form that records one (SENT: the form
 * sent back, or NULL). */
void web_outcomes_section(FILE *f, const struct web *w, const kring_case *c,
                          const struct form *sent);
/* A line saying when C's next evaluation is due ("An evaluation is due"
 * once the date is today or past), with a link to LINK; nothing when
 * none is. */
void web_due_line(FILE *f, const kring_case *c, const char *link);
/* The list of cases LIST (N of them) as a table, with a column of the
 * next evaluation when a case has one due. */
void web_cases_table(FILE *f, const kring_case_summary *list, size_t n);
/* A list's cell for the evaluation DUE ("" none), "(due)" once it is
 * today or past; into BUF of CAP bytes. */
const char *web_due_cell(const char *due, char *buf, size_t cap);
/* A select "ring" of the three circles ("1 — close"), CHOSEN (1..3, or
 * none) chosen. */
void web_select_ring(FILE *f, int chosen);
/* Opens the store, to read (on a server's thread, one kept open); on
 * kring server acting as the request's account. */
kring_status web_store(struct web *w, kring_store **s, kring_error *err);
/* The same, to change. */
kring_status web_store_write(struct web *w, kring_store **s, kring_error *err);

#define WEB_PHONE_COOKIE "kring-phone"
/* The young person's phone (web_phone.c): /j and /y answered (PART[0]
 * is one of them); whether REQ brings a phone's cookie; the phone's "no
 * such page". */
void web_phone(struct web *w, const struct kh_request *req,
               struct kh_response *res, char **part, int n);
int web_phone_cookie(const struct kh_request *req);
/* kring server's /static/ files of the phone (PART[1]): the manifest, the
 * service worker, the icons; 1 answered, 0 no such file. */
int web_phone_static(struct web *w, struct kh_response *res, char **part,
                     int n);
void web_phone_nowhere(struct web *w, struct kh_response *res);
/* A page of the phone's: its head, MESSAGE (an error when ERROR), the
 * caller's body, which it ends with web_phone_end() (STATUS, MORE extra
 * headers). */
int web_phone_begin(struct web *w, struct page *p, const char *title,
                    const char *message, int error);
void web_phone_end(struct kh_response *res, int status, struct page *p,
                   const char *more);
/* A page of one text: TITLE, then TEXT; MORE extra headers. */
void web_phone_said(struct web *w, struct kh_response *res, int status,
                    const char *title, const char *text, const char *more);
/* The session is over (revoked, locked, logged out, case closed): said,
 * and the phone's cookie taken back. */
void web_phone_gone(struct web *w, struct kh_response *res);
/* What a try of the PIN or the passkey came to: RC the store's answer
 * to it, RIGHT the check, LEFT the tries left. Answered (the map, the
 * session's end when locked, with an event LOCKED from ADDRESS, or a
 * problem): 0; else 1, and the caller asks again, saying LEFT. */
int web_phone_tried(struct web *w, struct kh_response *res, kring_status rc,
                    int right, int left, const char *locked,
                    const char *address);
/* The phone's cookie (WEB_PHONE_COOKIE) set to TOKEN, or with TOKEN NULL
 * taken back, as a header line into OUT (CAP bytes). */
void web_phone_cookie_header(const struct web *w, const char *token, char *out,
                             size_t cap);

/* Passkeys on the phone (web_passkey.c). Opening an invitation: the
 * offer, inside its form (nothing where passkeys cannot be used), and
 * the passkey its form F brings read and checked into *KEY (0), or -1
 * and *WHY. Unlocking session TOKEN_HASH, whose passkey is KEY_ID: the
 * page that asks the phone (STATUS, MESSAGE an error or NULL), and its
 * answer in form F checked (5 refused lock the invitation). */
void web_passkey_offer(FILE *f, const struct web *w);
int web_passkey_made(const struct web *w, const struct form *f,
                     kring_passkey *key, const char **why);
void web_passkey_page(struct web *w, struct kh_response *res, int status,
                      const char *token_hash, const char *key_id,
                      const char *message);
void web_passkey_unlock(struct web *w, const struct kh_request *req,
                        struct kh_response *res, const char *token_hash,
                        const char *key_id, const struct form *f);
/* On the young person's phone: the links of their view to who looked at
 * their map, their map to keep and logging out (web_suggest.c). */
void youth_phone_menu(FILE *f, const struct web *w);
/* Who holds a case (web_team.c): on kring server's case page its team
 * and responsible, and a team lead's form to assign it; the assignment
 * that form POSTs (web_change.c); the account's own page. */
void web_case_holders(FILE *f, struct web *w, const char *code);
/* kring server's case page: the young person's phone, its invitation's
 * state and forms; POST /case/CODE/invite (REVOKE: /invite/revoke), the
 * account's need to know checked (web_invite.c). */
void web_phone_section(FILE *f, struct web *w, const char *code);
void web_invite(struct web *w, struct kh_response *res, const char *code,
                int revoke);
void web_assign(struct web *w, struct kh_response *res, const char *code,
                const struct form *f);
void page_account(struct web *w, struct kh_response *res);
/* Whether account U is in team TEAM by name: its list of teams ("A, B")
 * holds it whole. */
int web_in_team(const kring_user *u, const char *team);
/* Role R in the page's language, as `kring user list` says it. */
const char *web_role_word(kring_account_role r);

/* Break-glass (web_glass.c): the form on a professional's list of cases,
 * and the privacy officer's list of every opening, read from S. */
void glass_form(FILE *f, const struct web *w);
void glass_list(FILE *f, kring_store *s);

/* kring server's door (web_login.c): the pages to log in, enrol and log
 * out; every other request's session found and its account set
 * (web_account()). 1: the request goes on; 0: it was answered. */
int web_server_access(struct web *w, const struct kh_request *req,
                      struct kh_response *res, char **part, int n);
/* kring's own check of need to know, before PostgreSQL's: whether the
 * request's account may open case CODE (its team's, its own, or opened by
 * break-glass). A refusal is a line of the access log. */
int web_may_see(struct web *w, const char *code);
/* The start page of an account that sees no case: a privacy officer's
 * break-glass openings and access log (of case number CASE_NO and account
 * LOGIN when they are not NULL or ""), an admin's accounts and teams with
 * their forms; MESSAGE above it (an ERROR or a note), or NULL. */
void page_office(struct web *w, struct kh_response *res, const char *message,
                 int error, const char *case_no, const char *login);
/* The privacy officer's access log as CSV, every line (of CASE_NO and
 * LOGIN as above). */
void web_log_csv(struct web *w, struct kh_response *res, const char *case_no,
                 const char *login);
/* An admin's change WHAT ("user", "team", "disable", "reset") of the form
 * F, whose CSRF token was checked; a new account's or a new enrolment's
 * one-time code shown once, on the page that follows. */
void web_admin(struct web *w, struct kh_response *res, const char *what,
               const struct form *f);

/* GET /case/CODE/intake (web_pages.c): the case page's map and its
 * intake, alone, which the script fetches after a change on the map. */
void page_intake_map(struct web *w, struct kh_response *res, const char *code);
/* The pages (web_pages.c, web_views.c): each answers a GET; MESSAGE is an error
 * to show above, or NULL; FORM the values sent back after a refused change, or
 * NULL. */
void page_cases(struct web *w, struct kh_response *res, const char *message,
                const struct form *form);
void page_case(struct web *w, struct kh_response *res, const char *code,
               const char *message, const struct form *form);
void page_person(struct web *w, struct kh_response *res, const char *code,
                 const char *number, const char *message,
                 const struct form *form);
/* The young person's view; with SAID, thanks for a suggestion above; with
 * INTRO, the first screen that says what the map is over it. */
void page_youth(struct web *w, struct kh_response *res, const char *code,
                const char *open, const char *message, int said, int intro);
void page_team(struct web *w, struct kh_response *res, const char *code,
               const char *message, const struct form *form);
/* A page that says what went wrong, with STATUS. */
void page_problem(struct web *w, struct kh_response *res, int status,
                  const char *text);
/* The same on the young person's screen: no way to another page, only
 * back to the young person's view of case CODE (none when CODE is NULL). */
void page_youth_problem(struct web *w, struct kh_response *res, int status,
                        const char *code, const char *text);

/* People in addresses: a number (kring_store_people_numbers()), never
 * their id, which is made from their name. The numbers of C's people read
 * from S, a new array (caller frees); NULL out of memory or on an error
 * of the store. */
long *web_numbers(kring_store *s, const kring_case *c);
/* The index in C of the person whose number is TEXT, or -1 (TEXT not a
 * number as the pages write one, or nobody has it). */
long web_person_at(const kring_case *c, const long *numbers, const char *text);
/* The young person's view of C without its map: the people on the youth
 * map, each as a button and a panel, the panel of the person numbered OPEN
 * shown (web_views.c). */
kring_status youth_people(FILE *f, const struct web *w, const kring_case *c,
                          const long *numbers, const char *open,
                          kring_error *err);
/* Why the young person cannot nominate P of C: a sentence for them, or
 * NULL when they can. */
const char *youth_cannot_ask(const kring_case *c, const kring_person *p);
/* The line for the young person (P's youth_note), or NULL: never a line
 * that names someone the young person is afraid of. */
const char *youth_note_shown(const kring_case *c, const kring_person *p);

/* The young person's suggestions (web_suggest.c): by person P (numbered
 * NUMBER) of C, "closer" and "further away"; below the people, "this is
 * right" and "someone is missing"; on the professional's pages, every
 * suggestion of C, with the forms to answer the open ones if ANSWER. */
void youth_suggest_person(FILE *f, const struct web *w, const kring_case *c,
                          const kring_person *p, long number);
void youth_suggest_forms(FILE *f, const struct web *w, const kring_case *c);
void suggestions_section(FILE *f, const struct web *w, const kring_case *c,
                         int answer);

/* Makes the change a POST to /case/... asks for (PART: the path's N
 * parts), with the form F, whose CSRF token was checked (web_change.c). */
void web_change(struct web *w, struct kh_response *res, char **part, int n,
                const struct form *f);

/* Answers every request (web.c). */
void web_handle(void *ctx, const struct kh_request *req,
                struct kh_response *res);

/* The stylesheet and the script, compiled in (src/web/); the phone's
 * service worker and icons (the Makefile's WEB_ICONS). */
extern const char web_css[];
extern const char web_js[];
extern const char web_phone_sw[];
extern const char web_passkey_js[];
extern const unsigned char web_icon_svg[], web_icon_180_png[],
    web_icon_192_png[], web_icon_512_png[];
extern const unsigned long web_icon_svg_len, web_icon_180_png_len,
    web_icon_192_png_len, web_icon_512_png_len;

#endif
