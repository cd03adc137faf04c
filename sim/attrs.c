/* attrs.c - names of the nation attributes (world.h), shared by the world
 * loader, the config loader ([nation.ISO3] keys, nation.* events) and the
 * HDF5 writer. */
#include <string.h>

#include "world.h"

const char *const gs_attr_names[GS_NATTR] = {
    "capital_lat", "capital_lon", "population", "gdp_usd",     "gdp_per_capita",
    "internet_pct", "electricity_pct", "libdem", "nato",       "rio",
    "us_treaty",   "mnna",        "bri",       "bri_year",     "bri_exit",
    "sco",         "brics",       "g7",        "eu",           "nam",
    "global_south", "chipdep",    "tradedep_cn", "tradedep_us", "threat"};

int gs_attr_find(const char *name)
{
    for (int a = 0; a < GS_NATTR; a++)
        if (!strcmp(gs_attr_names[a], name)) return a;
    return -1;
}
