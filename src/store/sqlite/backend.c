/* The SQLite backend's table of operations (../backend.h): what store.c
 * calls, each operation in the file of its kind. */
#include <sqlite3.h>

#include "store_internal.h"

/* Every path is a file's, but not an address ("postgresql://..."): that
 * is another backend's. */
static int claims(const char *where)
{
    return !kr_is_address(where);
}

const kr_store_ops kr_sqlite_store = {
    .name = "sqlite",
    .size = sizeof(kr_sqlite),
    .claims = claims,
    .preload = kr_sqlite_load,
    .open = kr_sq_open,
    .close = kr_sq_close,
    .reusable = kr_sq_reusable,
    .begin = kr_sq_begin,
    .commit = kr_sq_commit,
    .rollback = kr_sq_rollback,
    .list_cases = kr_sq_list_cases,
    .each_summary = kr_sq_each_summary,
    .load = kr_sq_load,
    .each_network = kr_sq_each_network,
    .case_version = kr_sq_case_version,
    .put_case = kr_sq_put_case,
    .delete_case = kr_sq_delete_case,
    .insert_person = kr_sq_insert_person,
    .update_person = kr_sq_update_person,
    .delete_person = kr_sq_delete_person,
    .insert_tie = kr_sq_insert_tie,
    .delete_tie = kr_sq_delete_tie,
    .update_tie = kr_sq_update_tie,
    .insert_snapshot = kr_sq_insert_snapshot,
    .insert_choice = kr_sq_insert_choice,
    .set_case_extra = kr_sq_set_case_extra,
    .insert_suggestion = kr_sq_insert_suggestion,
    .decide_suggestion = kr_sq_decide_suggestion,
    .insert_outcome = kr_sq_insert_outcome,
    .each_facts = kr_sq_each_facts,
    .put_facts = kr_sq_put_facts,
    .audit = kr_sq_audit,
    .backup = kr_sq_backup,
    .check = kr_sq_check,
    .people_numbers = kr_sq_people_numbers,
    .next_code_number = kr_sq_next_code_number,
    .case_keys = kr_sq_case_keys,
    .put_copies = kr_sq_put_copies,
    .new_case_key = kr_sq_new_case_key,
    .append_audit = kr_sq_append_audit,
};
