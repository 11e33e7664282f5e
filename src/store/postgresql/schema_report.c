/* Version 14 of kring's schema in PostgreSQL: the outcomes of the
 * trajectory's evaluations (issue 25), as the SQLite backend's version 14
 * (a file skips 8 to 13, PostgreSQL's alone).
 * Seen and changed as their case is (need to know); the young person on
 * their phone sees none and writes none (schema_youth.c's rules). The
 * roles that kring db grant gave the suggestions are given the outcomes
 * too, so that a server's role keeps working after the migration. */
#include "pg_internal.h"

/* clang-format off */
#define KEY "text COLLATE \"C\""
#define DATE_RE "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"
#define PLACEMENT "('averted', 'shortened', 'happened', 'not_at_issue')"
static const char v14_outcomes[] =
    "CREATE TABLE outcomes ("
    " case_code " KEY " NOT NULL REFERENCES cases(code) ON DELETE CASCADE"
    "  ON UPDATE CASCADE,"
    " seq integer NOT NULL CHECK (seq >= 1),"
    " date text NOT NULL CHECK (date ~ " DATE_RE "),"
    " placement text CHECK (placement IN " PLACEMENT "),"
    " secure_care text CHECK (secure_care IN " PLACEMENT "),"
    " school text CHECK (school IN ('stayed', 'returned', 'dropped_out',"
    "  'not_at_issue')),"
    " goals text CHECK (goals IN ('met', 'partly', 'not_met')),"
    " ended_as_planned boolean,"
    " satisfaction integer CHECK (satisfaction BETWEEN 1 AND 10),"
    " notes text NOT NULL DEFAULT '' CHECK (octet_length(notes) <= 10000),"
    " extra text CHECK (extra IS NULL OR json_typeof(extra::json) ="
    "  'object'),"
    " PRIMARY KEY (case_code, seq));"
    "ALTER TABLE outcomes ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY need_to_know ON outcomes USING ((SELECT true FROM cases c"
    " WHERE c.code = case_code));"
    "CREATE POLICY youth_sees ON outcomes AS RESTRICTIVE FOR SELECT USING ("
    "(SELECT acting_youth_case()) IS NULL);"
    "CREATE TRIGGER outcomes_youth BEFORE INSERT OR UPDATE OR DELETE ON"
    " outcomes FOR EACH ROW WHEN (coalesce(current_setting('kring.youth',"
    " true), '') <> '') EXECUTE FUNCTION youth_writes();"
    "DO $$ DECLARE r record; BEGIN"
    " FOR r IN SELECT DISTINCT grantee FROM"
    "  information_schema.role_table_grants WHERE table_schema ="
    "  current_schema() AND table_name = 'suggestions' AND privilege_type ="
    "  'INSERT' AND grantee <> current_user LOOP"
    "  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON outcomes TO"
    "   %I', r.grantee);"
    " END LOOP;"
    " END $$";

/* Version 15: what each case counts for in the organisation's report, as
 * the SQLite backend's version 15: kept with the case's version (raised
 * by every change to its row, people or ties), forgotten by a change to
 * its snapshots, choices or outcomes, whoever makes it (a statement's
 * trigger, as the versions'; SECURITY DEFINER, since a young person's
 * suggestion may need to forget them too), seen as the case is. */
#define FACTS_GONE(table)                                                      \
    "CREATE TRIGGER " table "_facts_new AFTER INSERT ON " table                \
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION"   \
    " facts_gone_new();"                                                       \
    "CREATE TRIGGER " table "_facts_gone AFTER DELETE ON " table               \
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION"   \
    " facts_gone_old();"                                                       \
    "CREATE TRIGGER " table "_facts_set AFTER UPDATE ON " table                \
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH"        \
    " STATEMENT EXECUTE FUNCTION facts_gone_set();"
#define GONE(name, rows)                                                       \
    "CREATE FUNCTION " name "() RETURNS trigger LANGUAGE plpgsql"              \
    " SECURITY DEFINER SET search_path FROM CURRENT AS $$ BEGIN"               \
    "  DELETE FROM case_facts WHERE case_code IN (" rows ");"                  \
    "  RETURN NULL;"                                                           \
    " END $$;"
#define FACT(col) " " col " integer,"
static const char v15_facts[] =
    "CREATE TABLE case_facts ("
    " case_code " KEY " PRIMARY KEY REFERENCES cases(code) ON DELETE"
    "  CASCADE ON UPDATE CASCADE,"
    " version bigint NOT NULL,"
    " intake text CHECK (intake ~ " DATE_RE "),"
    " stage integer NOT NULL CHECK (stage BETWEEN 0 AND 6),"
    FACT("days") FACT("now_people") FACT("now_supportive") FACT("now_inner")
    FACT("now_sectors") FACT("now_zrm") FACT("before_people")
    FACT("before_supportive") FACT("before_inner") FACT("before_sectors")
    FACT("before_zrm") FACT("outcome") FACT("placement") FACT("secure_care")
    FACT("school") FACT("goals") FACT("ended")
    " satisfaction integer);"
    "ALTER TABLE case_facts ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY need_to_know ON case_facts USING ((SELECT true FROM cases c"
    " WHERE c.code = case_code));"
    "CREATE POLICY youth_sees ON case_facts AS RESTRICTIVE FOR SELECT USING ("
    "(SELECT acting_youth_case()) IS NULL)";
static const char v15_gone[] =
    GONE("facts_gone_new", "SELECT case_code FROM new_rows")
    GONE("facts_gone_old", "SELECT case_code FROM old_rows")
    GONE("facts_gone_set", "SELECT case_code FROM new_rows UNION SELECT"
         " case_code FROM old_rows")
    FACTS_GONE("snapshots") FACTS_GONE("choices") FACTS_GONE("outcomes");
static const char v15_grant[] =
    "DO $$ DECLARE r record; BEGIN"
    " FOR r IN SELECT DISTINCT grantee FROM"
    "  information_schema.role_table_grants WHERE table_schema ="
    "  current_schema() AND table_name = 'suggestions' AND privilege_type ="
    "  'INSERT' AND grantee <> current_user LOOP"
    "  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON case_facts TO"
    "   %I', r.grantee);"
    " END LOOP;"
    " END $$";
/* clang-format on */

const char *const kr_pg_v14[] = {v14_outcomes, NULL};
const char *const kr_pg_v15[] = {v15_facts, v15_gone, v15_grant, NULL};
