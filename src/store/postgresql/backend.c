/* The PostgreSQL backend's table of operations (../backend.h). */
#include <string.h>

#include "pg_internal.h"

/* A libpq address: postgresql://... or postgres://... */
static int claims(const char *where)
{
    return strncmp(where, "postgresql://", 13) == 0 ||
           strncmp(where, "postgres://", 11) == 0;
}

const kr_store_ops kr_postgresql_store = {
    .name = "postgresql",
    .size = sizeof(kr_pg),
    .claims = claims,
    .preload = kr_pq_load,
    .open = kr_pg_open,
    .close = kr_pg_close,
    .reusable = kr_pg_reusable,
    .begin = kr_pg_begin,
    .commit = kr_pg_commit,
    .rollback = kr_pg_rollback,
    .list_cases = kr_pg_list_cases,
    .each_summary = kr_pg_each_summary,
    .load = kr_pg_load,
    .each_network = kr_pg_each_network,
    .case_version = kr_pg_case_version,
    .put_case = kr_pg_put_case,
    .delete_case = kr_pg_delete_case,
    .insert_person = kr_pg_insert_person,
    .update_person = kr_pg_update_person,
    .delete_person = kr_pg_delete_person,
    .insert_tie = kr_pg_insert_tie,
    .delete_tie = kr_pg_delete_tie,
    .update_tie = kr_pg_update_tie,
    .insert_snapshot = kr_pg_insert_snapshot,
    .insert_choice = kr_pg_insert_choice,
    .set_case_extra = kr_pg_set_case_extra,
    .insert_suggestion = kr_pg_insert_suggestion,
    .insert_outcome = kr_pg_insert_outcome,
    .each_facts = kr_pg_each_facts,
    .put_facts = kr_pg_put_facts,
    .decide_suggestion = kr_pg_decide_suggestion,
    .audit = kr_pg_audit,
    .backup = kr_pg_backup,
    .check = kr_pg_check,
    .people_numbers = kr_pg_people_numbers,
    .next_code_number = kr_pg_next_code_number,
    .case_keys = kr_pg_case_keys,
    .put_copies = kr_pg_put_copies,
    .read_back = kr_pg_read_back,
    .new_case_key = kr_pg_new_case_key,
    .append_audit = kr_pg_append_audit,
    .org = &kr_pg_org,
};
