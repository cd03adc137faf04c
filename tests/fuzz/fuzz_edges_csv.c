/* fuzz_edges_csv.c - libFuzzer target: a user edge list as CSV
 * (world.edges = *.csv: source,target,layer[,weight]) over a fixed
 * six-nation table. */
#include "fuzz_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *nations;
    if (!nations) nations = fz_write_str(1, "nations.csv", fz_nations6);
    fz_build_world(nations, "", fz_write(0, "edges.csv", data, size));
    return 0;
}
