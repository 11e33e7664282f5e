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
/* clang-format on */

const char *const *const kr_pg_migrations[] = {v7};
const int kr_pg_migration_version[] = {7};
const int kr_pg_migration_count =
    (int)(sizeof kr_pg_migrations / sizeof kr_pg_migrations[0]);
