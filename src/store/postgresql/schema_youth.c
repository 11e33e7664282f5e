/* Versions 12 and 13 of kring's schema in PostgreSQL: the young person's
 * own phone (docs/youth-phone.md). A professional invites the young person
 * to their map; the phone then holds a session of that one case.
 *
 * - youth_invitations: made by a professional who sees the case (its
 *   policy is the case's), single use: the SHA-256 of the link's secret
 *   and of the short code, never the codes; until when it may be opened;
 *   once used, the PIN's argon2id hash and the wrong tries in a row; when
 *   it was locked (5 wrong PINs), revoked, last opened.
 * - youth_sessions: the SHA-256 of the phone's cookie, its invitation,
 *   until when it is unlocked (the PIN asked again after), ended.
 *   No role but the owner reads it: kring server reaches it only through
 *   the SECURITY DEFINER functions below.
 * - Acting as the young person (kring.youth: their session's hash),
 *   row-level security shows one case, their own, while the session
 *   lives, is unlocked, its invitation is neither revoked nor locked and
 *   the case is not closed: not the people who frighten them, nor ties
 *   or suggestions that name them, nor the case's history (snapshots,
 *   choices). What they may change is their nomination (a person's
 *   "nominated") and what they suggest; a trigger refuses anything
 *   else, whatever kring asks.
 * - The access log names them "young person", role young_person. */
#include "pg_internal.h"

/* clang-format off */
#define DEFINER "SECURITY DEFINER SET search_path FROM CURRENT"
#define UTC_NOW_TEXT                                                           \
    "to_char(clock_timestamp() AT TIME ZONE 'UTC', "                           \
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define HASH_HEX(col) "CHECK (" col " ~ '^[0-9a-f]{64}$')"
#define YOUTH "(SELECT acting_youth_case())"
#define FEARED "((SELECT youth_feared())::text[])"
#define LIVE_SESSION                                                           \
    " s.ended IS NULL AND i.revoked IS NULL AND i.locked IS NULL AND"          \
    " c.closed IS NULL"
#define SESSION_JOIN                                                           \
    " youth_sessions s JOIN youth_invitations i ON i.id = s.invitation"        \
    " JOIN cases c ON c.code = i.case_code"

static const char v12_tables[] =
    "CREATE TABLE youth_invitations ("
    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " case_code text COLLATE \"C\" NOT NULL REFERENCES cases(code)"
    "  ON DELETE CASCADE ON UPDATE CASCADE,"
    " link_hash text NOT NULL UNIQUE " HASH_HEX("link_hash") ","
    " short_hash text NOT NULL UNIQUE " HASH_HEX("short_hash") ","
    " made_by bigint REFERENCES users(id),"
    " made timestamptz NOT NULL DEFAULT now(),"
    " open_by timestamptz NOT NULL,"
    " used timestamptz,"
    " pin_hash text CHECK (pin_hash LIKE '$argon2id$%'),"
    " tries integer NOT NULL DEFAULT 0 CHECK (tries >= 0),"
    " locked timestamptz,"
    " revoked timestamptz,"
    " last_opened timestamptz,"
    " CHECK ((used IS NULL) = (pin_hash IS NULL)));"
    "CREATE INDEX youth_invitations_case ON youth_invitations (case_code, id);"
    "CREATE TABLE youth_sessions ("
    " token_hash text PRIMARY KEY " HASH_HEX("token_hash") ","
    " invitation bigint NOT NULL REFERENCES youth_invitations(id)"
    "  ON DELETE CASCADE,"
    " began timestamptz NOT NULL DEFAULT now(),"
    " seen timestamptz NOT NULL DEFAULT now(),"
    " unlocked_until timestamptz NOT NULL DEFAULT '-infinity',"
    " ended timestamptz);"
    "CREATE INDEX youth_sessions_invitation ON youth_sessions (invitation);"
    "ALTER TABLE youth_sessions ENABLE ROW LEVEL SECURITY";

/* Who acts as the young person: the case of the session kring.youth
 * names, while it may (above); NULL for everyone else, at once. */
static const char v12_acting[] =
    "CREATE FUNCTION acting_youth_case() RETURNS text LANGUAGE plpgsql"
    " STABLE " DEFINER " AS $$ DECLARE t text := current_setting("
    "  'kring.youth', true); v text; BEGIN"
    "  IF t IS NULL OR t = '' THEN RETURN NULL; END IF;"
    "  SELECT i.case_code INTO v FROM" SESSION_JOIN
    "   WHERE s.token_hash = t AND s.unlocked_until > now() AND" LIVE_SESSION ";"
    "  RETURN v;"
    " END $$;"
    /* Acting as the young person of session P_TOKEN (as nobody else):
     * their case, or NULL (and then acting as nobody) when the session
     * may not. One round trip for each request of the phone. */
    "CREATE FUNCTION youth_act(p_token text) RETURNS text LANGUAGE plpgsql"
    " VOLATILE AS $$ DECLARE v text; BEGIN"
    "  PERFORM set_config('kring.user', '', false);"
    "  PERFORM set_config('kring.youth', p_token, false);"
    "  v := acting_youth_case();"
    "  IF v IS NULL THEN PERFORM set_config('kring.youth', '', false); END IF;"
    "  RETURN v;"
    " END $$;"
    "CREATE FUNCTION youth_feared() RETURNS text[] LANGUAGE plpgsql STABLE "
    DEFINER " AS $$ DECLARE v text[]; BEGIN"
    "  SELECT coalesce(array_agg(id), '{}') INTO v FROM people WHERE"
    "   case_code = acting_youth_case() AND frightens;"
    "  RETURN v;"
    " END $$";

#define NOT_YOUTH_WRITES(table)                                                \
    "CREATE TRIGGER " table "_youth BEFORE INSERT OR UPDATE OR DELETE ON "     \
    table " FOR EACH ROW WHEN (coalesce(current_setting('kring.youth',"        \
    " true), '') <> '') EXECUTE FUNCTION youth_writes();"
static const char v12_policies[] =
    "CREATE POLICY youth ON cases FOR SELECT USING (code = " YOUTH ");"
    /* A change to their people raises the case's version (schema v7). */
    "CREATE POLICY youth_version ON cases FOR UPDATE USING (code = " YOUTH
    ");"
    "CREATE POLICY youth_sees ON people AS RESTRICTIVE FOR SELECT USING ("
    YOUTH " IS NULL OR NOT frightens);"
    "CREATE POLICY youth_sees ON ties AS RESTRICTIVE FOR SELECT USING ("
    YOUTH " IS NULL OR (a <> ALL " FEARED " AND b <> ALL " FEARED "));"
    "CREATE POLICY youth_sees ON suggestions AS RESTRICTIVE FOR SELECT USING"
    " (" YOUTH " IS NULL OR person IS NULL OR person <> ALL " FEARED ");"
    "CREATE POLICY youth_sees ON snapshots AS RESTRICTIVE FOR SELECT USING ("
    YOUTH " IS NULL);"
    "CREATE POLICY youth_sees ON choices AS RESTRICTIVE FOR SELECT USING ("
    YOUTH " IS NULL);"
    /* What the young person may write: their nomination, a suggestion. */
    "CREATE FUNCTION youth_writes() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path FROM CURRENT AS $$ DECLARE mine text :="
    "  acting_youth_case(); o jsonb; n jsonb; BEGIN"
    /* Each row as JSON: a trigger's function is planned once for every
     * table, and a column one of them lacks must not be named. */
    "  o := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;"
    "  n := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;"
    "  IF mine IS NOT NULL AND TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'cases'"
    "   AND o->>'code' = mine AND n - '{version,bumped_in}'::text[] ="
    "   o - '{version,bumped_in}'::text[] THEN RETURN NEW;"
    "  END IF;"
    "  IF mine IS NOT NULL AND TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'people'"
    "   AND o->>'case_code' = mine AND o->>'frightens' = 'false' AND"
    "   n - 'nominated' = o - 'nominated' THEN RETURN NEW;"
    "  END IF;"
    "  IF mine IS NOT NULL AND TG_OP = 'INSERT' AND TG_TABLE_NAME ="
    "   'suggestions' AND n->>'case_code' = mine AND n->>'status' = 'open'"
    "   AND n->>'decided' IS NULL AND (n->>'person' IS NULL OR"
    "   n->>'person' <> ALL (youth_feared())) THEN RETURN NEW;"
    "  END IF;"
    "  RAISE EXCEPTION 'the young person changes only their nomination and"
    "   suggestions' USING ERRCODE = '42501';"
    " END $$;"
    NOT_YOUTH_WRITES("cases") NOT_YOUTH_WRITES("people")
    NOT_YOUTH_WRITES("ties") NOT_YOUTH_WRITES("snapshots")
    NOT_YOUTH_WRITES("choices") NOT_YOUTH_WRITES("suggestions")
    /* A suggestion's number counts those the young person does not see. */
    "CREATE FUNCTION suggestion_next(c_code text) RETURNS integer LANGUAGE"
    " plpgsql VOLATILE " DEFINER " AS $$ DECLARE v integer; BEGIN"
    "  SELECT coalesce(max(seq), 0) + 1 INTO v FROM suggestions WHERE"
    "   case_code = c_code;"
    "  RETURN v;"
    " END $$;"
    /* The invitations: a professional's who sees the case. */
    "ALTER TABLE youth_invitations ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY need_to_know ON youth_invitations USING ((SELECT true"
    " FROM cases c WHERE c.code = case_code) AND " YOUTH " IS NULL AND"
    " (SELECT acting_case_user()) IS NOT NULL);"
    "CREATE OR REPLACE FUNCTION audit_written() RETURNS trigger LANGUAGE"
    " plpgsql SET search_path FROM CURRENT AS $$"
    " BEGIN"
    "  NEW.at := " UTC_NOW_TEXT ";"
    "  NEW.user_id := acting_user();"
    "  NEW.role := acting_role();"
    "  NEW.\"user\" := coalesce((SELECT login FROM users WHERE id ="
    "   acting_user()), NEW.\"user\");"
    "  IF NEW.user_id IS NULL AND acting_youth_case() IS NOT NULL THEN"
    "   NEW.role := 'young_person';"
    "   NEW.\"user\" := 'young person';"
    "  END IF;"
    "  RETURN NEW;"
    " END $$";

/* The phone's side, while kring server acts as nobody. Each is one
 * statement for kring, and logs what the privacy officer must see. */
#define LOG_YOUTH(event)                                                       \
    "INSERT INTO audit (\"user\", role, address, command, kind, event,"        \
    " case_key, other_key) VALUES ('young person', 'young_person',"            \
    " p_address, 'serve: /j', 'change', " event ", r.case_key, r.id);"
static const char v12_phone[] =
    /* The invitation whose link (or short code) has hash P_LINK (or
     * P_SHORT), used: the PIN's hash kept, a session begun; its case's
     * code, or NULL when there is no such invitation to open (used,
     * revoked, locked, past its time, or its case closed). */
    "CREATE FUNCTION youth_claim(p_link text, p_short text, p_pin text,"
    " p_token text, p_idle integer, p_address text) RETURNS text LANGUAGE"
    " plpgsql VOLATILE " DEFINER " AS $$ DECLARE r record; BEGIN"
    "  SELECT i.id, i.case_code, c.case_key INTO r FROM youth_invitations i"
    "   JOIN cases c ON c.code = i.case_code WHERE (i.link_hash = p_link OR"
    "   i.short_hash = p_short) AND i.used IS NULL AND i.revoked IS NULL AND"
    "   i.locked IS NULL AND i.open_by > now() AND c.closed IS NULL"
    "   FOR UPDATE OF i;"
    "  IF NOT FOUND THEN RETURN NULL; END IF;"
    "  UPDATE youth_invitations SET used = now(), pin_hash = p_pin,"
    "   last_opened = now() WHERE id = r.id;"
    "  INSERT INTO youth_sessions (token_hash, invitation, unlocked_until)"
    "   VALUES (p_token, r.id, now() + p_idle * interval '1 second');"
    LOG_YOUTH("'invitation opened on the phone'")
    "  RETURN r.case_code;"
    " END $$;"
    /* The session P_TOKEN: 'open CODE' (then used, and unlocked for
     * P_IDLE seconds more from its last use), 'pin CODE' (the PIN first)
     * or 'gone'. */
    "CREATE FUNCTION youth_session(p_token text, p_idle integer, p_life"
    " integer) RETURNS text LANGUAGE plpgsql VOLATILE " DEFINER " AS $$"
    " DECLARE r record; BEGIN"
    "  SELECT s.unlocked_until, s.seen, i.id, i.case_code INTO r FROM"
    SESSION_JOIN
    "   WHERE s.token_hash = p_token AND s.began > now() - p_life *"
    "   interval '1 second' AND" LIVE_SESSION ";"
    "  IF NOT FOUND THEN RETURN 'gone'; END IF;"
    "  IF r.unlocked_until <= now() THEN RETURN 'pin ' || r.case_code;"
    "  END IF;"
    /* Its use noted at most every 15 seconds (as an account's session):
     * a page and its map are one use, not four writes. */
    "  IF r.seen < now() - interval '15 seconds' THEN"
    "   UPDATE youth_sessions SET seen = now(), unlocked_until = now() +"
    "    p_idle * interval '1 second' WHERE token_hash = p_token;"
    "   UPDATE youth_invitations SET last_opened = now() WHERE id = r.id;"
    "  END IF;"
    "  RETURN 'open ' || r.case_code;"
    " END $$";

static const char v12_pin[] =
    /* A PIN typed on session P_TOKEN: the try counted before it is
     * checked (a try whose answer is lost still counts); the PIN's hash
     * to check it against, NULL when the session is gone or locked. */
    "CREATE FUNCTION youth_pin_try(p_token text, p_limit integer) RETURNS"
    " text LANGUAGE plpgsql VOLATILE " DEFINER " AS $$ DECLARE r record;"
    " BEGIN"
    "  SELECT i.id, i.pin_hash, i.tries INTO r FROM" SESSION_JOIN
    "   WHERE s.token_hash = p_token AND" LIVE_SESSION " FOR UPDATE OF i;"
    "  IF NOT FOUND OR r.tries >= p_limit THEN RETURN NULL; END IF;"
    "  UPDATE youth_invitations SET tries = tries + 1 WHERE id = r.id;"
    "  RETURN r.pin_hash;"
    " END $$;"
    /* The PIN checked: right, the tries start again and the session is
     * unlocked for P_IDLE seconds; wrong, after P_LIMIT tries in a row
     * the invitation is locked and its sessions end. The tries left. */
    "CREATE FUNCTION youth_pin_said(p_token text, p_right boolean, p_limit"
    " integer, p_idle integer, p_address text) RETURNS integer LANGUAGE"
    " plpgsql VOLATILE " DEFINER " AS $$ DECLARE r record; BEGIN"
    "  SELECT i.id, i.tries, c.case_key INTO r FROM" SESSION_JOIN
    "   WHERE s.token_hash = p_token AND" LIVE_SESSION " FOR UPDATE OF i;"
    "  IF NOT FOUND THEN RETURN 0; END IF;"
    "  IF p_right THEN"
    "   UPDATE youth_invitations SET tries = 0 WHERE id = r.id;"
    "   UPDATE youth_sessions SET seen = now(), unlocked_until = now() +"
    "    p_idle * interval '1 second' WHERE token_hash = p_token;"
    "   RETURN p_limit;"
    "  END IF;"
    "  IF r.tries < p_limit THEN RETURN p_limit - r.tries; END IF;"
    "  UPDATE youth_invitations SET locked = now() WHERE id = r.id;"
    "  UPDATE youth_sessions SET ended = now() WHERE invitation = r.id AND"
    "   ended IS NULL;"
    LOG_YOUTH("'invitation locked: PIN wrong too often'")
    "  RETURN 0;"
    " END $$;"
    /* The sessions that ended, or began more than P_LIFE seconds ago:
     * nothing of them is kept (kring server's upkeep, every minute). */
    "CREATE FUNCTION youth_purge(p_life integer) RETURNS void LANGUAGE sql"
    " VOLATILE " DEFINER " AS $$ DELETE FROM youth_sessions s USING"
    " youth_invitations i WHERE i.id = s.invitation AND (s.ended IS NOT NULL"
    " OR s.began < now() - p_life * interval '1 second' OR i.revoked IS NOT"
    " NULL OR i.locked IS NOT NULL) $$;"
    /* "Log out on this phone". */
    "CREATE FUNCTION youth_session_end(p_token text) RETURNS void LANGUAGE"
    " sql VOLATILE " DEFINER " AS $$ UPDATE youth_sessions SET ended ="
    " now() WHERE token_hash = p_token AND ended IS NULL $$;"
    /* Who looked at the young person's case, for them: by role and day,
     * newest first, from the access log. */
    "CREATE FUNCTION youth_looked(OUT role text, OUT day text, OUT times"
    " bigint) RETURNS SETOF record LANGUAGE plpgsql STABLE " DEFINER " AS $$"
    " BEGIN"
    "  RETURN QUERY SELECT coalesce(a.role, ''), left(a.at, 10), count(*)"
    "   FROM audit a WHERE a.case_key = (SELECT c.case_key FROM cases c"
    "   WHERE c.code = acting_youth_case()) AND a.outcome = 'done' GROUP BY"
    "   1, 2 ORDER BY 2 DESC, 1 LIMIT 500;"
    " END $$";

/* Version 13: a passkey instead of a PIN (WebAuthn, docs/youth-phone.md).
 * An invitation opened with one keeps its credential's id, its COSE
 * public key (base64url, as src/web/webauthn.c reads them) and its
 * signature counter; the phone then unlocks with it where it would ask
 * the PIN, and a refused assertion counts as a wrong PIN. */
#define B64URL(col, max)                                                       \
    "CHECK (" col " ~ '^[A-Za-z0-9_-]+$' AND length(" col ") <= " max ")"
static const char v13_passkey[] =
    "ALTER TABLE youth_invitations"
    " ADD COLUMN passkey_id text " B64URL("passkey_id", "1368") ","
    " ADD COLUMN passkey_key text " B64URL("passkey_key", "1400") ","
    " ADD COLUMN passkey_count bigint NOT NULL DEFAULT 0"
    "  CHECK (passkey_count BETWEEN 0 AND 4294967295),"
    " DROP CONSTRAINT youth_invitations_check,"
    " ADD CONSTRAINT youth_invitations_opened CHECK ((used IS NULL) ="
    "  (pin_hash IS NULL AND passkey_key IS NULL)),"
    " ADD CONSTRAINT youth_invitations_one_way CHECK (pin_hash IS NULL OR"
    "  passkey_key IS NULL),"
    " ADD CONSTRAINT youth_invitations_passkey CHECK ((passkey_id IS NULL) ="
    "  (passkey_key IS NULL));"
    "DROP FUNCTION youth_claim(text, text, text, text, integer, text);"
    /* As in v12, with the PIN's hash or the passkey. */
    "CREATE FUNCTION youth_claim(p_link text, p_short text, p_pin text,"
    " p_key_id text, p_key text, p_count bigint, p_token text, p_idle"
    " integer, p_address text) RETURNS text LANGUAGE plpgsql VOLATILE "
    DEFINER " AS $$ DECLARE r record; BEGIN"
    "  SELECT i.id, i.case_code, c.case_key INTO r FROM youth_invitations i"
    "   JOIN cases c ON c.code = i.case_code WHERE (i.link_hash = p_link OR"
    "   i.short_hash = p_short) AND i.used IS NULL AND i.revoked IS NULL AND"
    "   i.locked IS NULL AND i.open_by > now() AND c.closed IS NULL"
    "   FOR UPDATE OF i;"
    "  IF NOT FOUND THEN RETURN NULL; END IF;"
    "  UPDATE youth_invitations SET used = now(), pin_hash = p_pin,"
    "   passkey_id = p_key_id, passkey_key = p_key, passkey_count ="
    "   coalesce(p_count, 0), last_opened = now() WHERE id = r.id;"
    "  INSERT INTO youth_sessions (token_hash, invitation, unlocked_until)"
    "   VALUES (p_token, r.id, now() + p_idle * interval '1 second');"
    LOG_YOUTH("'invitation opened on the phone'")
    "  RETURN r.case_code;"
    " END $$";
static const char v13_unlock[] =
    /* As in v12: 'open CODE', 'pin CODE', and now 'key ID CODE' where the
     * phone unlocks with its passkey, whose credential's id is ID. */
    "CREATE OR REPLACE FUNCTION youth_session(p_token text, p_idle integer,"
    " p_life integer) RETURNS text LANGUAGE plpgsql VOLATILE " DEFINER " AS"
    " $$ DECLARE r record; BEGIN"
    "  SELECT s.unlocked_until, s.seen, i.id, i.case_code, i.passkey_id"
    "   INTO r FROM" SESSION_JOIN
    "   WHERE s.token_hash = p_token AND s.began > now() - p_life *"
    "   interval '1 second' AND" LIVE_SESSION ";"
    "  IF NOT FOUND THEN RETURN 'gone'; END IF;"
    "  IF r.unlocked_until <= now() THEN RETURN CASE WHEN r.passkey_id IS"
    "   NOT NULL THEN 'key ' || r.passkey_id || ' ' ELSE 'pin ' END ||"
    "   r.case_code;"
    "  END IF;"
    "  IF r.seen < now() - interval '15 seconds' THEN"
    "   UPDATE youth_sessions SET seen = now(), unlocked_until = now() +"
    "    p_idle * interval '1 second' WHERE token_hash = p_token;"
    "   UPDATE youth_invitations SET last_opened = now() WHERE id = r.id;"
    "  END IF;"
    "  RETURN 'open ' || r.case_code;"
    " END $$;"
    /* A passkey's answer on session P_TOKEN: the try counted first, as a
     * PIN's; 'ID KEY COUNT' to check it against, NULL when the session is
     * gone or locked or has no passkey. */
    "CREATE FUNCTION youth_key_try(p_token text, p_limit integer) RETURNS"
    " text LANGUAGE plpgsql VOLATILE " DEFINER " AS $$ DECLARE r record;"
    " BEGIN"
    "  SELECT i.id, i.passkey_id, i.passkey_key, i.passkey_count, i.tries"
    "   INTO r FROM" SESSION_JOIN " WHERE s.token_hash = p_token AND"
    LIVE_SESSION " FOR UPDATE OF i;"
    "  IF NOT FOUND OR r.tries >= p_limit OR r.passkey_key IS NULL THEN"
    "   RETURN NULL; END IF;"
    "  UPDATE youth_invitations SET tries = tries + 1 WHERE id = r.id;"
    "  RETURN r.passkey_id || ' ' || r.passkey_key || ' ' || r.passkey_count;"
    " END $$;"
    /* What the check found: as youth_pin_said(), and when right the
     * passkey's counter P_COUNT kept, if it is still above the kept one
     * (0 stays 0 for a passkey that keeps none): two answers checked at
     * once against the same count, the second is refused here. */
    "CREATE FUNCTION youth_key_said(p_token text, p_right boolean, p_count"
    " bigint, p_limit integer, p_idle integer, p_address text) RETURNS"
    " integer LANGUAGE plpgsql VOLATILE " DEFINER " AS $$ DECLARE"
    " v_right boolean := p_right; BEGIN"
    "  IF v_right THEN"
    "   UPDATE youth_invitations i SET passkey_count = p_count FROM"
    "    youth_sessions s WHERE s.token_hash = p_token AND i.id ="
    "    s.invitation AND (p_count > i.passkey_count OR (p_count = 0 AND"
    "    i.passkey_count = 0));"
    "   v_right := FOUND;"
    "  END IF;"
    "  RETURN youth_pin_said(p_token, v_right, p_limit, p_idle, p_address);"
    " END $$";
/* clang-format on */

const char *const kr_pg_v12[] = {v12_tables, v12_acting, v12_policies,
                                 v12_phone,  v12_pin,    NULL};
const char *const kr_pg_v13[] = {v13_passkey, v13_unlock, NULL};
