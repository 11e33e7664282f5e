/* libFuzzer harness: `kring import` of a file of any format: the format
 * found by content, or (first byte) named: kring, GraphML (kring's own or
 * another), Network Canvas GraphML, easyNWK. What is accepted must be a
 * valid case. `make fuzz`; docs/security.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kring/kring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kring_import_options o = {KRING_FROM_AUTO, NULL, NULL, 0, 0};
    kring_import im;
    size_t i;

    if (size == 0)
        return 0;
    o.from = (kring_import_format)(data[0] % KRING_FROM_COUNT);
    if (kring_import_data((const char *)data + 1, size - 1, "fuzz", &o, &im,
                          NULL))
        return 0;
    for (i = 0; i < im.n_cases; i++)
        if (kring_case_validate(im.cases[i], NULL))
            abort();
    kring_import_release(&im);
    return 0;
}
