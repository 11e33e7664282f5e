/* libFuzzer harness: the weight-profile reader (`score --weights`).
 * `make fuzz`; docs/security.md. */
#include <stdint.h>
#include <stdlib.h>

#include "kring/kring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kring_weights w;

    kring_weights_parse((const char *)data, size, "fuzz", &w, NULL);
    return 0;
}
