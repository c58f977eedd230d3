//! The C header's list helpers: the seed patch's four usage patterns written in C
//! against them, and a differential test of every list type's helpers against the
//! Rust `PageList` impl of the same type, for random addresses and 1..=1100 entries.

mod c_support;

use c_support::{compile_and_run, compile_and_run_with, kernel_tree};
use std::fmt::Write as _;
use tdx_abi::{FrameAddr, ListError, ListTypeVisitor, PageList, Placement, LAYOUTS};

/// Add control pages (in place and through a list page), release them (one release
/// handing back a wrong entry, refused and leaked), exchange data, and 1100 pages in
/// windows resumed from the module's cursor — all through the generated helpers.
#[test]
fn the_seed_patchs_four_usage_patterns_run_in_c_on_the_generated_helpers() {
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/c/usage_patterns.c")).unwrap();
    let printed = compile_and_run(&source, "usage-patterns");
    assert_eq!(
        printed,
        "control n=1 placement=in_place released ok\n\
         control n=7 placement=list_page released ok\n\
         control n=512 placement=list_page released ok\n\
         control n=7 release refused: entry 3 differs\n\
         exchange n=3 ok\n\
         many n=1100 windows=3 calls=7 ok\n\
         refusals ok\n"
    );
}

/// The C names of `enum tdx_abi_list_error`, in the order the program prints them by.
const ERRORS: &[&str] = &[
    "OK",
    "COUNT_OUT_OF_RANGE",
    "MISALIGNED",
    "ADDR_TOO_WIDE",
    "NO_SINGLETON_RULE",
    "SINGLETON_REQUIRED",
    "CURSOR_OUT_OF_RANGE",
    "PAGES_OUT_OF_RANGE",
    "ENTRY_MALFORMED",
    "RELEASED_RESERVED_BITS",
    "RELEASED_COUNT",
    "RELEASED_ADDRESS",
    "RELEASED_ENTRY",
];

/// The C error a Rust result stands for; a field error is an address the field cannot hold.
fn c_error<T>(r: &Result<T, ListError>) -> &'static str {
    match r {
        Ok(_) => "OK",
        Err(ListError::CountOutOfRange { .. }) => "COUNT_OUT_OF_RANGE",
        Err(ListError::Misaligned { .. }) => "MISALIGNED",
        Err(ListError::Field(tdx_abi::FieldError::Misaligned { .. })) => "MISALIGNED",
        Err(ListError::Field(_)) => "ADDR_TOO_WIDE",
        Err(ListError::NoSingletonRule { .. }) => "NO_SINGLETON_RULE",
        Err(ListError::SingletonRequired { .. }) => "SINGLETON_REQUIRED",
        Err(ListError::CursorOutOfRange { .. }) => "CURSOR_OUT_OF_RANGE",
        Err(ListError::PagesOutOfRange { .. }) => "PAGES_OUT_OF_RANGE",
        Err(ListError::EntryMalformed { .. }) => "ENTRY_MALFORMED",
    }
}

/// A fixed xorshift stream, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// Mostly page-aligned addresses in 52 bits; one in 16 off a page, one in 16 wider.
    fn addr(&mut self) -> u64 {
        let low52 = self.next() & ((1 << 52) - 1);
        match self.below(16) {
            0 => low52 | (1 + self.below(0xfff)),
            1 => low52 | (1 << (52 + self.below(12))),
            _ => low52 & !0xfff,
        }
    }
}

/// One run of a list type: `addrs.len()` entries of `ppe` pages, in windows of at most
/// the capacity, each window with its own list page and a cursor to set.
struct Case {
    ppe: usize,
    addrs: Vec<u64>,
    list_pages: Vec<u64>,
    cursors: Vec<usize>,
}

fn cases<L: PageList>(rng: &mut Rng) -> Vec<Case> {
    let mut counts = vec![1, 2, 511, 512, 513, 1100];
    counts.extend((0..4).map(|_| 1 + rng.below(1100) as usize));
    counts
        .into_iter()
        .map(|n| {
            let ppe = match L::MAX_ENTRY_PAGES {
                1 => 1,
                max => [1, 2, 1 + rng.below(16) as usize, max, max + 1][rng.below(5) as usize],
            };
            let windows = n.div_ceil(L::CAPACITY);
            Case {
                ppe,
                addrs: (0..n).map(|_| rng.addr()).collect(),
                list_pages: (0..windows).map(|_| rng.addr()).collect(),
                cursors: (0..windows).map(|_| rng.below(L::CAPACITY as u64 + 2) as usize).collect(),
            }
        })
        .collect()
}

fn array(name: &str, values: impl Iterator<Item = u64>) -> String {
    let items: Vec<String> = values.map(|v| format!("{v:#x}ULL")).collect();
    format!("static const uint64_t {name}[] = {{ {} }};\n", items.join(", "))
}

/// The C driver of one list type (`l` its helpers' prefix, `u` its macros'): per window the
/// encoded value and what reads back from it, each entry and its decoding, the list-page fill,
/// the cursor, and the release checker on the true release and on four wrong ones.
fn driver(l: &str, u: &str, resumable: bool, reserved_bit: u64) -> String {
    let cursor = if resumable {
        format!(
            "\t\tv2 = value;\n\t\terr = {l}_with_cursor(value, cursors[w], &v2);\n\t\tprintf(\"c %s %llx %zu\\n\", err_name(err), (unsigned long long)v2, {l}_cursor(v2));\n"
        )
    } else {
        "\t\t(void)cursors;\n".to_string()
    };
    let reserved = if reserved_bit != 0 {
        format!(
            "\t\t\tprintf(\"r4 %s\\n\", err_name({l}_check_release(value | {reserved_bit:#x}ULL, list_pages[w], page, addrs + offset, count, ppe, NULL)));\n"
        )
    } else {
        String::new()
    };
    format!(
        r#"
static void run_{l}(const uint64_t *addrs, size_t n, size_t ppe, const uint64_t *list_pages, const size_t *cursors)
{{
	static uint64_t page[{u}_CAPACITY];
	size_t w, offset, count, i, pages, bad;
	uint64_t value, v2, addr, bits;
	enum tdx_abi_list_error err, fill;

	for (w = 0, offset = 0; offset < n; offset += count, w++) {{
		count = n - offset < {u}_CAPACITY ? n - offset : {u}_CAPACITY;
		value = 0;
		err = {l}_encode(list_pages[w], addrs[offset], count, &value);
		printf("w %s %llx %llx %zu %llx %d\n", err_name(err), (unsigned long long)value,
		       (unsigned long long){l}_release_input(list_pages[w], count), {l}_count(value),
		       (unsigned long long){l}_address(value), (int){l}_placement(count));
		for (i = 0; i < count; i++) {{
			bits = 0;
			err = {l}_encode_entry(addrs[offset + i], ppe, &bits);
			addr = 0;
			pages = 0;
			printf("e %s %llx", err_name(err), (unsigned long long)bits);
			err = {l}_decode_entry(bits, &addr, &pages);
			printf(" %s %llx %zu\n", err_name(err), (unsigned long long)addr, pages);
		}}
		fill = {l}_fill_entries(page, addrs + offset, count, ppe);
		printf("f %s\n", err_name(fill));
{cursor}		if (value != 0 && fill == TDX_ABI_LIST_OK) {{
			bad = 9999;
			printf("r0 %s\n", err_name({l}_check_release(value, list_pages[w], page, addrs + offset, count, ppe, &bad)));
			if ({l}_placement(count) == TDX_ABI_LIST_PAGE) {{
				page[count / 2] ^= 0x1000;
				err = {l}_check_release(value, list_pages[w], page, addrs + offset, count, ppe, &bad);
				printf("r1 %s %zu\n", err_name(err), bad);
				page[count / 2] ^= 0x1000;
			}}
			if ({l}_encode(list_pages[w] ^ 0x1000, addrs[offset] ^ 0x1000, count, &v2) == TDX_ABI_LIST_OK)
				printf("r2 %s\n", err_name({l}_check_release(v2, list_pages[w], page, addrs + offset, count, ppe, NULL)));
			if ({l}_encode_list(list_pages[w], count == 2 ? 3 : 2, &v2) == TDX_ABI_LIST_OK)
				printf("r3 %s\n", err_name({l}_check_release(v2, list_pages[w], page, addrs + offset, count, ppe, NULL)));
{reserved}		}}
	}}
}}
"#
    )
}

/// Builds the driver of `L`, its calls, and what the Rust impl says each line must be.
struct Differential {
    name: &'static str,
    seed: u64,
}

impl Differential {
    fn run<L: PageList>(self) -> (String, String, String) {
        let (l, u) = (self.name.to_ascii_lowercase(), self.name);
        let mut rng = Rng(self.seed);
        let reserved_bit = L::RESERVED_MASK & L::RESERVED_MASK.wrapping_neg();
        let mut data = String::new();
        let mut calls = String::new();
        let mut expected = String::new();
        for (k, case) in cases::<L>(&mut rng).iter().enumerate() {
            data += &array(&format!("{l}_addrs_{k}"), case.addrs.iter().copied());
            data += &array(&format!("{l}_lists_{k}"), case.list_pages.iter().copied());
            let cursors: Vec<String> = case.cursors.iter().map(usize::to_string).collect();
            data += &format!("static const size_t {l}_cursors_{k}[] = {{ {} }};\n", cursors.join(", "));
            calls += &format!(
                "\trun_{l}({l}_addrs_{k}, {}, {}, {l}_lists_{k}, {l}_cursors_{k});\n",
                case.addrs.len(),
                case.ppe
            );
            expect::<L>(case, reserved_bit, &mut expected);
        }
        (driver(&l, u, L::RESUMABLE, reserved_bit) + &data, calls, expected)
    }
}

impl Differential {
    /// A linked list: the first-node value, and every node of chains of 1..=1100 pages.
    fn run_linked<L: tdx_abi::LinkedPageList>(self) -> (String, String, String) {
        let l = self.name.to_ascii_lowercase();
        let mut rng = Rng(self.seed);
        let (mut data, mut calls, mut expected) = (String::new(), String::new(), String::new());
        let counts = [1, 2, 510, 511, 512, 1022, 1023, 1100, 1 + rng.below(1100) as usize];
        for (k, n) in counts.into_iter().enumerate() {
            let addrs: Vec<u64> = (0..n)
                .map(|_| if rng.below(64) == 0 { rng.addr() | 1 } else { rng.addr() & ((1 << 52) - 1) & !0xfff })
                .collect();
            let nodes: Vec<u64> = (0..L::nodes_for(n)).map(|_| rng.addr()).collect();
            data += &array(&format!("{l}_addrs_{k}"), addrs.iter().copied());
            data += &array(&format!("{l}_nodes_{k}"), nodes.iter().copied());
            calls += &format!("\trun_{l}({l}_addrs_{k}, {n}, {l}_nodes_{k});\n");
            expect_linked::<L>(&addrs, &nodes, &mut expected);
        }
        let driver = format!(
            r#"
static void run_{l}(const uint64_t *addrs, size_t n, const uint64_t *nodes)
{{
	static uint64_t node[512];
	size_t k, i, count = {l}_nodes_for(n);
	uint64_t value = 0;
	enum tdx_abi_list_error err = {l}_encode_first_node(nodes[0], &value);

	printf("L %s %llx %llx %zu\n", err_name(err), (unsigned long long)value,
	       (unsigned long long){l}_first_node(value), count);
	for (k = 0; k < count; k++) {{
		for (i = 0; i < 512; i++)
			node[i] = 0x5a5a5a5a5a5a5a5aULL;
		err = {l}_fill_node(node, addrs, n, k, k + 1 < count ? nodes[k + 1] : 0);
		printf("n %s", err_name(err));
		for (i = 0; i < 512; i++)
			printf(" %llx", (unsigned long long)node[i]);
		printf("\n");
	}}
}}
"#
        );
        (driver + &data, calls, expected)
    }
}

/// What the `LinkedPageList` impl and its documented node layout say the driver prints.
fn expect_linked<L: tdx_abi::LinkedPageList>(addrs: &[u64], nodes: &[u64], out: &mut String) {
    let first = tdx_abi::PhysAddr::from_u64(nodes[0]).map_or(too_wide(), L::encode_first_node);
    let value = first.as_ref().map_or(0, |v| v.into_bits());
    let count = L::nodes_for(addrs.len());
    writeln!(out, "L {} {value:x} {:x} {count}", c_error(&first), L::from_bits(value).first_node().as_u64()).unwrap();
    let page = |a: u64| match tdx_abi::PhysAddr::from_u64(a) {
        None => Err(too_wide::<()>().unwrap_err()),
        Some(p) if !p.is_page_aligned() => Err(ListError::Misaligned { list: "", addr: a }),
        Some(_) => Ok(()),
    };
    for k in 0..count {
        let last = k + 1 == count;
        let share = addrs.chunks(L::DATA_PER_NODE).nth(k).unwrap_or(&[]);
        let next = if last { L::TERMINATOR } else { nodes[k + 1] };
        let status = if last { Ok(()) } else { page(next) }.and_then(|()| share.iter().try_for_each(|a| page(*a)));
        let slots: Vec<u64> = (0..tdx_abi::NODE_SLOTS)
            .map(|i| match (&status, share.get(i)) {
                (Err(_), _) => 0x5a5a_5a5a_5a5a_5a5a,
                (Ok(()), Some(a)) => *a,
                (Ok(()), None) if i == L::DATA_PER_NODE => next,
                (Ok(()), None) => L::TERMINATOR,
            })
            .collect();
        write!(out, "n {}", c_error(&status)).unwrap();
        for s in slots {
            write!(out, " {s:x}").unwrap();
        }
        writeln!(out).unwrap();
    }
}

/// What the Rust `PageList` impl says the driver prints for `case`.
fn expect<L: PageList>(case: &Case, reserved_bit: u64, out: &mut String) {
    let ppe = case.ppe;
    for (w, window) in case.addrs.chunks(L::CAPACITY).enumerate() {
        let (count, list_page) = (window.len(), case.list_pages[w]);
        let list_addr = L::ListAddr::from_u64(list_page);
        let encoded: Result<L, ListError> = match L::placement(count) {
            Placement::InPlace => L::ListAddr::from_u64(window[0]).map_or(too_wide(), L::encode_in_place),
            Placement::ListPage => list_addr.map_or(too_wide(), |a| L::encode_list(a, count)),
        };
        let value = encoded.as_ref().map_or(0, |v| v.into_bits());
        let shown = L::from_bits(value);
        // A list page the address type cannot hold has no Rust release input: the C value is the raw page.
        let release =
            list_addr.map_or(if L::SINGLETON && count == 1 { 0 } else { list_page }, |a| L::release_input(a, count));
        let placement = match L::placement(count) {
            Placement::ListPage => 0,
            Placement::InPlace => 1,
        };
        writeln!(
            out,
            "w {} {value:x} {release:x} {} {:x} {placement}",
            c_error(&encoded),
            shown.count(),
            shown.address().bits()
        )
        .unwrap();
        let mut fill = "OK";
        for &addr in window {
            let entry = L::EntryAddr::from_u64(addr).map_or(too_wide(), |a| L::encode_entry(a, ppe));
            if fill == "OK" {
                fill = c_error(&entry);
            }
            let bits = *entry.as_ref().unwrap_or(&0);
            let decoded = L::decode_entry(bits);
            let (a, p) = decoded.as_ref().map_or((0, 0), |e| (e.addr.bits(), e.pages));
            writeln!(out, "e {} {bits:x} {} {a:x} {p}", c_error(&entry), c_error(&decoded)).unwrap();
        }
        writeln!(out, "f {fill}").unwrap();
        if L::RESUMABLE {
            let set = shown.with_cursor(case.cursors[w]);
            let after = *set.as_ref().unwrap_or(&shown);
            writeln!(out, "c {} {:x} {}", c_error(&set), after.into_bits(), after.cursor().unwrap()).unwrap();
        }
        if value != 0 && fill == "OK" {
            writeln!(out, "r0 OK").unwrap();
            if L::placement(count) == Placement::ListPage {
                writeln!(out, "r1 RELEASED_ENTRY {}", count / 2).unwrap();
            }
            let moved = match L::placement(count) {
                Placement::InPlace => L::ListAddr::from_u64(window[0] ^ 0x1000).map(L::encode_in_place),
                Placement::ListPage => L::ListAddr::from_u64(list_page ^ 0x1000).map(|a| L::encode_list(a, count)),
            };
            if let Some(Ok(_)) = moved {
                writeln!(out, "r2 RELEASED_ADDRESS").unwrap();
            }
            let other = if count == 2 { 3 } else { 2 };
            if let Some(Ok(_)) = list_addr.map(|a| L::encode_list(a, other)) {
                writeln!(out, "r3 RELEASED_COUNT").unwrap();
            }
            if reserved_bit != 0 {
                writeln!(out, "r4 RELEASED_RESERVED_BITS").unwrap();
            }
        }
    }
}

/// What an address the Rust address type cannot hold stands for.
fn too_wide<T>() -> Result<T, ListError> {
    Err(ListError::Field(tdx_abi::FieldError::Overflow { layout: "", field: "address", value: u64::MAX, max: 0 }))
}

struct Visit(Differential);

impl ListTypeVisitor for Visit {
    type Out = (String, String, String);
    fn host<L: PageList<ListAddr = tdx_abi::PhysAddr, EntryAddr = tdx_abi::PhysAddr>>(self) -> Self::Out {
        self.0.run::<L>()
    }
    fn host_page<L: PageList<ListAddr = tdx_abi::PhysAddr>>(self) -> Self::Out {
        self.0.run::<L>()
    }
    fn guest<L: PageList>(self) -> Self::Out {
        self.0.run::<L>()
    }
    fn linked<L: tdx_abi::LinkedPageList>(self) -> Self::Out {
        self.0.run_linked::<L>()
    }
}

/// Every list type's C helpers print what its Rust `PageList` impl computes — values,
/// refusals, decodings, cursors and release checks — built by gcc and clang, in userspace
/// (shifts) and in a kernel build (`FIELD_GET` / `FIELD_PREP`).
#[test]
fn every_list_types_c_helpers_equal_its_rust_page_list_impl() {
    let mut source = String::from("#include <stdio.h>\n#include \"tdx_abi.h\"\n\nstatic const char *err_name(enum tdx_abi_list_error e)\n{\n\tswitch (e) {\n");
    for e in ERRORS {
        writeln!(source, "\tcase TDX_ABI_LIST_{e}:\n\t\treturn \"{e}\";").unwrap();
    }
    source += "\t}\n\treturn \"?\";\n}\n";
    let (mut calls, mut expected, mut lists) = (String::new(), String::new(), 0);
    for (i, layout) in LAYOUTS.iter().enumerate() {
        let visit = Visit(Differential { name: layout.name, seed: 0x9E37_79B9_7F4A_7C15 ^ i as u64 });
        let Some((driver, call, expect)) = tdx_abi::visit_list_type(layout.name, visit) else { continue };
        source += &driver;
        calls += &call;
        expected += &expect;
        lists += 1;
    }
    assert!(lists >= 6, "{lists} list and linked-list types");
    source += &format!("\nint main(void)\n{{\n{calls}\treturn 0;\n}}\n");
    let userspace = compile_and_run(&source, "list-differential");
    assert_lines_equal(&userspace, &expected, "userspace");
    let dir = kernel_tree("list-differential-kernel", false);
    let kernel = compile_and_run_with(&source, "list-differential-kernel", &["-std=gnu11", "-D__KERNEL__"], Some(&dir));
    assert_lines_equal(&kernel, &expected, "kernel build");
    std::fs::remove_dir_all(&dir).ok();
}

/// Compares line by line, so a failure names the first line that differs, not a megabyte.
fn assert_lines_equal(got: &str, expected: &str, what: &str) {
    for (i, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
        assert_eq!(g, e, "{what}: line {} differs", i + 1);
    }
    assert_eq!(got.lines().count(), expected.lines().count(), "{what}: line count");
}
