//! The C helpers of a list type, from the same resolved list roles the Rust
//! `PageList` impl is generated from (`emit/rust/page_list.rs`): capacity,
//! count encoding, cursor, the singleton rule, the encoders, the release input
//! and a checker for a released value. No allocation, no kernel API: addresses
//! are plain `uint64_t`, and every helper that could be handed something it
//! cannot represent returns an `enum tdx_abi_list_error` instead of a value.

use super::style::CStyle;
use crate::model::{CountEncoding, FieldKind, ReleaseInput};
use crate::names::{c_field_fn, c_list_fn, c_macro, C_LIST_ERRORS, C_PLACEMENTS};
use crate::resolved::{Entry, FrameField, FrameSpace, ListType};

/// Why a list helper refused its input, and which way a list is placed: once per header.
pub fn prelude(style: CStyle) -> String {
    let mut errors = String::new();
    for (i, (name, meaning)) in C_LIST_ERRORS.iter().enumerate() {
        let name = style.upper(name);
        errors += &match (i, *meaning) {
            (0, _) => format!("\t{name} = 0,\n"),
            (_, meaning) => format!("\t{name},\t/* {meaning} */\n"),
        };
    }
    let placements: String =
        C_PLACEMENTS.iter().enumerate().map(|(i, name)| format!("\t{} = {i},\n", style.upper(name))).collect();
    format!(
        "
/*
 * What the list helpers return: TDX_ABI_LIST_OK, or why the input cannot be encoded
 * (the value is then left untouched) or why a released value does not match what was
 * handed over.
 */
enum tdx_abi_list_error {{
{errors}}};

/* Where a list's entries are: in a list page, or (singleton rule) the one page in place. */
enum tdx_abi_placement {{
{placements}}};
"
    )
}

/// The largest address a frame field's kind can name (frames of its width,
/// shifted by 12): an address above it is refused before any field is looked
/// at, as the Rust address types cannot hold it. `None` when every 64-bit
/// address is one (guest-linear).
pub(super) fn address_max(kind: FieldKind) -> Option<u64> {
    let bits = kind.max_frame_bits()? + 12;
    (bits < 64).then(|| (1u64 << bits) - 1)
}

/// [`address_max`] of a page address (the entries of a list of bare host pages).
fn page_address_max() -> u64 {
    address_max(FieldKind::HpaPfn).unwrap_or(u64::MAX)
}

/// A 64-bit constant: `0`, or hex.
fn literal(v: u64) -> String {
    if v == 0 {
        "0".into()
    } else {
        format!("{v:#x}ULL")
    }
}

/// Writes C with the names of one list type in one style.
pub(super) struct Names<'a> {
    pub(super) style: CStyle,
    pub(super) list: &'a str,
}

impl Names<'_> {
    /// `hpa_array_t_placement`.
    pub(super) fn func(&self, what: &str) -> String {
        self.style.lower(&c_list_fn(self.list, what))
    }
    /// `HPA_ARRAY_T_CAPACITY`.
    pub(super) fn mac(&self, what: &str) -> String {
        self.style.upper(&c_macro(self.list, what))
    }
    /// An enum constant of the prelude.
    pub(super) fn err(&self, name: &str) -> String {
        self.style.upper(&format!("TDX_ABI_{name}"))
    }
    /// A field helper of any layout.
    pub(super) fn field(&self, layout: &str, field: &str, what: &str) -> String {
        self.style.lower(&c_field_fn(layout, field, what))
    }
}

/// A `static inline` function with its doc comment.
pub(super) fn function(doc: &str, signature: &str, body: &str) -> String {
    format!("\n/* {doc} */\nstatic inline {signature}\n{{\n{body}}}\n")
}

/// `encode_entry` / `decode_entry` of the entry role.
fn entry_helpers(n: &Names, entry: &Entry) -> String {
    let signature =
        format!("enum tdx_abi_list_error {}(uint64_t addr, size_t pages, uint64_t *entry)", n.func("encode_entry"));
    let decode_signature =
        format!("enum tdx_abi_list_error {}(uint64_t entry, uint64_t *addr, size_t *pages)", n.func("decode_entry"));
    let pages_guard = format!(
        "\tif (pages == 0 || pages > {})\n\t\treturn {};\n{}",
        n.mac("MAX_ENTRY_PAGES"),
        n.err("LIST_PAGES_OUT_OF_RANGE"),
        aligned(n, "addr")
    );
    let ok = n.err("LIST_OK");
    let malformed = n.err("LIST_ENTRY_MALFORMED");
    match entry {
        Entry::PageHpa => {
            let max = page_address_max();
            let encode = format!("{}{pages_guard}\t*entry = addr;\n\treturn {ok};\n", below(n, max, "addr"));
            let decode = format!(
                "\tif (entry > {max:#x}ULL || (entry & 0xfffULL))\n\t\treturn {malformed};\n\t*addr = entry;\n\t*pages = 1;\n\treturn {ok};\n"
            );
            function("The raw entry naming the 4 KiB page at `addr` (`pages` must be 1).", &signature, &encode)
                + &function(
                    "The page a raw entry names; an entry that names none is refused.",
                    &decode_signature,
                    &decode,
                )
        }
        Entry::Layout(e) => {
            let mut encode = String::from("\tuint64_t value, field;\n\n");
            encode += &width_check(n, &e.address, "addr");
            encode += &pages_guard;
            encode += &format!("\tvalue = {};\n", literal(e.fixed.bits));
            encode += &frame_set(n, &e.name, &e.address, "addr");
            let mut decode = String::from("\tsize_t n;\n\n");
            let mut bad = Vec::new();
            if e.reserved != 0 {
                bad.push(format!("(entry & {:#x}ULL)", e.reserved));
            }
            if e.fixed.mask != 0 {
                bad.push(format!("(entry & {:#x}ULL) != {:#x}ULL", e.fixed.mask, e.fixed.bits));
            }
            match &e.pages {
                None => decode += "\tn = 1;\n",
                Some((f, enc)) => {
                    let (stored, read) = match enc {
                        CountEncoding::MinusOne => ("pages - 1", " + 1"),
                        CountEncoding::Exact => ("pages", ""),
                    };
                    encode += &format!(
                        "\tif (!{}({stored}, &field))\n\t\treturn {};\n\tvalue |= field;\n",
                        n.field(&e.name, &f.name, "prep_checked"),
                        n.err("LIST_PAGES_OUT_OF_RANGE")
                    );
                    decode += &format!("\tn = (size_t){}(entry){read};\n", n.field(&e.name, &f.name, "get"));
                    if *enc == CountEncoding::Exact {
                        bad.push("n == 0".into());
                    }
                }
            }
            encode += &format!("\t*entry = value;\n\treturn {ok};\n");
            if !bad.is_empty() {
                decode += &format!("\tif ({})\n\t\treturn {malformed};\n", bad.join(" || "));
            }
            decode += &format!(
                "\t*addr = {};\n\t*pages = n;\n\treturn {ok};\n",
                frame_address(n, &e.name, &e.address, "entry")
            );
            function(
                "The raw entry naming `pages` contiguous 4 KiB pages from `addr`, its fixed fields set.",
                &signature,
                &encode,
            ) + &function(
                "The block a raw entry names; reserved bits, a wrong fixed field or no pages are refused.",
                &decode_signature,
                &decode,
            )
        }
    }
}

/// The address a frame field of `word` names, cut to its space as the Rust getter does.
pub(super) fn frame_address(n: &Names, layout: &str, frame: &FrameField, word: &str) -> String {
    let get = format!("({}({word}) << 12)", n.field(layout, &frame.field.name, "get"));
    match address_max(frame.field.kind) {
        Some(max) if frame.field.bits.max_value() << 12 > max => format!("({get} & {max:#x}ULL)"),
        _ => get,
    }
}

/// What the list page holds, in words.
fn entry_text(entry: &Entry, capacity: u32) -> String {
    let space = |s: FrameSpace| match s {
        FrameSpace::Host => "host",
        FrameSpace::Guest => "guest physical",
        FrameSpace::GuestLinear => "guest linear",
    };
    match entry {
        Entry::PageHpa => format!("up to {capacity} host page addresses"),
        Entry::Layout(e) => match &e.pages {
            Some(_) => format!("up to {capacity} {} entries, each naming {} pages", e.name, space(e.address.space)),
            None => format!("up to {capacity} {} entries, each naming a {} page", e.name, space(e.address.space)),
        },
    }
}

/// Every helper of list type `list`.
pub fn emit(style: CStyle, list: &str, r: &ListType) -> String {
    let n = Names { style, list };
    let ok = n.err("LIST_OK");
    let (in_place, list_page) = (n.err("IN_PLACE"), n.err("LIST_PAGE"));
    let singleton = r.singleton.is_some();
    let rows = [
        (n.mac("CAPACITY"), r.capacity.to_string()),
        (n.mac("MAX_ENTRY_PAGES"), r.entry.max_pages().to_string()),
        (n.mac("SINGLETON"), u8::from(singleton).to_string()),
        (n.mac("RESUMABLE"), u8::from(r.cursor.is_some()).to_string()),
    ];
    let mut out = format!(
        "\n/* {list} as a list type: {}, the count {}. */\n{}",
        entry_text(&r.entry, r.capacity),
        match r.encoding {
            CountEncoding::MinusOne => "stored minus one",
            CountEncoding::Exact => "stored as it is",
        },
        super::header::defines(&rows)
    );
    let (count, stored, stored_one) = (
        &r.count.name,
        match r.encoding {
            CountEncoding::MinusOne => "count - 1",
            CountEncoding::Exact => "count",
        },
        r.encoding.stored(1),
    );
    out += &function(
        "Whether `count` entries go in a list page or (singleton rule) the one page in place.",
        &format!("enum tdx_abi_placement {}(size_t count)", n.func("placement")),
        &if singleton {
            format!("\treturn count == 1 ? {in_place} : {list_page};\n")
        } else {
            format!("\t(void)count;\n\treturn {list_page};\n")
        },
    );
    out += &entry_helpers(&n, &r.entry);
    let fixed = literal(r.fixed.bits);
    let mut encode_list = format!(
        "\tuint64_t value = {fixed}, field;\n\n{}{}",
        width_check(&n, &r.address, "list_page"),
        count_check(&n)
    );
    if singleton {
        encode_list += &format!("\tif (count == 1)\n\t\treturn {};\n", n.err("LIST_SINGLETON_REQUIRED"));
    }
    encode_list += &frame_checks(&n, list, &r.address, "list_page");
    encode_list += &format!(
        "\tif (!{}({stored}, &field))\n\t\treturn {};\n\tvalue |= field;\n\t*value_out = value;\n\treturn {ok};\n",
        n.field(list, count, "prep_checked"),
        n.err("LIST_COUNT_OUT_OF_RANGE")
    );
    out += &function(
        "The value naming `count` entries held in the list page at `list_page`.",
        &format!(
            "enum tdx_abi_list_error {}(uint64_t list_page, size_t count, uint64_t *value_out)",
            n.func("encode_list")
        ),
        &encode_list,
    );
    let in_place_body = if singleton {
        format!(
            "\tuint64_t value = {fixed}, field;\n\n{}{}\tif (!{}({stored_one}, &field))\n\t\treturn {};\n\tvalue |= field;\n\t*value_out = value;\n\treturn {ok};\n",
            width_check(&n, &r.address, "page"),
            frame_checks(&n, list, &r.address, "page"),
            n.field(list, count, "prep_checked"),
            n.err("LIST_COUNT_OUT_OF_RANGE")
        )
    } else {
        format!("\t(void)page;\n\t(void)value_out;\n\treturn {};\n", n.err("LIST_NO_SINGLETON_RULE"))
    };
    out += &function(
        "The value naming the one page `page` in place (singleton rule).",
        &format!("enum tdx_abi_list_error {}(uint64_t page, uint64_t *value_out)", n.func("encode_in_place")),
        &in_place_body,
    );
    out += &function(
        "The value for `count` entries, placed as the singleton rule says: `first_page` in place, else the list page.",
        &format!(
            "enum tdx_abi_list_error {}(uint64_t list_page, uint64_t first_page, size_t count, uint64_t *value_out)",
            n.func("encode")
        ),
        &format!(
            "\tif ({}(count) == {in_place})\n\t\treturn {}(first_page, value_out);\n\treturn {}(list_page, count, value_out);\n",
            n.func("placement"),
            n.func("encode_in_place"),
            n.func("encode_list")
        ),
    );
    let release = match r.singleton {
        Some(ReleaseInput::Zero) => "\treturn count == 1 ? 0 : list_page;\n".to_string(),
        Some(ReleaseInput::ListPage) | None => "\t(void)count;\n\treturn list_page;\n".to_string(),
    };
    out += &function(
        "What the release (DELETE) leaf takes for a list of `count` entries.",
        &format!("uint64_t {}(uint64_t list_page, size_t count)", n.func("release_input")),
        &release,
    );
    out += &function(
        "The list page (or, in place, the one page) a value names.",
        &format!("uint64_t {}(uint64_t value)", n.func("address")),
        &format!("\treturn {};\n", frame_address(&n, list, &r.address, "value")),
    );
    let read = match r.encoding {
        CountEncoding::MinusOne => " + 1",
        CountEncoding::Exact => "",
    };
    out += &function(
        "The number of entries a value names, decoded from its count field.",
        &format!("size_t {}(uint64_t value)", n.func("count")),
        &format!("\treturn (size_t){}(value){read};\n", n.field(list, count, "get")),
    );
    if let Some(c) = &r.cursor {
        let mask = n.style.upper(&c_macro(list, &c.name));
        out += &function(
            "The module's resume cursor: the index of the next entry it processes.",
            &format!("size_t {}(uint64_t value)", n.func("cursor")),
            &format!("\treturn (size_t){}(value);\n", n.field(list, &c.name, "get")),
        );
        out += &function(
            "The value with its resume cursor set to `cursor`, which must index an entry.",
            &format!(
                "enum tdx_abi_list_error {}(uint64_t value, size_t cursor, uint64_t *value_out)",
                n.func("with_cursor")
            ),
            &format!(
                "\tif (cursor >= {})\n\t\treturn {};\n\tvalue &= ~{mask};\n\t*value_out = value | {}(cursor);\n\treturn {ok};\n",
                n.mac("CAPACITY"),
                n.err("LIST_CURSOR_OUT_OF_RANGE"),
                n.field(list, &c.name, "prep")
            ),
        );
    }
    out += &function(
        "Writes `count` entries into the list page `entries`, entry i naming `pages_per_entry` pages from `addrs[i]`; \
         an error leaves the page untouched.",
        &format!(
            "enum tdx_abi_list_error {}(uint64_t *entries, const uint64_t *addrs, size_t count, size_t pages_per_entry)",
            n.func("fill_entries")
        ),
        &format!(
            "\tenum tdx_abi_list_error err;\n\tuint64_t entry;\n\tsize_t i;\n\n{count_check}\t/* Every entry is checked before the first is written: a list that cannot be encoded leaves the page alone. */\n\tfor (i = 0; i < count; i++) {{\n\t\terr = {enc}(addrs[i], pages_per_entry, &entry);\n\t\tif (err != {ok})\n\t\t\treturn err;\n\t}}\n\tfor (i = 0; i < count; i++)\n\t\t(void){enc}(addrs[i], pages_per_entry, &entries[i]);\n\treturn {ok};\n",
            count_check = count_check(&n),
            enc = n.func("encode_entry")
        ),
    );
    out += &check_release(&n, list, r);
    out
}

/// Refuses an entry count of 0 or past the capacity.
fn count_check(n: &Names) -> String {
    format!("\tif (count == 0 || count > {})\n\t\treturn {};\n", n.mac("CAPACITY"), n.err("LIST_COUNT_OUT_OF_RANGE"))
}

/// Refuses an address above `max`.
pub(super) fn below(n: &Names, max: u64, addr: &str) -> String {
    format!("\tif ({addr} > {max:#x}ULL)\n\t\treturn {};\n", n.err("LIST_ADDR_TOO_WIDE"))
}

/// Refuses an address above what its frame field's kind names: first, as the Rust address
/// types cannot even hold one.
pub(super) fn width_check(n: &Names, frame: &FrameField, addr: &str) -> String {
    address_max(frame.field.kind).map(|max| below(n, max, addr)).unwrap_or_default()
}

/// Refuses an address off a page boundary.
pub(super) fn aligned(n: &Names, addr: &str) -> String {
    format!("\tif ({addr} & 0xfffULL)\n\t\treturn {};\n", n.err("LIST_MISALIGNED"))
}

/// Refuses an address wider than its frame field, else sets the field in `value`.
fn frame_set(n: &Names, layout: &str, frame: &FrameField, addr: &str) -> String {
    format!(
        "\tif (!{}({addr} >> 12, &field))\n\t\treturn {};\n\tvalue |= field;\n",
        n.field(layout, &frame.field.name, "prep_checked"),
        n.err("LIST_ADDR_TOO_WIDE")
    )
}

/// Refuses an address off a page boundary or wider than its frame field, else sets the field.
pub(super) fn frame_checks(n: &Names, layout: &str, frame: &FrameField, addr: &str) -> String {
    aligned(n, addr) + &frame_set(n, layout, frame, addr)
}

/// The checker of a released value against what was handed over.
fn check_release(n: &Names, list: &str, r: &ListType) -> String {
    let ok = n.err("LIST_OK");
    let reserved = n.style.upper(&c_macro(list, "RESERVED"));
    let mut body = format!("\tenum tdx_abi_list_error err;\n\tuint64_t expected;\n\tsize_t i;\n\n{}", count_check(n));
    if r.reserved != 0 {
        body += &format!("\tif (released & {reserved})\n\t\treturn {};\n", n.err("LIST_RELEASED_RESERVED_BITS"));
    }
    body += &format!("\tif ({}(released) != count)\n\t\treturn {};\n", n.func("count"), n.err("LIST_RELEASED_COUNT"));
    body += &format!(
        "\tif ({}(count) == {}) {{\n\t\tif ({}(released) != addrs[0])\n\t\t\treturn {};\n\t\treturn {ok};\n\t}}\n",
        n.func("placement"),
        n.err("IN_PLACE"),
        n.func("address"),
        n.err("LIST_RELEASED_ADDRESS")
    );
    body += &format!(
        "\tif ({}(released) != list_page)\n\t\treturn {};\n",
        n.func("address"),
        n.err("LIST_RELEASED_ADDRESS")
    );
    body += &format!(
        "\tfor (i = 0; i < count; i++) {{\n\t\t/* Every field of the entry, not only its address, must be what was handed over. */\n\t\terr = {}(addrs[i], pages_per_entry, &expected);\n\t\tif (err != {ok} || entries[i] != expected) {{\n\t\t\tif (bad_entry)\n\t\t\t\t*bad_entry = i;\n\t\t\treturn {};\n\t\t}}\n\t}}\n\treturn {ok};\n",
        n.func("encode_entry"),
        n.err("LIST_RELEASED_ENTRY")
    );
    function(
        "Whether a released value (and the list page `entries` it names) hands back exactly the `count` \
         entries of `pages_per_entry` pages from `addrs` that were handed over in the list page at `list_page`; \
         the first entry that differs goes to `bad_entry` (may be NULL).",
        &format!(
            "enum tdx_abi_list_error {}(uint64_t released, uint64_t list_page, const uint64_t *entries, const uint64_t *addrs, size_t count, size_t pages_per_entry, size_t *bad_entry)",
            n.func("check_release")
        ),
        &body,
    )
}
