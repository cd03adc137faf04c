/* fuzz_land_matrix.c - libFuzzer target: the landscape propensity matrix
 * with a fixed actors table A, B, C, D. */
#include "fuzz_land.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *actors;
    if (!actors) actors = fz_write_str(1, "actors.csv", "name,size\nA,1\nB,2\nC,3\nD,0.5\n");
    fz_read_land(actors, fz_write(0, "matrix.csv", data, size));
    return 0;
}
