/*
 * The Linux seed patch's tdx_page_array_populate() loop and HPA_LIST_INFO
 * encoding, restated for the benchmark: fill a 512-entry root page with the
 * physical addresses of pages[offset..], then build the list value with the
 * kernel's masks. Masks as in the seed patch (GENMASK_U64(51, 12) and
 * GENMASK_U64(63, 55)).
 */
#include <stddef.h>
#include <stdint.h>

#define MAX_NENTS 512u
#define HPA_LIST_INFO_PFN 0x000ffffffffff000ull
#define HPA_LIST_INFO_LAST_ENTRY 0xff80000000000000ull

uint64_t tdx_bench_c_populate(const uint64_t *pages, uint32_t nr_pages, uint32_t offset, uint64_t *root, uint64_t root_pa)
{
	uint32_t nents, i;

	if (offset >= nr_pages)
		return 0;
	nents = nr_pages - offset < MAX_NENTS ? nr_pages - offset : MAX_NENTS;
	for (i = 0; i < nents; i++)
		root[i] = pages[offset + i];
	return (root_pa & HPA_LIST_INFO_PFN) | (((uint64_t)(nents - 1) << 55) & HPA_LIST_INFO_LAST_ENTRY);
}

/*
 * The same fill as C written for the compiler: a size_t index and restrict
 * pointers, so the loop is one copy, like the Rust loops it is compared with.
 */
uint64_t tdx_bench_c_populate_good(const uint64_t *restrict pages, size_t nr_pages, uint64_t *restrict root,
				   uint64_t root_pa)
{
	size_t nents = nr_pages < MAX_NENTS ? nr_pages : MAX_NENTS, i;

	if (nents == 0)
		return 0;
	for (i = 0; i < nents; i++)
		root[i] = pages[i];
	return (root_pa & HPA_LIST_INFO_PFN) | (((uint64_t)(nents - 1) << 55) & HPA_LIST_INFO_LAST_ENTRY);
}
