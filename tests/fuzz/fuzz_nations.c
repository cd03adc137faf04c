/* fuzz_nations.c - libFuzzer target: the nation table (world.nations) read
 * by gs_world_build, with no borders and no edge list. */
#include "fuzz_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_build_world(fz_write(0, "nations.csv", data, size), "", "");
    return 0;
}
