/* kring's schema in PostgreSQL, one forward migration per step. The first
 * step makes the schema of version 7 of the SQLite backend whole: the same
 * tables, columns and constraints (CHECK, FOREIGN KEY, UNIQUE), the same
 * numbers for the audit log and the same versions of a case, in
 * PostgreSQL's words. A step is never edited once released: a change is a
 * new entry. Every statement runs with kring's schema first on the
 * search_path (connection.c), so names are not qualified; the triggers'
 * functions keep that search_path (SET search_path FROM CURRENT), so that
 * they find kring's tables whoever writes and whatever their own path.
 *
 * Keys and ids are compared byte by byte (COLLATE "C"), as SQLite does:
 * cases are listed in the same order on both stores, and the walk over
 * every case (read.c) merges rows by code with strcmp(). Text columns that
 * hold JSON stay text (checked with json_typeof()): jsonb would reorder a
 * file's extra keys, and an export must give back what was imported. */
#include "pg_internal.h"

/* clang-format off */
#define SLUG(col)                                                              \
    "CHECK (length(" col ") BETWEEN 1 AND 64 AND "                             \
    col " ~ '^[a-z0-9]+(-[a-z0-9]+)*$')"
#define BYTES(col, max) "CHECK (octet_length(" col ") <= " #max ")"
#define JSON_OBJ(col)                                                          \
    "CHECK (" col " IS NULL OR json_typeof(" col "::json) = 'object')"
#define KEY "text COLLATE \"C\""
#define DATE_RE "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"
#define UTC_NOW                                                                \
    "to_char(clock_timestamp() AT TIME ZONE 'UTC', "                           \
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define SECTORS                                                                \
    "('household', 'family', 'friends', 'school', 'neighbourhood', "           \
    "'leisure', 'community', 'online', 'care')"

static const char v7_marker[] =
    "CREATE TABLE kring_schema ("
    " only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),"
    " application text NOT NULL CHECK (application = 'kring'),"
    " version integer NOT NULL CHECK (version >= 1))";

/* A case's number (case_key) comes from a sequence; one given (a case
 * replaced keeps its number, a copy keeps every number) moves the
 * sequence past it, so that a number is never handed out twice. */
static const char v7_cases[] =
    "CREATE SEQUENCE case_keys;"
    "CREATE TABLE cases ("
    " code " KEY " PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),"
    " name text NOT NULL CHECK (length(name) >= 1) " BYTES("name", 200) ","
    " birth_year integer CHECK (birth_year BETWEEN 1900 AND 2100),"
    " notes text NOT NULL DEFAULT '' " BYTES("notes", 10000) ","
    " extra text " JSON_OBJ("extra") ","
    " file_extra text " JSON_OBJ("file_extra") ","
    " created text NOT NULL DEFAULT " UTC_NOW ","
    " case_key bigint NOT NULL UNIQUE DEFAULT nextval('case_keys')"
    "  CHECK (case_key >= 1),"
    " last_person_key bigint NOT NULL DEFAULT 0 CHECK (last_person_key >= 0),"
    " version bigint NOT NULL DEFAULT 0 CHECK (version >= 0),"
    " bumped_in text)";

static const char v7_case_keys[] =
    "CREATE FUNCTION case_keys_kept() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$"
    " BEGIN"
    "  PERFORM setval('case_keys', m) FROM (SELECT max(case_key) AS m"
    "   FROM cases) x, case_keys k WHERE x.m > k.last_value OR"
    "   (x.m = k.last_value AND NOT k.is_called);"
    "  RETURN NULL;"
    " END $$;"
    "CREATE TRIGGER cases_key_kept AFTER INSERT ON cases"
    " FOR EACH STATEMENT EXECUTE FUNCTION case_keys_kept()";

/* A person's number: the next of the case's counter, unless given. */
static const char v7_people[] =
    "CREATE TABLE people ("
    " case_code " KEY " NOT NULL REFERENCES cases(code) ON DELETE CASCADE"
    "  ON UPDATE CASCADE,"
    " seq integer NOT NULL CHECK (seq >= 1),"
    " id " KEY " NOT NULL " SLUG("id") ","
    " name text NOT NULL CHECK (length(name) >= 1) " BYTES("name", 200) ","
    " role text NOT NULL CHECK (role IN ('parent', 'stepparent',"
    "  'foster_parent', 'sibling', 'grandparent', 'aunt_uncle', 'cousin',"
    "  'relative', 'friend', 'partner', 'classmate', 'teacher',"
    "  'school_staff', 'coach', 'neighbour', 'family_friend',"
    "  'faith_leader', 'youth_worker', 'professional', 'other')),"
    " sector text NOT NULL CHECK (sector IN " SECTORS "),"
    " ring integer NOT NULL CHECK (ring BETWEEN 1 AND 3),"
    " age integer CHECK (age BETWEEN 0 AND 120),"
    " contact text CHECK (contact IN ('daily', 'weekly', 'monthly',"
    "  'yearly', 'rarely')),"
    " known_years double precision CHECK (known_years BETWEEN 0 AND 120 AND"
    "  abs(known_years * 10 - round(known_years * 10)) < 0.000001),"
    " support integer NOT NULL DEFAULT 0 CHECK (support BETWEEN 0 AND 63),"
    " hours_per_week double precision CHECK (hours_per_week BETWEEN 0 AND"
    "  168),"
    " travel_minutes integer CHECK (travel_minutes BETWEEN 0 AND 1440),"
    " reachable text CHECK (reachable IN ('anytime', 'evenings_weekends',"
    "  'office_hours', 'rarely')),"
    " quality text NOT NULL DEFAULT 'positive' CHECK (quality IN"
    "  ('positive', 'mixed', 'strained', 'broken')),"
    " status text NOT NULL DEFAULT 'active' CHECK (status IN ('active',"
    "  'absent', 'deceased')),"
    " formal boolean NOT NULL DEFAULT false,"
    " willing text NOT NULL DEFAULT 'unknown' CHECK (willing IN ('yes',"
    "  'no', 'unknown')),"
    " concern boolean NOT NULL DEFAULT false,"
    " frightens boolean NOT NULL DEFAULT false,"
    " nominated boolean NOT NULL DEFAULT false,"
    " lives_with_child boolean NOT NULL DEFAULT false,"
    " adult boolean,"
    " notes text NOT NULL DEFAULT '' " BYTES("notes", 10000) ","
    " extra text " JSON_OBJ("extra") ","
    " youth_note text CHECK (length(youth_note) >= 1 AND"
    "  octet_length(youth_note) <= 500 AND"
    "  youth_note !~ '[\\x01-\\x1f\\x7f]'),"
    " person_key bigint NOT NULL CHECK (person_key >= 1),"
    " CHECK (age IS NULL OR adult IS NULL OR (age >= 18) = adult),"
    " PRIMARY KEY (case_code, seq),"
    " UNIQUE (case_code, id),"
    " UNIQUE (case_code, person_key))";

static const char v7_person_keys[] =
    "CREATE FUNCTION people_key_new() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$"
    " BEGIN"
    "  IF NEW.person_key IS NULL THEN"
    "   UPDATE cases SET last_person_key = last_person_key + 1"
    "    WHERE code = NEW.case_code RETURNING last_person_key"
    "    INTO NEW.person_key;"
    "  END IF;"
    "  RETURN NEW;"
    " END $$;"
    "CREATE TRIGGER people_key_new BEFORE INSERT ON people"
    " FOR EACH ROW WHEN (NEW.person_key IS NULL)"
    " EXECUTE FUNCTION people_key_new();"
    /* A number given moves the case's counter past it (SQLite's
     * people_key_kept): a later person never gets it again. */
    "CREATE FUNCTION people_key_kept() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path FROM CURRENT AS $$"
    " BEGIN"
    "  UPDATE cases c SET last_person_key = x.m FROM (SELECT case_code,"
    "   max(person_key) AS m FROM new_rows GROUP BY case_code) x"
    "   WHERE c.code = x.case_code AND c.last_person_key < x.m;"
    "  RETURN NULL;"
    " END $$;"
    "CREATE TRIGGER people_key_kept AFTER INSERT ON people"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION people_key_kept()";

static const char v7_ties[] =
    "CREATE TABLE ties ("
    " case_code " KEY " NOT NULL,"
    " seq integer NOT NULL CHECK (seq >= 1),"
    " a " KEY " NOT NULL,"
    " b " KEY " NOT NULL CHECK (b <> a),"
    " strength text NOT NULL DEFAULT 'weak' CHECK (strength IN ('weak',"
    "  'strong')),"
    " quality text NOT NULL DEFAULT 'positive' CHECK (quality IN"
    "  ('positive', 'mixed', 'conflict')),"
    " extra text " JSON_OBJ("extra") ","
    " PRIMARY KEY (case_code, seq),"
    " FOREIGN KEY (case_code, a) REFERENCES people(case_code, id)"
    "  ON DELETE CASCADE ON UPDATE CASCADE,"
    " FOREIGN KEY (case_code, b) REFERENCES people(case_code, id)"
    "  ON DELETE CASCADE ON UPDATE CASCADE);"
    "CREATE UNIQUE INDEX ties_pair ON ties (case_code, least(a, b),"
    " greatest(a, b));"
    "CREATE INDEX ties_a ON ties (case_code, a);"
    "CREATE INDEX ties_b ON ties (case_code, b)";

/* Snapshots and choices keep the order they were made in (SQLite's
 * rowid): a number from an identity. */
static const char v7_history[] =
    "CREATE TABLE snapshots ("
    " case_code " KEY " NOT NULL REFERENCES cases(code) ON DELETE CASCADE"
    "  ON UPDATE CASCADE,"
    " label " KEY " NOT NULL CHECK (length(label) BETWEEN 1 AND 64),"
    " taken text NOT NULL CHECK (taken ~"
    "  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'),"
    " network text NOT NULL CHECK (json_typeof(network::json) = 'object'),"
    " extra text " JSON_OBJ("extra") ","
    " made bigint GENERATED BY DEFAULT AS IDENTITY,"
    " PRIMARY KEY (case_code, label));"
    "CREATE TABLE choices ("
    " case_code " KEY " NOT NULL REFERENCES cases(code) ON DELETE CASCADE"
    "  ON UPDATE CASCADE,"
    " person " KEY " NOT NULL,"
    " date text NOT NULL CHECK (date ~ " DATE_RE "),"
    " status text NOT NULL DEFAULT 'asked' CHECK (status IN ('asked',"
    "  'parents_agreed', 'accepted', 'active', 'evaluated', 'ended',"
    "  'declined')),"
    " note text NOT NULL DEFAULT '' " BYTES("note", 10000) ","
    " extra text " JSON_OBJ("extra") ","
    " made bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    " FOREIGN KEY (case_code, person) REFERENCES people(case_code, id)"
    "  ON UPDATE CASCADE);"
    "CREATE INDEX choices_person ON choices (case_code, person, made)";

static const char v7_suggestions[] =
    "CREATE TABLE suggestions ("
    " case_code " KEY " NOT NULL REFERENCES cases(code) ON DELETE CASCADE"
    "  ON UPDATE CASCADE,"
    " seq integer NOT NULL CHECK (seq >= 1),"
    " date text NOT NULL CHECK (date ~ " DATE_RE "),"
    " kind text NOT NULL CHECK (kind IN ('right', 'closer', 'further',"
    "  'missing')),"
    " person " KEY ","
    " name text CHECK (length(name) >= 1 AND octet_length(name) <= 200),"
    " ring integer CHECK (ring BETWEEN 1 AND 3),"
    " sector text CHECK (sector IN " SECTORS "),"
    " status text NOT NULL DEFAULT 'open' CHECK (status IN ('open',"
    "  'accepted', 'declined')),"
    " decided text CHECK (decided ~ " DATE_RE "),"
    " extra text " JSON_OBJ("extra") ","
    " CHECK ((kind IN ('closer', 'further')) = (person IS NOT NULL)),"
    " CHECK (kind = 'missing' OR (name IS NULL AND ring IS NULL AND"
    "  sector IS NULL)),"
    " CHECK (kind <> 'missing' OR (name IS NOT NULL AND ring IS NOT NULL)),"
    " CHECK ((status = 'open') = (decided IS NULL)),"
    " PRIMARY KEY (case_code, seq),"
    " FOREIGN KEY (case_code, person) REFERENCES people(case_code, id)"
    "  ON DELETE CASCADE ON UPDATE CASCADE);"
    "CREATE INDEX suggestions_person ON suggestions (case_code, person)";

/* The audit log (docs/security.md): who, with which command, what, and
 * the numbers of the case and people, never a name, code or id. It has
 * no key to the cases: it outlives what it tells of. */
static const char v7_audit[] =
    "CREATE TABLE audit ("
    " seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " at text NOT NULL DEFAULT " UTC_NOW ","
    " \"user\" text NOT NULL,"
    " command text NOT NULL,"
    " kind text NOT NULL CHECK (kind IN ('change', 'read')),"
    " event text NOT NULL,"
    " case_key bigint,"
    " person_key bigint,"
    " other_key bigint);"
    "CREATE INDEX audit_case ON audit (case_key, seq)";

/* A case's version (kring_store_case_version()): raised by every change
 * to the case's own row, its people or its ties, whoever writes them,
 * once per transaction (bumped_in: the transaction that raised it last,
 * its number and its start: a restore into another cluster brings
 * numbers that cluster will give again, never with the same start), so
 * that the rows of a case stored whole do not each rewrite the case's
 * row. The raise of the version itself raises nothing. */
#define THIS_TX "(txid_current() || ' ' || now())"
#define BUMP_SET                                                               \
    "  UPDATE cases SET version = version + 1, bumped_in = " THIS_TX           \
    "   WHERE bumped_in IS DISTINCT FROM " THIS_TX " AND code IN"
#define BUMP(name, rows)                                                       \
    "CREATE FUNCTION " name "() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$"        \
    " BEGIN" BUMP_SET                                                          \
    "   (SELECT case_code FROM " rows ");"                                     \
    "  RETURN NULL;"                                                           \
    " END $$;"
#define BUMP_ON(table, name, event, ref)                                       \
    "CREATE TRIGGER " table "_" name " AFTER " event " ON " table              \
    " REFERENCING " ref " FOR EACH STATEMENT EXECUTE FUNCTION " name "();"
static const char v7_versions[] =
    "CREATE FUNCTION case_version() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$"
    " BEGIN"
    "  IF NEW.version = OLD.version AND"
    "   OLD.bumped_in IS DISTINCT FROM " THIS_TX " THEN"
    "   NEW.version := OLD.version + 1;"
    "   NEW.bumped_in := " THIS_TX ";"
    "  END IF;"
    "  RETURN NEW;"
    " END $$;"
    "CREATE TRIGGER cases_version BEFORE UPDATE ON cases"
    " FOR EACH ROW EXECUTE FUNCTION case_version();"
    BUMP("version_new", "new_rows")
    BUMP("version_gone", "old_rows")
    "CREATE FUNCTION version_set() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$"
    " BEGIN" BUMP_SET
    "   (SELECT case_code FROM new_rows UNION SELECT case_code FROM"
    "   old_rows);"
    "  RETURN NULL;"
    " END $$;"
    BUMP_ON("people", "version_new", "INSERT", "NEW TABLE AS new_rows")
    BUMP_ON("people", "version_gone", "DELETE", "OLD TABLE AS old_rows")
    BUMP_ON("people", "version_set", "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows")
    BUMP_ON("ties", "version_new", "INSERT", "NEW TABLE AS new_rows")
    BUMP_ON("ties", "version_gone", "DELETE", "OLD TABLE AS old_rows")
    BUMP_ON("ties", "version_set", "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows");

static const char *const v7[] = {
    v7_marker, v7_cases, v7_case_keys, v7_people, v7_person_keys, v7_ties,
    v7_history, v7_suggestions, v7_audit, v7_versions, NULL};

/* Version 8: the organisation (docs/server.md). Teams, accounts and their
 * roles; a case's team and responsible professional; break-glass; the
 * access log's who, on whose behalf, from where and the outcome, chained
 * by hashes and kept append-only; need to know in row-level security.
 *
 * Row-level security binds every role but the tables' owner: the account
 * `kring server` connects as must not own them (kring server refuses
 * to start as the owner, a superuser or a role with BYPASSRLS), and is
 * given its rights by `kring db grant` (admin.c). The acting user is the
 * setting kring.user (kring_store_act_as()); without one no case is seen.
 * The functions that read the accounts are SECURITY DEFINER, so that the
 * policies need no right to those tables, and are evaluated once per
 * statement ((SELECT f()): an init plan), not once per row. */
#define NAME_CHECK(col, max)                                                   \
    "CHECK (length(" col ") BETWEEN 1 AND " #max " AND " col                   \
    " !~ '[\\x01-\\x1f\\x7f]')"
#define DEFINER "SECURITY DEFINER SET search_path FROM CURRENT"
static const char v8_accounts[] =
    "CREATE TABLE teams ("
    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " name text NOT NULL UNIQUE " NAME_CHECK("name", 100) ","
    " created text NOT NULL DEFAULT " UTC_NOW ");"
    "CREATE TABLE users ("
    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " login " KEY " NOT NULL UNIQUE CHECK (login ~"
    "  '^[a-z0-9][a-z0-9._-]{0,63}$'),"
    " name text NOT NULL " NAME_CHECK("name", 200) ","
    " role text NOT NULL CHECK (role IN ('professional', 'team_lead',"
    "  'privacy_officer', 'admin')),"
    " created text NOT NULL DEFAULT " UTC_NOW ","
    " disabled text);"
    "CREATE TABLE members ("
    " user_id bigint NOT NULL REFERENCES users(id),"
    " team_id bigint NOT NULL REFERENCES teams(id),"
    " PRIMARY KEY (user_id, team_id));"
    "CREATE INDEX members_team ON members (team_id);"
    "ALTER TABLE cases ADD COLUMN team_id bigint REFERENCES teams(id),"
    " ADD COLUMN responsible bigint REFERENCES users(id);"
    "CREATE INDEX cases_team ON cases (team_id);"
    "CREATE INDEX cases_responsible ON cases (responsible);"
    "CREATE TABLE break_glass ("
    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " user_id bigint NOT NULL REFERENCES users(id),"
    " case_key bigint NOT NULL,"
    /* NULL once the case is removed: the opening, its reason and the
     * case's number stay for the privacy officer. */
    " case_code " KEY " REFERENCES cases(code) ON DELETE SET NULL"
    "  ON UPDATE CASCADE,"
    " reason text NOT NULL CHECK (length(btrim(reason)) >= 10 AND"
    "  octet_length(reason) <= 2000),"
    " opened timestamptz NOT NULL DEFAULT now(),"
    " until timestamptz NOT NULL);"
    "CREATE INDEX break_glass_user ON break_glass (user_id, until);"
    /* How an account logs in to kring server (docs/server.md): its
     * password's argon2id hash, its TOTP secret and the last step whose
     * code was taken (a code is taken once), a one-time enrolment (the
     * SHA-256 of its code, until when), failures in a row and a lock
     * (until when); sessions ended before sessions_from. Kept apart from
     * users: read only by kring server's role and the owner. */
    "CREATE TABLE credentials ("
    " user_id bigint PRIMARY KEY REFERENCES users(id),"
    " password_hash text CHECK (password_hash LIKE '$argon2id$%'),"
    " totp_secret text CHECK (totp_secret ~ '^[A-Z2-7]{16,64}$'),"
    " totp_step bigint NOT NULL DEFAULT 0,"
    " enrol_hash text UNIQUE CHECK (enrol_hash ~ '^[0-9a-f]{64}$'),"
    " enrol_until timestamptz,"
    " failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),"
    " locked_until timestamptz,"
    " sessions_from timestamptz NOT NULL DEFAULT '-infinity',"
    " CHECK ((password_hash IS NULL) = (totp_secret IS NULL)));"
    /* A session: the SHA-256 of its cookie's token (never the token),
     * its account, when it began and was last used, its CSRF token and
     * where it began. */
    "CREATE TABLE sessions ("
    " token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),"
    " user_id bigint NOT NULL REFERENCES users(id),"
    " began timestamptz NOT NULL DEFAULT now(),"
    " seen timestamptz NOT NULL DEFAULT now(),"
    " csrf text NOT NULL CHECK (csrf ~ '^[0-9a-f]{32,128}$'),"
    " address text);"
    "CREATE INDEX sessions_user ON sessions (user_id)";

/* Who acts (kring.user): an account that is not disabled, its role, and
 * for the roles that see cases, its teams and the cases it opened by
 * break-glass that are still open. */
static const char v8_acting[] =
    "CREATE FUNCTION acting_user() RETURNS bigint LANGUAGE sql STABLE " DEFINER
    " AS $$ SELECT id FROM users WHERE disabled IS NULL AND id ="
    "  nullif(current_setting('kring.user', true), '')::bigint $$;"
    "CREATE FUNCTION acting_role() RETURNS text LANGUAGE sql STABLE " DEFINER
    " AS $$ SELECT role FROM users WHERE id = acting_user() $$;"
    "CREATE FUNCTION acting_case_user() RETURNS bigint LANGUAGE sql STABLE "
    DEFINER " AS $$ SELECT id FROM users WHERE id = acting_user() AND role IN"
    "  ('professional', 'team_lead') $$;"
    "CREATE FUNCTION acting_teams() RETURNS bigint[] LANGUAGE sql STABLE "
    DEFINER " AS $$ SELECT coalesce(array_agg(team_id), '{}') FROM members"
    "  WHERE user_id = acting_case_user() $$;"
    "CREATE FUNCTION acting_glass() RETURNS text[] LANGUAGE sql STABLE "
    DEFINER " AS $$ SELECT coalesce(array_agg(case_code), '{}') FROM"
    "  break_glass WHERE user_id = acting_case_user() AND until > now() $$";

/* Need to know: a case is seen (read, changed, removed, made) by whom it
 * is assigned to, its team's professionals and team leads, and whoever
 * opened it by break-glass; its people, ties, snapshots, choices and
 * suggestions as their case. A case's team and responsible change only
 * through case_assign() (admin.c's kring case assign, the team lead's
 * page), never by a plain UPDATE of another role. */
#define CASE_SEEN                                                              \
    "team_id = ANY ((SELECT acting_teams())::bigint[]) OR responsible ="      \
    " (SELECT acting_case_user()) OR code = ANY ((SELECT"                      \
    " acting_glass())::text[])"
#define OF_CASE(table)                                                         \
    "ALTER TABLE " table " ENABLE ROW LEVEL SECURITY;"                         \
    "CREATE POLICY need_to_know ON " table " USING (EXISTS (SELECT 1 FROM"     \
    " cases c WHERE c.code = case_code));"
static const char v8_need_to_know[] =
    "ALTER TABLE cases ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY need_to_know ON cases USING (" CASE_SEEN ");"
    OF_CASE("people") OF_CASE("ties") OF_CASE("snapshots") OF_CASE("choices")
    OF_CASE("suggestions")
    "CREATE FUNCTION owner_acts(tab oid) RETURNS boolean LANGUAGE sql STABLE"
    " AS $$ SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class"
    "  WHERE oid = tab $$;"
    "CREATE FUNCTION case_assigned() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path FROM CURRENT AS $$"
    " BEGIN"
    "  IF (NEW.team_id, NEW.responsible) IS DISTINCT FROM (OLD.team_id,"
    "   OLD.responsible) AND NOT owner_acts(TG_RELID) THEN"
    "   RAISE EXCEPTION 'a case is assigned only by case_assign()'"
    "    USING ERRCODE = '42501';"
    "  END IF;"
    "  RETURN NEW;"
    " END $$;"
    "CREATE TRIGGER cases_assigned BEFORE UPDATE OF team_id, responsible ON"
    " cases FOR EACH ROW EXECUTE FUNCTION case_assigned();"
    /* A case made on kring server is its maker's, and their team's when
     * they are in one team: else no one but the owner could see it. */
    "CREATE FUNCTION case_made() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path FROM CURRENT AS $$"
    " DECLARE mine bigint[] := acting_teams();"
    " BEGIN"
    "  IF acting_user() IS NOT NULL AND NEW.team_id IS NULL AND"
    "   NEW.responsible IS NULL THEN"
    "   NEW.responsible := acting_case_user();"
    "   IF cardinality(mine) = 1 THEN NEW.team_id := mine[1]; END IF;"
    "  ELSIF acting_user() IS NOT NULL AND ((NEW.team_id IS NOT NULL AND NOT"
    "   NEW.team_id = ANY (mine)) OR (NEW.responsible IS DISTINCT FROM"
    "   acting_case_user() AND NOT coalesce(NEW.team_id = ANY (mine),"
    "   false))) THEN"
    /* Nobody plants a case in another team, or on a colleague of
     * another. */
    "   RAISE EXCEPTION 'a case is made for one''s own teams' USING ERRCODE"
    "    = '42501';"
    "  END IF;"
    "  RETURN NEW;"
    " END $$;"
    "CREATE TRIGGER cases_made BEFORE INSERT ON cases FOR EACH ROW"
    " EXECUTE FUNCTION case_made();"
    /* The accounts: read by every role kring server acts as, changed only
     * by an admin. */
    "ALTER TABLE teams ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE users ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE members ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY seen ON teams FOR SELECT USING (true);"
    "CREATE POLICY seen ON users FOR SELECT USING (true);"
    "CREATE POLICY seen ON members FOR SELECT USING (true);"
    "CREATE POLICY by_admin ON teams USING ((SELECT acting_role()) = 'admin');"
    "CREATE POLICY by_admin ON users USING ((SELECT acting_role()) = 'admin');"
    "CREATE POLICY by_admin ON members USING ((SELECT acting_role()) ="
    " 'admin');"
    "ALTER TABLE break_glass ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY own ON break_glass USING (user_id = (SELECT acting_user())"
    " OR (SELECT acting_role()) = 'privacy_officer') WITH CHECK (user_id ="
    " (SELECT acting_case_user()))";

/* The access log (NEN 7513, docs/security.md): who (the account, its
 * number and role; on whose behalf), from where, the outcome. Each line
 * is sealed into a chain (audit_seal(), in order, under one lock): its
 * number in the chain, the hash of the line before and its own, SHA-256
 * of that hash and the line as JSON (audit_line()). A line is never
 * changed or removed: not by kring, and by no role but through the
 * owner's own triggers dropped, which the chain then shows (kring audit
 * verify). Sealing is separate from writing so that a transaction that
 * sees one moment (REPEATABLE READ) can still log its reads: the line is
 * sealed by the next seal, after it committed. */
static const char v8_audit[] =
    "ALTER TABLE audit DROP CONSTRAINT audit_kind_check,"
    " ADD CONSTRAINT audit_kind_check CHECK (kind IN ('read', 'change',"
    "  'export', 'print', 'break_glass', 'erase', 'assign')),"
    " ADD COLUMN user_id bigint,"
    " ADD COLUMN role text,"
    " ADD COLUMN behalf text,"
    " ADD COLUMN address text,"
    " ADD COLUMN outcome text NOT NULL DEFAULT 'done' CHECK (outcome IN"
    "  ('done', 'refused')),"
    " ADD COLUMN chain bigint UNIQUE CHECK (chain >= 1),"
    " ADD COLUMN prev bytea,"
    " ADD COLUMN hash bytea,"
    " ADD CHECK ((chain IS NULL) = (hash IS NULL) AND (chain IS NULL) ="
    "  (prev IS NULL));"
    "CREATE INDEX audit_unsealed ON audit (seq) WHERE chain IS NULL;"
    "CREATE INDEX audit_user ON audit (user_id, seq);"
    "CREATE FUNCTION audit_line(a audit) RETURNS text LANGUAGE sql IMMUTABLE"
    " AS $$ SELECT " AUDIT_LINE_JSON("a") " $$;"
    "CREATE FUNCTION audit_seal() RETURNS bigint LANGUAGE plpgsql " DEFINER
    " AS $$"
    " DECLARE head bigint; h bytea; seqs bigint[]; lines text[];"
    "  prevs bytea[] := '{}'; hashes bytea[] := '{}'; n integer; i integer;"
    " BEGIN"
    /* Only with a fresh look at the chain's head: in a transaction that
     * sees one moment, another's seal may be past it. */
    "  IF current_setting('transaction_isolation') <> 'read committed' THEN"
    "   RETURN 0;"
    "  END IF;"
    "  PERFORM pg_advisory_xact_lock(7235120);"
    "  SELECT chain, hash INTO head, h FROM audit WHERE chain IS NOT NULL"
    "   ORDER BY chain DESC LIMIT 1;"
    "  head := coalesce(head, 0);"
    "  h := coalesce(h, decode(repeat('00', 32), 'hex'));"
    /* The waiting lines in order, each hash made from the one before,
     * then all written by one statement (10,000 lines in a tenth of a
     * second, not one statement each). */
    "  SELECT coalesce(array_agg(seq ORDER BY seq), '{}'),"
    "   coalesce(array_agg(audit_line(a) ORDER BY seq), '{}') INTO seqs,"
    "   lines FROM audit a WHERE chain IS NULL;"
    "  n := coalesce(array_length(seqs, 1), 0);"
    "  FOR i IN 1 .. n LOOP"
    "   prevs := prevs || h;"
    "   h := sha256(h || convert_to(lines[i], 'UTF8'));"
    "   hashes := hashes || h;"
    "  END LOOP;"
    "  PERFORM set_config('kring.sealing', 'on', true);"
    "  UPDATE audit a SET chain = head + x.i, prev = x.p, hash = x.h FROM"
    "   unnest(seqs, prevs, hashes) WITH ORDINALITY AS x(s, p, h, i) WHERE"
    "   a.seq = x.s;"
    "  PERFORM set_config('kring.sealing', '', true);"
    "  RETURN n;"
    " END $$;"
    "CREATE FUNCTION audit_kept() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path FROM CURRENT AS $$"
    " BEGIN"
    "  IF TG_OP = 'UPDATE' AND current_setting('kring.sealing', true) = 'on'"
    "   AND OLD.chain IS NULL AND (OLD.seq, OLD.at, OLD.\"user\","
    "   OLD.user_id, OLD.role, OLD.behalf, OLD.command, OLD.kind, OLD.event,"
    "   OLD.case_key, OLD.person_key, OLD.other_key, OLD.address,"
    "   OLD.outcome) IS NOT DISTINCT FROM (NEW.seq, NEW.at, NEW.\"user\","
    "   NEW.user_id, NEW.role, NEW.behalf, NEW.command, NEW.kind, NEW.event,"
    "   NEW.case_key, NEW.person_key, NEW.other_key, NEW.address,"
    "   NEW.outcome) THEN"
    "   RETURN NEW;"
    "  END IF;"
    "  RAISE EXCEPTION 'the access log is only added to' USING ERRCODE ="
    "   '42501';"
    " END $$";

static const char v8_audit_kept[] =
    /* A line another role than the owner (kring server's) writes gets
     * the database's time and the acting account, its login and role,
     * whatever its statement said. The trigger's condition leaves the
     * owner's lines (a walk logs 10,000 reads in one statement, a copy
     * brings its own times) to cost nothing. */
    "CREATE FUNCTION audit_written() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path FROM CURRENT AS $$"
    " BEGIN"
    "  NEW.at := " UTC_NOW ";"
    "  NEW.user_id := acting_user();"
    "  NEW.role := acting_role();"
    "  NEW.\"user\" := coalesce((SELECT login FROM users WHERE id ="
    "   acting_user()), NEW.\"user\");"
    "  RETURN NEW;"
    " END $$;"
    "DO $$ BEGIN EXECUTE format('CREATE TRIGGER audit_written BEFORE INSERT"
    " ON audit FOR EACH ROW WHEN (NOT pg_has_role(current_user, %L,"
    " ''MEMBER'')) EXECUTE FUNCTION audit_written()', (SELECT r.rolname FROM"
    " pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid ="
    " 'audit'::regclass)); END $$;"
    "CREATE TRIGGER audit_kept BEFORE UPDATE OR DELETE ON audit"
    " FOR EACH ROW EXECUTE FUNCTION audit_kept();"
    "CREATE TRIGGER audit_kept_whole BEFORE TRUNCATE ON audit"
    " FOR EACH STATEMENT EXECUTE FUNCTION audit_kept();"
    "ALTER TABLE audit ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY written ON audit FOR INSERT WITH CHECK (chain IS NULL);"
    "CREATE POLICY read ON audit FOR SELECT USING ((SELECT acting_role()) ="
    " 'privacy_officer' OR user_id = (SELECT acting_user()));"
    "SELECT audit_seal()";

static const char v8_functions[] =
    /* A case's team and responsible set: by the tables' owner (kring case
     * assign), or acting as a team lead of the case's team, to a team of
     * their own. A case the account may not see is "no case". */
    "CREATE FUNCTION case_assign(c_code text, t_name text, u_login text)"
    " RETURNS text LANGUAGE plpgsql " DEFINER " AS $$"
    " DECLARE c record; t bigint; u bigint; me bigint := acting_user();"
    "  mine bigint[] := acting_teams();"
    " BEGIN"
    /* Who called (a SECURITY DEFINER function runs as its owner): the
     * role set (SET ROLE), else the one connected. */
    "  IF me IS NULL AND NOT pg_has_role(CASE current_setting('role') WHEN"
    "   'none' THEN session_user ELSE current_setting('role') END, (SELECT"
    "   relowner FROM pg_class WHERE oid = 'cases'::regclass), 'USAGE') THEN"
    "   RETURN 'not yours';"
    "  END IF;"
    "  SELECT case_key, team_id, responsible INTO c FROM cases"
    "   WHERE code = c_code FOR UPDATE;"
    "  IF NOT FOUND OR (me IS NOT NULL AND NOT (coalesce(c.team_id = ANY"
    "   (mine), false) OR c.responsible IS NOT DISTINCT FROM"
    "   acting_case_user() OR c_code = ANY (acting_glass()))) THEN"
    "   RETURN 'no case';"
    "  END IF;"
    "  IF me IS NOT NULL AND (acting_role() IS DISTINCT FROM 'team_lead' OR"
    "   NOT coalesce(c.team_id = ANY (mine), false)) THEN"
    "   RETURN 'not yours';"
    "  END IF;"
    "  t := c.team_id; u := c.responsible;"
    "  IF t_name = '' THEN t := NULL;"
    "  ELSIF t_name IS NOT NULL THEN"
    "   SELECT id INTO t FROM teams WHERE name = t_name;"
    "   IF NOT FOUND THEN RETURN 'no team'; END IF;"
    "  END IF;"
    "  IF me IS NOT NULL AND NOT coalesce(t = ANY (mine), false) THEN"
    "   RETURN 'not your team';"
    "  END IF;"
    "  IF u_login = '' THEN u := NULL;"
    "  ELSIF u_login IS NOT NULL THEN"
    "   SELECT id INTO u FROM users WHERE login = u_login;"
    "   IF NOT FOUND THEN RETURN 'no user'; END IF;"
    "   IF NOT EXISTS (SELECT 1 FROM users WHERE id = u AND disabled IS NULL"
    "    AND role IN ('professional', 'team_lead')) THEN"
    "    RETURN 'not a professional';"
    "   END IF;"
    /* A team lead gives a case to a member of its team. */
    "   IF me IS NOT NULL AND NOT EXISTS (SELECT 1 FROM members WHERE"
    "    user_id = u AND team_id = t) THEN"
    "    RETURN 'not your team';"
    "   END IF;"
    "  END IF;"
    "  UPDATE cases SET team_id = t, responsible = u WHERE code = c_code;"
    "  RETURN 'ok ' || c.case_key;"
    " END $$;"
    /* Whom case C_CODE is for, as kring's own check reads it before
     * PostgreSQL's: its team, its responsible, and whether the acting
     * account opened it by break-glass that is still open; no row when
     * there is no such case. */
    "CREATE FUNCTION case_holder(c_code text, OUT team_id bigint, OUT"
    " responsible bigint, OUT glass boolean, OUT case_key bigint) RETURNS"
    " SETOF record LANGUAGE sql STABLE " DEFINER " AS $$"
    "  SELECT c.team_id, c.responsible, c_code = ANY (acting_glass()),"
    "  c.case_key FROM cases c WHERE c.code = c_code $$;"
    /* Break-glass: a professional or team lead opens a case they may not
     * see, for MINUTES, with a reason; its number, or NULL when there is
     * no such case or the account may not. */
    "CREATE FUNCTION break_glass_open(c_code text, why text, minutes integer)"
    " RETURNS bigint LANGUAGE plpgsql " DEFINER " AS $$"
    " DECLARE k bigint;"
    " BEGIN"
    "  IF acting_case_user() IS NULL OR minutes NOT BETWEEN 1 AND 1440 THEN"
    "   RETURN NULL;"
    "  END IF;"
    "  SELECT case_key INTO k FROM cases WHERE code = c_code;"
    "  IF NOT FOUND THEN RETURN NULL; END IF;"
    "  INSERT INTO break_glass (user_id, case_key, case_code, reason, until)"
    "   VALUES (acting_case_user(), k, c_code, why, now() + minutes *"
    "   interval '1 minute');"
    "  RETURN k;"
    " END $$;"
    /* Every opening by break-glass, newest first, for the privacy officer
     * (or the owner): who, which case by its number, why, when, until. */
    "CREATE FUNCTION break_glass_log(OUT login text, OUT case_key bigint,"
    " OUT reason text, OUT opened text, OUT until text) RETURNS SETOF record"
    " LANGUAGE sql STABLE " DEFINER " AS $$"
    "  SELECT u.login, b.case_key, b.reason, to_char(b.opened AT TIME ZONE"
    "  'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), to_char(b.until AT TIME"
    "  ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM break_glass b"
    "  JOIN users u ON u.id = b.user_id WHERE acting_role() ="
    "  'privacy_officer' OR (acting_user() IS NULL AND pg_has_role(CASE"
    "  current_setting('role') WHEN 'none' THEN session_user ELSE"
    "  current_setting('role') END, (SELECT relowner FROM pg_class WHERE oid"
    "  = 'cases'::regclass), 'USAGE')) ORDER BY b.opened DESC, b.id DESC $$";

static const char *const v8[] = {v8_accounts,   v8_acting,
                                 v8_need_to_know, v8_functions,
                                 v8_audit,      v8_audit_kept, NULL};

/* Version 9: an account may log in through the organisation's identity
 * provider (OpenID Connect), known by its subject there (docs/server.md);
 * a case is closed on a day, from which its retention counts (kring
 * retention, docs/privacy.md). */
static const char v9_closed[] =
    "ALTER TABLE users ADD COLUMN oidc_subject text UNIQUE"
    "  " NAME_CHECK("oidc_subject", 255) ";"
    "ALTER TABLE cases ADD COLUMN closed text CHECK (closed ~ " DATE_RE ");"
    "CREATE INDEX cases_closed ON cases (closed) WHERE closed IS NOT NULL";

static const char *const v9[] = {v9_closed, NULL};

/* Version 10: the account a login through the identity provider is, for
 * kring server's role, which may change no account itself (an admin's
 * policy): the one bound to SUBJECT; else, the first time, the enabled
 * account whose login is LOGIN and that has no subject yet, which is then
 * bound to it (docs/server.md "OpenID Connect"). None (NULL) for a
 * disabled account, or one bound to another subject. */
static const char v10_oidc[] =
    "CREATE FUNCTION oidc_account(p_subject text, p_login text,"
    " OUT user_id bigint, OUT bound boolean) LANGUAGE plpgsql " DEFINER
    " AS $$ DECLARE u record; BEGIN"
    "  bound := false;"
    "  SELECT id, disabled INTO u FROM users WHERE oidc_subject = p_subject"
    "   FOR UPDATE;"
    "  IF NOT FOUND THEN"
    "   SELECT id, disabled INTO u FROM users WHERE login = p_login AND"
    "    oidc_subject IS NULL FOR UPDATE;"
    "   IF NOT FOUND OR u.disabled IS NOT NULL THEN RETURN; END IF;"
    "   UPDATE users SET oidc_subject = p_subject WHERE id = u.id;"
    "   bound := true;"
    "  END IF;"
    "  IF u.disabled IS NULL THEN user_id := u.id; END IF;"
    " END $$";

static const char *const v10[] = {v10_oidc, NULL};

/* Version 11: the same need to know, cheaper (bench/server_load.js, where
 * PostgreSQL took 80% of the machine).
 * - Who acts, and case_holder(), in PL/pgSQL. A SECURITY DEFINER function
 *   in SQL is parsed and planned again in every statement that calls it,
 *   and planning one that calls another evaluates that one to estimate
 *   its rows: the policies' init plans cost more than the statements they
 *   guard. PL/pgSQL keeps each body's plan for the connection; none of
 *   who-acts calls another.
 * - A case's rows (people, ties, ...) are seen when their case is, asked
 *   of that one case by its key (a scalar subquery: one probe of cases'
 *   index a row), no longer by EXISTS, which the planner made into a scan
 *   of every case the account sees, for each statement. */
#define ACTING_ACCOUNT                                                         \
    " u.disabled IS NULL AND u.id = nullif(current_setting('kring.user',"     \
    " true), '')::bigint"
#define ACTING(name, type, select)                                             \
    "CREATE OR REPLACE FUNCTION " name "() RETURNS " type " LANGUAGE plpgsql"  \
    " STABLE " DEFINER " AS $$ DECLARE v " type "; BEGIN " select              \
    "; RETURN v; END $$;"
#define CASE_ROLE " AND u.role IN ('professional', 'team_lead')"
static const char v11_acting[] =
    ACTING("acting_user", "bigint",
           "SELECT u.id INTO v FROM users u WHERE" ACTING_ACCOUNT)
    ACTING("acting_role", "text",
           "SELECT u.role INTO v FROM users u WHERE" ACTING_ACCOUNT)
    ACTING("acting_case_user", "bigint",
           "SELECT u.id INTO v FROM users u WHERE" ACTING_ACCOUNT CASE_ROLE)
    ACTING("acting_teams", "bigint[]",
           "SELECT coalesce(array_agg(m.team_id), '{}') INTO v FROM members m"
           " JOIN users u ON u.id = m.user_id WHERE" ACTING_ACCOUNT CASE_ROLE)
    ACTING("acting_glass", "text[]",
           "SELECT coalesce(array_agg(g.case_code), '{}') INTO v FROM"
           " break_glass g JOIN users u ON u.id = g.user_id WHERE"
           ACTING_ACCOUNT CASE_ROLE " AND g.until > now()");

#define OF_ONE_CASE(table)                                                     \
    "DROP POLICY need_to_know ON " table ";"                                   \
    "CREATE POLICY need_to_know ON " table " USING ((SELECT true FROM cases"   \
    " c WHERE c.code = case_code));"
static const char v11_of_case[] =
    "CREATE OR REPLACE FUNCTION case_holder(c_code text, OUT team_id bigint,"
    " OUT responsible bigint, OUT glass boolean, OUT case_key bigint) RETURNS"
    " SETOF record LANGUAGE plpgsql STABLE " DEFINER " AS $$ BEGIN"
    "  RETURN QUERY SELECT c.team_id, c.responsible, c_code = ANY"
    "  (acting_glass()), c.case_key FROM cases c WHERE c.code = c_code;"
    " END $$;"
    OF_ONE_CASE("people") OF_ONE_CASE("ties") OF_ONE_CASE("snapshots")
    OF_ONE_CASE("choices") OF_ONE_CASE("suggestions");

static const char *const v11[] = {v11_acting, v11_of_case, NULL};
/* clang-format on */

const char *const *const kr_pg_migrations[] = {
    v7, v8, v9, v10, v11, kr_pg_v12, kr_pg_v13, kr_pg_v14, kr_pg_v15};
const int kr_pg_migration_version[] = {7, 8, 9, 10, 11, 12, 13, 14, 15};
const int kr_pg_migration_count =
    (int)(sizeof kr_pg_migrations / sizeof kr_pg_migrations[0]);
