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
/* clang-format on */

const char *const kr_pg_v14[] = {v14_outcomes, NULL};
