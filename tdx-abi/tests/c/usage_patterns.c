/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * The four ways the seed patch (tdx_page_array, TDX Connect v2 03/31) uses page
 * lists, written against the generated helpers only: add control pages, release
 * them, exchange data, and more than 512 pages in windows. A userspace page pool
 * stands in for the page allocator (a page's "physical" address is its virtual
 * one) and a small fake module stands in for the TDX module; it too reads and
 * writes lists through the generated helpers.
 *
 * Prints one line per pattern; exits non-zero at the first thing that goes wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tdx_abi.h"

#define PAGE 4096u
#define POOL_PAGES 1200u

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
			exit(1);                                                 \
		}                                                                \
	} while (0)

/* --- The page pool ------------------------------------------------------ */

static unsigned char *pool;
static unsigned char used[POOL_PAGES];

static uint64_t alloc_page(void)
{
	unsigned int i;

	for (i = 0; i < POOL_PAGES; i++) {
		if (!used[i]) {
			used[i] = 1;
			memset(pool + (size_t)i * PAGE, 0, PAGE);
			return (uint64_t)(uintptr_t)(pool + (size_t)i * PAGE);
		}
	}
	CHECK(!"page pool exhausted");
	return 0;
}

static void free_page(uint64_t pa)
{
	size_t i = (size_t)((unsigned char *)(uintptr_t)pa - pool) / PAGE;

	CHECK(i < POOL_PAGES && used[i]);
	used[i] = 0;
}

static unsigned int pages_in_use(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < POOL_PAGES; i++)
		n += used[i];
	return n;
}

static uint64_t *page_words(uint64_t pa)
{
	return (uint64_t *)(uintptr_t)pa;
}

/* --- The fake module ------------------------------------------------------ */

/* Control pages the module holds, per object. */
struct fake_object {
	uint64_t pages[HPA_ARRAY_T_CAPACITY];
	size_t count;
	int corrupt_release; /* hand back a wrong entry on release */
};

/* A CREATE-style leaf taking control pages as HPA_ARRAY_T: in place or through a list page. */
static void module_add_control(struct fake_object *obj, uint64_t value)
{
	size_t i, n = hpa_array_t_count(value), pages;
	uint64_t addr;

	CHECK(n >= 1 && n <= HPA_ARRAY_T_CAPACITY);
	if (hpa_array_t_placement(n) == TDX_ABI_IN_PLACE) {
		obj->pages[0] = hpa_array_t_address(value);
	} else {
		const uint64_t *entries = page_words(hpa_array_t_address(value));

		for (i = 0; i < n; i++) {
			CHECK(hpa_array_t_decode_entry(entries[i], &addr, &pages) == TDX_ABI_LIST_OK);
			CHECK(pages == 1);
			obj->pages[i] = addr;
		}
	}
	obj->count = n;
}

/* A DELETE-style leaf: takes the release input, hands the pages back as HPA_ARRAY_T. */
static uint64_t module_release_control(struct fake_object *obj, uint64_t input)
{
	uint64_t released;

	if (obj->count == 1) {
		CHECK(input == 0); /* the singleton rule's release input */
		CHECK(hpa_array_t_encode_in_place(obj->pages[0], &released) == TDX_ABI_LIST_OK);
	} else {
		CHECK(hpa_array_t_fill_entries(page_words(input), obj->pages, obj->count, 1) == TDX_ABI_LIST_OK);
		if (obj->corrupt_release)
			page_words(input)[obj->count / 2] += PAGE;
		CHECK(hpa_array_t_encode_list(input, obj->count, &released) == TDX_ABI_LIST_OK);
	}
	obj->count = 0;
	return released;
}

/* A leaf writing data into the pages of a PAGE_LIST_INFO list. */
static void module_write_data(uint64_t value, unsigned char seed)
{
	const uint64_t *entries = page_words(page_list_info_address(value));
	size_t i, n = page_list_info_count(value), pages;
	uint64_t addr;

	for (i = 0; i < n; i++) {
		CHECK(page_list_info_decode_entry(entries[i], &addr, &pages) == TDX_ABI_LIST_OK);
		memset(page_words(addr), seed + (unsigned char)i, PAGE);
	}
}

/* A leaf adding the pages of an HPA_LIST_INFO list, interrupted every `budget` entries:
 * it returns the value with its cursor advanced, or 0 when done. */
static uint64_t module_add_pages(uint64_t value, size_t budget, uint64_t *taken, size_t *ntaken)
{
	const uint64_t *entries = page_words(hpa_list_info_address(value));
	size_t i = hpa_list_info_cursor(value), n = hpa_list_info_count(value), done = 0, pages;
	uint64_t addr, resumed;

	for (; i < n; i++) {
		if (done == budget) {
			CHECK(hpa_list_info_with_cursor(value, i, &resumed) == TDX_ABI_LIST_OK);
			return resumed;
		}
		CHECK(hpa_list_info_decode_entry(entries[i], &addr, &pages) == TDX_ABI_LIST_OK);
		taken[(*ntaken)++] = addr;
		done++;
	}
	return 0;
}

/* --- The four patterns ------------------------------------------------------ */

/* 1 + 2: add control pages (1 page in place, n pages through a list page), then release them. */
static void control_pages(size_t n, int corrupt)
{
	struct fake_object obj = { .count = 0, .corrupt_release = corrupt };
	uint64_t pages[HPA_ARRAY_T_CAPACITY], list_page = alloc_page(), value, released;
	size_t i, bad = (size_t)-1;
	enum tdx_abi_list_error err;

	for (i = 0; i < n; i++)
		pages[i] = alloc_page();
	if (hpa_array_t_placement(n) == TDX_ABI_LIST_PAGE)
		CHECK(hpa_array_t_fill_entries(page_words(list_page), pages, n, 1) == TDX_ABI_LIST_OK);
	CHECK(hpa_array_t_encode(list_page, pages[0], n, &value) == TDX_ABI_LIST_OK);
	module_add_control(&obj, value);
	CHECK(obj.count == n && memcmp(obj.pages, pages, n * sizeof(pages[0])) == 0);

	released = module_release_control(&obj, hpa_array_t_release_input(list_page, n));
	err = hpa_array_t_check_release(released, list_page, page_words(list_page), pages, n, 1, &bad);
	if (err == TDX_ABI_LIST_OK) {
		for (i = 0; i < n; i++)
			free_page(pages[i]);
		printf("control n=%zu placement=%s released ok\n", n, n == 1 ? "in_place" : "list_page");
	} else {
		/* The pages may still be the module's: leak them, never reuse them. */
		CHECK(err == TDX_ABI_LIST_RELEASED_ENTRY);
		printf("control n=%zu release refused: entry %zu differs\n", n, bad);
	}
	free_page(list_page);
}

/* 3: exchange data: the module writes into the pages of a list, the caller reads them. */
static void exchange_data(size_t n)
{
	uint64_t pages[PAGE_LIST_INFO_CAPACITY], list_page = alloc_page(), value;
	size_t i, j;

	for (i = 0; i < n; i++)
		pages[i] = alloc_page();
	CHECK(page_list_info_fill_entries(page_words(list_page), pages, n, 1) == TDX_ABI_LIST_OK);
	CHECK(page_list_info_encode(list_page, pages[0], n, &value) == TDX_ABI_LIST_OK);
	module_write_data(value, 0x40);
	for (i = 0; i < n; i++) {
		const unsigned char *bytes = (const unsigned char *)(uintptr_t)pages[i];

		for (j = 0; j < PAGE; j++)
			CHECK(bytes[j] == (unsigned char)(0x40 + i));
		free_page(pages[i]);
	}
	free_page(list_page);
	printf("exchange n=%zu ok\n", n);
}

/* 4: more pages than one list page holds: windows of at most HPA_LIST_INFO_CAPACITY entries,
 * each resumed from the module's cursor until done. */
static void many_pages(size_t n)
{
	static uint64_t pages[POOL_PAGES], taken[POOL_PAGES];
	uint64_t list_page = alloc_page(), value;
	size_t i, offset, window, windows = 0, calls = 0, ntaken = 0;

	for (i = 0; i < n; i++)
		pages[i] = alloc_page();
	for (offset = 0; offset < n; offset += window) {
		window = n - offset < HPA_LIST_INFO_CAPACITY ? n - offset : HPA_LIST_INFO_CAPACITY;
		CHECK(hpa_list_info_fill_entries(page_words(list_page), pages + offset, window, 1) ==
		      TDX_ABI_LIST_OK);
		CHECK(hpa_list_info_encode(list_page, pages[offset], window, &value) == TDX_ABI_LIST_OK);
		windows++;
		do {
			value = module_add_pages(value, 200, taken, &ntaken);
			calls++;
		} while (value != 0);
	}
	CHECK(ntaken == n && memcmp(taken, pages, n * sizeof(pages[0])) == 0);
	for (i = 0; i < n; i++)
		free_page(pages[i]);
	free_page(list_page);
	printf("many n=%zu windows=%zu calls=%zu ok\n", n, windows, calls);
}

int main(void)
{
	uint64_t value;

	pool = aligned_alloc(PAGE, (size_t)POOL_PAGES * PAGE);
	CHECK(pool != NULL);

	control_pages(1, 0);
	control_pages(7, 0);
	control_pages(HPA_ARRAY_T_CAPACITY, 0);
	control_pages(7, 1);
	/* The refused release leaked its 7 pages; everything else went back to the pool. */
	CHECK(pages_in_use() == 7);
	exchange_data(3);
	many_pages(1100);
	CHECK(pages_in_use() == 7);

	/* What the encoders refuse instead of naming another page. */
	CHECK(hpa_array_t_encode_list(0x1000, 1, &value) == TDX_ABI_LIST_SINGLETON_REQUIRED);
	CHECK(hpa_array_t_encode_list(0x1000, HPA_ARRAY_T_CAPACITY + 1, &value) == TDX_ABI_LIST_COUNT_OUT_OF_RANGE);
	CHECK(hpa_array_t_encode_list(0x1001, 2, &value) == TDX_ABI_LIST_MISALIGNED);
	CHECK(hpa_array_t_encode_list(1ULL << 52, 2, &value) == TDX_ABI_LIST_ADDR_TOO_WIDE);
	CHECK(page_list_info_encode_in_place(0x1000, &value) == TDX_ABI_LIST_NO_SINGLETON_RULE);
	{
		/* A list with one bad page leaves the list page as it was. */
		uint64_t page[3] = { 7, 7, 7 }, addrs[3] = { 0x1000, 0x2000, 0x3008 };

		CHECK(hpa_list_info_fill_entries(page, addrs, 3, 1) == TDX_ABI_LIST_MISALIGNED);
		CHECK(page[0] == 7 && page[1] == 7 && page[2] == 7);
	}
	printf("refusals ok\n");
	free(pool);
	return 0;
}
