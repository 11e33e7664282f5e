/* libFuzzer harness: the case-file reader, and the writer on whatever it
 * accepts (which must read back the same). `make fuzz`; docs/security.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kring/kring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kring_case *c = NULL, *back = NULL;
    char *text = NULL, *again = NULL;
    size_t len = 0;

    if (kring_casefile_parse((const char *)data, size, "fuzz", &c, NULL))
        return 0;
    /* What was accepted is written and read back to the same text. */
    if (kring_casefile_dump(c, &text, &len, NULL) ||
        kring_casefile_parse(text, len, "again", &back, NULL) ||
        kring_casefile_dump(back, &again, NULL, NULL) ||
        strcmp(text, again) != 0)
        abort();
    free(again);
    free(text);
    kring_case_free(back);
    kring_case_free(c);
    return 0;
}
