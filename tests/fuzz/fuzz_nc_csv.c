/* libFuzzer harness: Network Canvas's CSV set, read in memory. The input
 * is cut at each line "@@@" into the ego file, the attribute list and the
 * edge list of one session, and read as `kring import` reads a set it has
 * found beside the file named. What is accepted must be a valid case.
 * `make fuzz`; docs/security.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *const names[] = {"s_ego.csv", "s_attributeList_Person.csv",
                                  "s_edgeList_friends.csv"};
    kring_import_options o = {KRING_FROM_NETWORKCANVAS, NULL, NULL, 0, 0};
    const char *p = (const char *)data, *end = p + size;
    kring_import out;
    kring_error err;
    struct kr_import im = {.source = "fuzz", .o = &o, .out = &out, .err = &err};
    char *parts[3];
    size_t lens[3];
    int k;

    memset(&out, 0, sizeof out);
    for (k = 0; k < 3; k++) {
        const char *cut = NULL, *q;
        for (q = p; k < 2 && q + 4 <= end; q++)
            if (memcmp(q, "\n@@@", 4) == 0) {
                cut = q;
                break;
            }
        lens[k] = (size_t)((cut ? cut : end) - p);
        if ((parts[k] = malloc(lens[k] + 1)) == NULL)
            abort();
        memcpy(parts[k], p, lens[k]);
        parts[k][lens[k]] = '\0';
        p = cut ? cut + 4 : end;
    }
    if (kr_nc_csv_read(&im, names, parts, lens, 3, 2) == KRING_OK &&
        (out.n_cases != 1 || kring_case_validate(out.cases[0], NULL)))
        abort();
    kring_import_release(&out);
    kr_index_release(&im.notes);
    kr_index_release(&im.kept);
    kr_free(im.kept_names);
    for (k = 0; k < 3; k++)
        free(parts[k]);
    return 0;
}
