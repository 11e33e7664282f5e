/* The database schema, one forward migration per version. A migration is
 * never edited once released: a change is a new entry. */
#include "store_internal.h"

/* clang-format off */
#define SLUG(col)                                                              \
    "CHECK(length(" col ") BETWEEN 1 AND 64 AND " col                          \
    " NOT GLOB '*[^a-z0-9-]*' AND " col " NOT GLOB '-*' AND " col              \
    " NOT GLOB '*-' AND " col " NOT GLOB '*--*')"
#define BYTES(col, max) "CHECK(length(CAST(" col " AS BLOB)) <= " #max ")"
#define BYTES_LE(col, max) "length(CAST(" col " AS BLOB)) <= " #max
#define JSON_OBJ(col) "CHECK(" col " IS NULL OR json_type(" col ") = 'object')"
#define BOOL(col) col " INTEGER NOT NULL DEFAULT 0 CHECK(" col " IN (0, 1)),"

/* Version 1. */

static const char v1_cases[] =
    "CREATE TABLE cases ("
    " code TEXT PRIMARY KEY CHECK(length(code) BETWEEN 1 AND 32),"
    " name TEXT NOT NULL CHECK(length(name) >= 1) " BYTES("name", 200) ","
    " birth_year INTEGER CHECK(birth_year IS NULL OR"
    "  birth_year BETWEEN 1900 AND 2100),"
    " notes TEXT NOT NULL DEFAULT '' " BYTES("notes", 10000) ","
    " extra TEXT " JSON_OBJ("extra") ","
    " file_extra TEXT " JSON_OBJ("file_extra") ","
    " created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ") STRICT;";

/* The columns of a person (the same in versions 1 to 3; version 4 changes
 * known_years and adds youth_note), their names, and the check across two
 * of them. */
#define PEOPLE_CASE                                                            \
    " case_code TEXT NOT NULL REFERENCES cases(code) ON DELETE CASCADE"        \
    "  ON UPDATE CASCADE,"
#define PEOPLE_COLUMNS                                                         \
    PEOPLE_COLUMNS_HEAD PEOPLE_KNOWN_YEARS_V1 PEOPLE_COLUMNS_TAIL
#define PEOPLE_COLUMNS_HEAD                                                    \
    " id TEXT NOT NULL " SLUG("id") ","                                        \
    " name TEXT NOT NULL CHECK(length(name) >= 1) " BYTES("name", 200) ","     \
    " role TEXT NOT NULL CHECK(role IN ('parent', 'stepparent',"               \
    "  'foster_parent', 'sibling', 'grandparent', 'aunt_uncle', 'cousin',"     \
    "  'relative', 'friend', 'partner', 'classmate', 'teacher',"               \
    "  'school_staff', 'coach', 'neighbour', 'family_friend',"                 \
    "  'faith_leader', 'youth_worker', 'professional', 'other')),"            \
    " sector TEXT NOT NULL CHECK(sector IN ('household', 'family',"            \
    "  'friends', 'school', 'neighbourhood', 'leisure', 'community',"          \
    "  'online', 'care')),"                                                    \
    " ring INTEGER NOT NULL CHECK(ring BETWEEN 1 AND 3),"                      \
    " age INTEGER CHECK(age IS NULL OR age BETWEEN 0 AND 120),"                \
    " contact TEXT CHECK(contact IS NULL OR contact IN ('daily', 'weekly',"    \
    "  'monthly', 'yearly', 'rarely')),"
#define PEOPLE_KNOWN_YEARS_V1                                                  \
    " known_years INTEGER CHECK(known_years IS NULL OR"                        \
    "  known_years BETWEEN 0 AND 120),"
#define PEOPLE_COLUMNS_TAIL                                                    \
    " support INTEGER NOT NULL DEFAULT 0 CHECK(support BETWEEN 0 AND 63),"     \
    " hours_per_week REAL CHECK(hours_per_week IS NULL OR"                     \
    "  hours_per_week BETWEEN 0 AND 168),"                                     \
    " travel_minutes INTEGER CHECK(travel_minutes IS NULL OR"                  \
    "  travel_minutes BETWEEN 0 AND 1440),"                                    \
    " reachable TEXT CHECK(reachable IS NULL OR reachable IN ('anytime',"      \
    "  'evenings_weekends', 'office_hours', 'rarely')),"                       \
    " quality TEXT NOT NULL DEFAULT 'positive' CHECK(quality IN"               \
    "  ('positive', 'mixed', 'strained', 'broken')),"                          \
    " status TEXT NOT NULL DEFAULT 'active' CHECK(status IN ('active',"        \
    "  'absent', 'deceased')),"                                                \
    BOOL("formal")                                                             \
    " willing TEXT NOT NULL DEFAULT 'unknown' CHECK(willing IN ('yes', 'no',"  \
    "  'unknown')),"                                                           \
    BOOL("concern") BOOL("frightens") BOOL("nominated")                        \
    BOOL("lives_with_child")                                                   \
    " adult INTEGER CHECK(adult IS NULL OR adult IN (0, 1)),"                  \
    " notes TEXT NOT NULL DEFAULT '' " BYTES("notes", 10000) ","               \
    " extra TEXT " JSON_OBJ("extra") ","
#define PEOPLE_NAMES                                                           \
    "case_code, id, name, role, sector, ring, age, contact, known_years, "     \
    "support, hours_per_week, travel_minutes, reachable, quality, status, "    \
    "formal, willing, concern, frightens, nominated, lives_with_child, "       \
    "adult, notes, extra"
#define PEOPLE_AGE_CHECK                                                       \
    " CHECK(age IS NULL OR adult IS NULL OR (age >= 18) = adult),"

static const char v1_people[] =
    "CREATE TABLE people (" PEOPLE_CASE PEOPLE_COLUMNS PEOPLE_AGE_CHECK
    " PRIMARY KEY (case_code, id)"
    ") STRICT;";

#define TIES_CASE " case_code TEXT NOT NULL,"
#define TIES_COLUMNS                                                           \
    " a TEXT NOT NULL,"                                                        \
    " b TEXT NOT NULL CHECK(b <> a),"                                          \
    " strength TEXT NOT NULL DEFAULT 'weak' CHECK(strength IN ('weak',"        \
    "  'strong')),"                                                            \
    " quality TEXT NOT NULL DEFAULT 'positive' CHECK(quality IN"               \
    "  ('positive', 'mixed', 'conflict')),"                                    \
    " extra TEXT " JSON_OBJ("extra") ","
#define TIES_KEYS                                                              \
    " FOREIGN KEY (case_code, a) REFERENCES people(case_code, id)"             \
    "  ON DELETE CASCADE ON UPDATE CASCADE,"                                   \
    " FOREIGN KEY (case_code, b) REFERENCES people(case_code, id)"             \
    "  ON DELETE CASCADE ON UPDATE CASCADE"
#define TIES_NAMES "case_code, a, b, strength, quality, extra"
#define TIES_PAIR_INDEX                                                        \
    "CREATE UNIQUE INDEX ties_pair ON ties(case_code, min(a, b), max(a, b));"

static const char v1_ties[] =
    "CREATE TABLE ties (" TIES_CASE TIES_COLUMNS TIES_KEYS ") STRICT;"
    TIES_PAIR_INDEX
    "CREATE INDEX ties_b ON ties(case_code, b);";

static const char v1_snapshots[] =
    "CREATE TABLE snapshots ("
    " case_code TEXT NOT NULL REFERENCES cases(code) ON DELETE CASCADE"
    "  ON UPDATE CASCADE,"
    " label TEXT NOT NULL CHECK(length(label) BETWEEN 1 AND 64),"
    " taken TEXT NOT NULL CHECK(taken GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]"
    "-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),"
    " network TEXT NOT NULL CHECK(json_type(network) = 'object'),"
    " extra TEXT " JSON_OBJ("extra") ","
    " PRIMARY KEY (case_code, label)"
    ") STRICT;";

static const char v1_choices[] =
    "CREATE TABLE choices ("
    " case_code TEXT NOT NULL REFERENCES cases(code) ON DELETE CASCADE"
    "  ON UPDATE CASCADE,"
    " person TEXT NOT NULL,"
    " date TEXT NOT NULL CHECK(date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]"
    "-[0-9][0-9]'),"
    " status TEXT NOT NULL DEFAULT 'asked' CHECK(status IN ('asked',"
    "  'parents_agreed', 'accepted', 'active', 'evaluated', 'ended',"
    "  'declined')),"
    " note TEXT NOT NULL DEFAULT '' " BYTES("note", 10000) ","
    " extra TEXT " JSON_OBJ("extra") ","
    " FOREIGN KEY (case_code, person) REFERENCES people(case_code, id)"
    "  ON UPDATE CASCADE"
    ") STRICT;"
    "CREATE INDEX choices_person ON choices(case_code, person);";

static const char *const v1[] = {v1_cases,     v1_people,  v1_ties,
                                 v1_snapshots, v1_choices, NULL};

/* Version 2: people and ties are stored by case, in the order they were
 * added (seq counts from 1 within a case), so that a case's rows and the
 * walk over every case read the table front to back, with no lookup per
 * row. Rows keep the order rowid gave them. The tables are rebuilt with
 * foreign keys off (migrate() checks them before it commits). The key
 * columns come first: SQLite 3.40's integrity_check misreads the NOT NULL
 * columns of a table without rowid whose key columns come later. */

static const char v2_people[] =
    "CREATE TABLE people_v2 (" PEOPLE_CASE
    " seq INTEGER NOT NULL CHECK(seq >= 1)," PEOPLE_COLUMNS PEOPLE_AGE_CHECK
    " PRIMARY KEY (case_code, seq),"
    " UNIQUE (case_code, id)"
    ") STRICT, WITHOUT ROWID;"
    "INSERT INTO people_v2 (" PEOPLE_NAMES ", seq) SELECT " PEOPLE_NAMES ","
    " row_number() OVER (PARTITION BY case_code ORDER BY rowid) FROM people;"
    "DROP TABLE people;"
    "ALTER TABLE people_v2 RENAME TO people;";

static const char v2_ties[] =
    "CREATE TABLE ties_v2 (" TIES_CASE
    " seq INTEGER NOT NULL CHECK(seq >= 1)," TIES_COLUMNS TIES_KEYS ","
    " PRIMARY KEY (case_code, seq)"
    ") STRICT, WITHOUT ROWID;"
    "INSERT INTO ties_v2 (" TIES_NAMES ", seq) SELECT " TIES_NAMES ","
    " row_number() OVER (PARTITION BY case_code ORDER BY rowid) FROM ties;"
    "DROP TABLE ties;"
    "ALTER TABLE ties_v2 RENAME TO ties;"
    TIES_PAIR_INDEX
    "CREATE INDEX ties_a ON ties(case_code, a);"
    "CREATE INDEX ties_b ON ties(case_code, b);";

static const char *const v2[] = {v2_people, v2_ties, NULL};

/* Version 3: the audit log, a line for every change: when, by which user,
 * with which command, to which case and person, and what kind of change;
 * never the data itself (docs/security.md). It has no key to the cases:
 * it outlives what it tells of. */
static const char v3_audit[] =
    "CREATE TABLE audit ("
    " seq INTEGER PRIMARY KEY,"
    " at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    " user TEXT NOT NULL,"
    " command TEXT NOT NULL,"
    " change TEXT NOT NULL,"
    " case_code TEXT NOT NULL,"
    " person TEXT"
    ") STRICT;"
    "CREATE INDEX audit_case ON audit(case_code, seq);";

static const char *const v3[] = {v3_audit, NULL};

/* Version 4: known_years in tenths of a year (4.5: four and a half years),
 * a REAL with at most one decimal; and youth_note, a line for the young
 * person (NULL: none; at most 500 bytes, no line break). The table is
 * rebuilt as in version 2, keeping every row, its seq and order. */
#define PEOPLE_KNOWN_YEARS_V4                                                  \
    " known_years REAL CHECK(known_years IS NULL OR"                           \
    "  (known_years BETWEEN 0 AND 120 AND"                                     \
    "  abs(known_years * 10 - round(known_years * 10)) < 0.000001)),"
#define PEOPLE_YOUTH_NOTE_V4                                                   \
    " youth_note TEXT CHECK(youth_note IS NULL OR"                             \
    "  (length(youth_note) >= 1 AND " BYTES_LE("youth_note", 500) " AND"       \
    "  youth_note NOT GLOB ('*[' || char(1) || '-' || char(31) ||"             \
    "  char(127) || ']*'))),"

static const char v4_people[] =
    "CREATE TABLE people_v4 (" PEOPLE_CASE
    " seq INTEGER NOT NULL CHECK(seq >= 1)," PEOPLE_COLUMNS_HEAD
    PEOPLE_KNOWN_YEARS_V4 PEOPLE_COLUMNS_TAIL PEOPLE_YOUTH_NOTE_V4
    PEOPLE_AGE_CHECK
    " PRIMARY KEY (case_code, seq),"
    " UNIQUE (case_code, id)"
    ") STRICT, WITHOUT ROWID;"
    "INSERT INTO people_v4 (" PEOPLE_NAMES ", seq) SELECT " PEOPLE_NAMES ","
    " seq FROM people ORDER BY case_code, seq;"
    "DROP TABLE people;"
    "ALTER TABLE people_v4 RENAME TO people;";

static const char *const v4[] = {v4_people, NULL};

/* Version 5: the audit log's numbers (docs/security.md): the log names a case and a
 * person by a number that is never used again, never by a code or an id
 * (ids are made from names). A case's number (cases.case_key) comes from
 * a counter; a person's (people.person_key) from a counter of the case
 * (cases.last_person_key), since people.seq is reused when the last person
 * is removed. Triggers hand them out, so that every way a row is inserted
 * gets one; a table rebuilt later must keep the columns and the triggers.
 * The log is rebuilt with numbers: a line about a case or a person that
 * still exists gets its number, a line about one removed since (a later
 * "case removed" or "person removed" line of the same code or id) keeps
 * no trace of it. */
static const char v_keys_cases[] =
    "ALTER TABLE cases ADD COLUMN case_key INTEGER"
    " CHECK(case_key IS NULL OR case_key >= 1);"
    "ALTER TABLE cases ADD COLUMN last_person_key INTEGER NOT NULL DEFAULT 0"
    " CHECK(last_person_key >= 0);"
    "UPDATE cases SET case_key = rowid;"
    "CREATE UNIQUE INDEX cases_key ON cases(case_key);"
    "CREATE TABLE counters ("
    " name TEXT PRIMARY KEY,"
    " value INTEGER NOT NULL CHECK(value >= 0)"
    ") STRICT;"
    "INSERT INTO counters (name, value)"
    " SELECT 'case', coalesce(max(case_key), 0) FROM cases;"
    "CREATE TRIGGER cases_key_new AFTER INSERT ON cases"
    " WHEN NEW.case_key IS NULL BEGIN"
    " UPDATE counters SET value = value + 1 WHERE name = 'case';"
    " UPDATE cases SET case_key ="
    "  (SELECT value FROM counters WHERE name = 'case')"
    "  WHERE code = NEW.code;"
    " END;"
    "CREATE TRIGGER cases_key_kept AFTER INSERT ON cases"
    " WHEN NEW.case_key IS NOT NULL BEGIN"
    " UPDATE counters SET value = max(value, NEW.case_key)"
    "  WHERE name = 'case';"
    " END;";

static const char v_keys_people[] =
    "ALTER TABLE people ADD COLUMN person_key INTEGER"
    " CHECK(person_key IS NULL OR person_key >= 1);"
    "UPDATE people SET person_key = seq;"
    "UPDATE cases SET last_person_key = (SELECT coalesce(max(person_key), 0)"
    " FROM people WHERE case_code = cases.code);"
    "CREATE UNIQUE INDEX people_key ON people(case_code, person_key);"
    "CREATE TRIGGER people_key_new AFTER INSERT ON people"
    " WHEN NEW.person_key IS NULL BEGIN"
    " UPDATE cases SET last_person_key = last_person_key + 1"
    "  WHERE code = NEW.case_code;"
    " UPDATE people SET person_key ="
    "  (SELECT last_person_key FROM cases WHERE code = NEW.case_code)"
    "  WHERE case_code = NEW.case_code AND seq = NEW.seq;"
    " END;"
    "CREATE TRIGGER people_key_kept AFTER INSERT ON people"
    " WHEN NEW.person_key IS NOT NULL BEGIN"
    " UPDATE cases SET last_person_key = max(last_person_key,"
    "  NEW.person_key) WHERE code = NEW.case_code;"
    " END;";

/* The first id of an old line's person ("a" or "a b" for a tie), the
 * second, and whether the line is about a case or a person removed since
 * (a "... removed" line at or after it). */
#define OLD_FIRST                                                              \
    "CASE WHEN instr(a.person, ' ') > 0 THEN"                                  \
    " substr(a.person, 1, instr(a.person, ' ') - 1) ELSE a.person END"
#define OLD_SECOND                                                             \
    "CASE WHEN instr(a.person, ' ') > 0 THEN"                                  \
    " substr(a.person, instr(a.person, ' ') + 1) END"
#define OLD_GONE(what, extra)                                                  \
    "EXISTS (SELECT 1 FROM audit r WHERE r.case_code = a.case_code"            \
    " AND r.seq >= a.seq AND r.change = '" what " removed'" extra ")"
#define OLD_PERSON(id)                                                         \
    "(SELECT p.person_key FROM people p WHERE p.case_code = c.code"            \
    " AND p.id = (" id ") AND NOT " OLD_GONE("person", " AND r.person = ("     \
    id ")") ")"

static const char v_keys_audit[] =
    "CREATE TABLE audit_new ("
    " seq INTEGER PRIMARY KEY,"
    " at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    " user TEXT NOT NULL,"
    " command TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK(kind IN ('change', 'read')),"
    " event TEXT NOT NULL,"
    " case_key INTEGER,"
    " person_key INTEGER,"
    " other_key INTEGER"
    ") STRICT;"
    "INSERT INTO audit_new (seq, at, user, command, kind, event, case_key,"
    " person_key, other_key)"
    " SELECT a.seq, a.at, a.user, a.command, 'change', a.change, c.case_key,"
    " " OLD_PERSON(OLD_FIRST) ", " OLD_PERSON(OLD_SECOND)
    " FROM audit a LEFT JOIN cases c ON c.code = a.case_code"
    " AND NOT " OLD_GONE("case", "") " ORDER BY a.seq;"
    "DROP TABLE audit;"
    "ALTER TABLE audit_new RENAME TO audit;"
    "CREATE INDEX audit_case ON audit(case_key, seq);";

static const char *const v_keys[] = {v_keys_cases, v_keys_people,
                                     v_keys_audit, NULL};
/* Version 6: the young person's suggestions about their map (issue 19),
 * by case in the order they were made. A suggestion about a person goes
 * with them; one never changes the network by itself. */
#define DATE_GLOB "GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
static const char v6_suggestions[] =
    "CREATE TABLE suggestions ("
    " case_code TEXT NOT NULL REFERENCES cases(code) ON DELETE CASCADE"
    "  ON UPDATE CASCADE,"
    " seq INTEGER NOT NULL CHECK(seq >= 1),"
    " date TEXT NOT NULL CHECK(date " DATE_GLOB "),"
    " kind TEXT NOT NULL CHECK(kind IN ('right', 'closer', 'further',"
    "  'missing')),"
    " person TEXT,"
    " name TEXT CHECK(name IS NULL OR (length(name) >= 1 AND "
    BYTES_LE("name", 200) ")),"
    " ring INTEGER CHECK(ring IS NULL OR ring BETWEEN 1 AND 3),"
    " sector TEXT CHECK(sector IS NULL OR sector IN ('household', 'family',"
    "  'friends', 'school', 'neighbourhood', 'leisure', 'community',"
    "  'online', 'care')),"
    " status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open',"
    "  'accepted', 'declined')),"
    " decided TEXT CHECK(decided IS NULL OR decided " DATE_GLOB "),"
    " extra TEXT " JSON_OBJ("extra") ","
    " CHECK((kind IN ('closer', 'further')) = (person IS NOT NULL)),"
    " CHECK(kind = 'missing' OR (name IS NULL AND ring IS NULL AND"
    "  sector IS NULL)),"
    " CHECK(kind <> 'missing' OR (name IS NOT NULL AND ring IS NOT NULL)),"
    " CHECK((status = 'open') = (decided IS NULL)),"
    " PRIMARY KEY (case_code, seq),"
    " FOREIGN KEY (case_code, person) REFERENCES people(case_code, id)"
    "  ON DELETE CASCADE ON UPDATE CASCADE"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX suggestions_person ON suggestions(case_code, person);";

static const char *const v6[] = {v6_suggestions, NULL};

/* Version 7: a case's version (issue 21), raised by every change to the
 * case's own row, its people or its ties: kring serve finds a map it drew
 * of the case as it is now by one row (kring_store_case_version()),
 * without reading the case. Triggers raise it, so that every way a row
 * changes raises it; a table rebuilt later must keep them. The raise of
 * the version itself (NEW.version <> OLD.version) raises nothing. */
#define RAISE(code) "UPDATE cases SET version = version + 1 WHERE code = " code
#define VERSION_TRIGGERS(table)                                                \
    "CREATE TRIGGER " table "_version_new AFTER INSERT ON " table " BEGIN "    \
    RAISE("NEW.case_code") "; END;"                                            \
    "CREATE TRIGGER " table "_version_set AFTER UPDATE ON " table " BEGIN "    \
    RAISE("OLD.case_code") "; " RAISE("NEW.case_code") "; END;"               \
    "CREATE TRIGGER " table "_version_gone AFTER DELETE ON " table " BEGIN "   \
    RAISE("OLD.case_code") "; END;"
static const char v7_version[] =
    "ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 0"
    " CHECK(version >= 0);"
    "CREATE TRIGGER cases_version AFTER UPDATE ON cases"
    " WHEN NEW.version = OLD.version BEGIN " RAISE("NEW.code") "; END;"
    VERSION_TRIGGERS("people") VERSION_TRIGGERS("ties");

static const char *const v7[] = {v7_version, NULL};

/* Versions 8 to 13 are PostgreSQL's alone (the organisation, its
 * accounts, the young person's phone): nothing for a file, so that a
 * version number means the same tables in both stores.
 * Version 14: the outcomes of the trajectory's evaluations (issue 25), by
 * case in the order they were recorded; NULL where nothing is recorded
 * (ended_as_planned NULL: the trajectory runs). */
#define OUTCOME_WORD(col, words)                                               \
    " " col " TEXT CHECK(" col " IS NULL OR " col " IN (" words ")),"
#define PLACEMENT_WORDS "'averted', 'shortened', 'happened', 'not_at_issue'"
static const char *const v_pg_only[] = {NULL};
static const char v14_outcomes[] =
    "CREATE TABLE outcomes ("
    " case_code TEXT NOT NULL REFERENCES cases(code) ON DELETE CASCADE"
    "  ON UPDATE CASCADE,"
    " seq INTEGER NOT NULL CHECK(seq >= 1),"
    " date TEXT NOT NULL CHECK(date " DATE_GLOB "),"
    OUTCOME_WORD("placement", PLACEMENT_WORDS)
    OUTCOME_WORD("secure_care", PLACEMENT_WORDS)
    OUTCOME_WORD("school", "'stayed', 'returned', 'dropped_out',"
                 " 'not_at_issue'")
    OUTCOME_WORD("goals", "'met', 'partly', 'not_met'")
    " ended_as_planned INTEGER CHECK(ended_as_planned IS NULL OR"
    "  ended_as_planned IN (0, 1)),"
    " satisfaction INTEGER CHECK(satisfaction IS NULL OR satisfaction"
    "  BETWEEN 1 AND 10),"
    " notes TEXT NOT NULL DEFAULT '' " BYTES("notes", 10000) ","
    " extra TEXT " JSON_OBJ("extra") ","
    " PRIMARY KEY (case_code, seq)"
    ") STRICT, WITHOUT ROWID;";

static const char *const v14[] = {v14_outcomes, NULL};

/* Version 15: what each case counts for in the organisation's report,
 * kept so that a report over 100,000 cases reads one row a case
 * (docs/report.md). Derived, never the record: kept with the case's
 * version (v7), which every change to the case's own row, its people or
 * its ties raises, whoever makes it; a change to its snapshots, choices or
 * outcomes forgets the row (a trigger, which first looks whether there
 * is one: a trigger that deleted WHERE case_code IN (OLD, NEW) scanned the
 * table). A report works out again the facts of a case whose row is gone
 * or of another version. */
#define KEPT(row)                                                              \
    " WHEN EXISTS (SELECT 1 FROM case_facts WHERE case_code = " row            \
    ".case_code) BEGIN DELETE FROM case_facts WHERE case_code = " row          \
    ".case_code; END;"
#define FACTS_GONE(table)                                                      \
    "CREATE TRIGGER " table "_facts_new AFTER INSERT ON " table KEPT("NEW")    \
    "CREATE TRIGGER " table "_facts_set AFTER UPDATE ON " table KEPT("OLD")    \
    "CREATE TRIGGER " table "_facts_moved AFTER UPDATE ON " table KEPT("NEW")  \
    "CREATE TRIGGER " table "_facts_gone AFTER DELETE ON " table KEPT("OLD")
#define FACT(col) " " col " INTEGER,"
static const char v15_facts[] =
    "CREATE TABLE case_facts ("
    " case_code TEXT PRIMARY KEY REFERENCES cases(code) ON DELETE CASCADE"
    "  ON UPDATE CASCADE,"
    " version INTEGER NOT NULL,"
    " intake TEXT CHECK(intake IS NULL OR intake " DATE_GLOB "),"
    " stage INTEGER NOT NULL CHECK(stage BETWEEN 0 AND 6),"
    FACT("days") FACT("now_people") FACT("now_supportive") FACT("now_inner")
    FACT("now_sectors") FACT("now_zrm") FACT("before_people")
    FACT("before_supportive") FACT("before_inner") FACT("before_sectors")
    FACT("before_zrm") FACT("outcome") FACT("placement") FACT("secure_care")
    FACT("school") FACT("goals") FACT("ended")
    " satisfaction INTEGER"
    ") STRICT, WITHOUT ROWID;";
static const char v15_gone[] =
    FACTS_GONE("snapshots") FACTS_GONE("choices") FACTS_GONE("outcomes");

static const char *const v15[] = {v15_facts, v15_gone, NULL};
/* clang-format on */

const char *const *const kr_migrations[] = {
    v1,        v2,        v3,        v4,        v_keys,    v6,  v7, v_pg_only,
    v_pg_only, v_pg_only, v_pg_only, v_pg_only, v_pg_only, v14, v15};
const int kr_migration_count =
    (int)(sizeof kr_migrations / sizeof kr_migrations[0]);
