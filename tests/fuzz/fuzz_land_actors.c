/* fuzz_land_actors.c - libFuzzer target: the landscape actors table
 * (name,size) with a fixed propensity matrix over actors A, B, C. */
#include "fuzz_land.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *matrix;
    if (!matrix)
        matrix = fz_write_str(1, "matrix.csv", "actor,A,B,C\nA,0,1,-1\nB,1,0,2\nC,-1,2,0\n");
    fz_read_land(fz_write(0, "actors.csv", data, size), matrix);
    return 0;
}
