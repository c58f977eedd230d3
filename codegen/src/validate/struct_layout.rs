//! Rule: a memory structure's members and reserved ranges tile its size (no
//! gap, no overlap, nothing past the end), integers and layouts sit at offsets
//! their width divides, nested structs exist (no struct contains itself) and take the
//! size their own table gives, arrays have at least one element, and the
//! required alignment is a power of two no larger than a page.

use crate::diag::Diagnostic;
use crate::model::{Member, MemberType, Origin, Struct, Tables};
use crate::names::{fn_name, is_upper_snake, struct_member_items, RUST_KEYWORDS, STRUCT_ITEMS};
use std::collections::{BTreeMap, BTreeSet};

/// Names: UPPER_SNAKE, at most 64 characters, not a Rust keyword once converted, members unique.
fn names(tables: &Tables, s: &Struct, out: &mut Vec<Diagnostic>) {
    let bad = |name: &str| {
        !is_upper_snake(name)
            || name.chars().count() > super::identifiers::MAX_NAME_LEN
            || RUST_KEYWORDS.contains(&fn_name(name).as_str())
    };
    let help = "use UPPER_SNAKE (A-Z, 0-9, single `_`), at most 64 characters, not a Rust keyword";
    if bad(&s.name) {
        out.push(
            tables
                .struct_diag(s, &s.origin, Some("name"), None, format!("`{}` is not a usable struct name", s.name))
                .with_help(help),
        );
    }
    for (i, m) in s.members.iter().enumerate() {
        let member = Some(format!("member `{}`", m.name));
        if bad(&m.name) {
            let d = tables.struct_diag(
                s,
                &m.origin,
                Some("name"),
                member.clone(),
                format!("`{}` is not a usable member name", m.name),
            );
            out.push(d.with_help(help));
        }
        let items = struct_member_items(&m.name);
        if let Some(item) = items.iter().find(|item| STRUCT_ITEMS.contains(&item.as_str())) {
            let d = tables.struct_diag(
                s,
                &m.origin,
                Some("name"),
                member.clone(),
                format!("member `{}` generates `{item}`, which the struct type already has", m.name),
            );
            out.push(d.with_help("rename the member; put the spec's spelling in its description"));
        }
        let clash = s.members[..i].iter().filter(|o| o.name != m.name).find_map(|o| {
            let theirs = struct_member_items(&o.name);
            items.iter().find(|item| theirs.contains(item)).map(|item| (o, item.clone()))
        });
        if let Some((other, item)) = clash {
            let d = tables.struct_diag(
                s,
                &m.origin,
                Some("name"),
                member.clone(),
                format!("members `{}` and `{}` both generate `{item}`", other.name, m.name),
            );
            out.push(d.with_help("rename one of them").with_note(tables.note(
                &other.origin,
                Some("name"),
                "the other member",
            )));
        }
        if let Some(first) = s.members[..i].iter().find(|o| o.name == m.name) {
            let d =
                tables.struct_diag(s, &m.origin, Some("name"), member, format!("member `{}` is defined twice", m.name));
            out.push(d.with_help("member names are unique in a struct").with_note(tables.note(
                &first.origin,
                Some("name"),
                "first defined here",
            )));
        }
    }
}

/// A problem found, before it becomes a diagnostic.
struct Problem<'a> {
    origin: &'a Origin,
    key: &'static str,
    member: Option<String>,
    message: String,
    help: String,
}

/// The byte ranges members and reserved ranges hold (kept as ranges, so the
/// check costs nothing in proportion to the struct's size).
struct Bytes<'a> {
    size: u32,
    claimed: Vec<(u64, u64, String)>,
    problems: Vec<Problem<'a>>,
}

impl<'a> Bytes<'a> {
    /// Claims `len` bytes from `offset` for `label`; reports a range past the
    /// end or over another's bytes (at the first byte they share).
    fn claim(&mut self, label: String, offset: u32, len: u64, origin: &'a Origin) {
        let (start, end) = (u64::from(offset), u64::from(offset) + len);
        if end > u64::from(self.size) {
            let message = format!("{label} ends at byte {end}, past the struct's {} bytes", self.size);
            let help = "fix the offset or size, or the struct's size".into();
            return self.problems.push(Problem { origin, key: "offset", member: Some(label), message, help });
        }
        let overlap = self
            .claimed
            .iter()
            .filter(|(s, e, _)| *s < end && start < *e)
            .map(|(s, _, owner)| ((*s).max(start), owner))
            .min_by_key(|(at, _)| *at);
        if let Some((at, first)) = overlap {
            let message = format!("{label} overlaps {first} at byte {at}");
            let help = "each byte belongs to one member or reserved range".into();
            return self.problems.push(Problem { origin, key: "offset", member: Some(label), message, help });
        }
        self.claimed.push((start, end, label));
    }

    /// The first run of bytes no member or reserved range holds, if any.
    fn first_gap(&self) -> Option<(u64, u64)> {
        let mut ranges: Vec<(u64, u64)> = self.claimed.iter().map(|(s, e, _)| (*s, *e)).collect();
        ranges.sort_unstable();
        let mut covered = 0;
        for (s, e) in ranges {
            if s > covered {
                return Some((covered, s));
            }
            covered = covered.max(e);
        }
        (covered < u64::from(self.size)).then_some((covered, u64::from(self.size)))
    }
}

/// The largest struct the tables take: no structure the module reads in memory
/// comes near it (TD_PARAMS and TDREPORT are 1 KiB, a page is 4 KiB), and
/// generated code holds a struct's bytes by value.
const MAX_STRUCT_SIZE: u32 = 64 * 1024;

fn check_one(tables: &Tables, s: &Struct, out: &mut Vec<Diagnostic>) {
    names(tables, s, out);
    let mut bytes = Bytes { size: s.size, claimed: Vec::new(), problems: Vec::new() };
    let mut report = |origin, key, member, message, help: &str| {
        bytes.problems.push(Problem { origin, key, member, message, help: help.into() })
    };
    if s.size == 0 {
        report(&s.origin, "size", None, "a struct of 0 bytes holds nothing".into(), "give the size the ABI states");
    } else if s.size > MAX_STRUCT_SIZE {
        let message = format!("a struct of {} bytes is larger than the {MAX_STRUCT_SIZE} the tables take", s.size);
        let help =
            "give the size the ABI states; a list of pages is a list type (`layouts:` with `list:`), not a struct";
        report(&s.origin, "size", None, message, help);
    }
    if !s.align.is_power_of_two() || s.align > 4096 {
        let message = format!("alignment {} is not a power of two up to 4096", s.align);
        report(&s.origin, "align", None, message, "write the alignment the ABI requires of the operand (1 when none)");
    } else if s.size % s.align != 0 {
        let message = format!("a {}-byte struct cannot be {}-byte aligned without padding", s.size, s.align);
        report(&s.origin, "align", None, message, "the size is a multiple of the alignment in the ABI; check both");
    }
    for m in &s.members {
        let label = format!("member `{}`", m.name);
        let elem = match member_size(tables, s, m) {
            Ok(Some(elem)) => elem,
            Ok(None) => continue,
            Err((key, message, help)) => {
                bytes.problems.push(Problem { origin: &m.origin, key, member: Some(label), message, help });
                continue;
            }
        };
        bytes.claim(label, m.offset, elem * u64::from(m.count), &m.origin);
    }
    for r in &s.reserved {
        let label = format!("reserved bytes {}..{}", r.offset, u64::from(r.offset) + u64::from(r.size));
        bytes.claim(label, r.offset, u64::from(r.size), &r.origin);
    }
    // A gap is only worth reporting once every member found its place: a member
    // refused above claims no bytes, and the gap would repeat that problem.
    let gap = if bytes.problems.is_empty() { bytes.first_gap() } else { None };
    if let Some((first, end)) = gap {
        let message = format!("bytes {first}..{end} belong to no member and no reserved range");
        let help = "add the member the ABI has there, or a `reserved:` range".into();
        bytes.problems.push(Problem { origin: &s.origin, key: "members", member: None, message, help });
    }
    for p in bytes.problems {
        out.push(tables.struct_diag(s, p.origin, Some(p.key), p.member, p.message).with_help(p.help));
    }
}

/// The size of one element of `m`; `Ok(None)` when another rule reports why
/// it has none; `Err` (key, message, help) for a problem of its own.
fn member_size(tables: &Tables, s: &Struct, m: &Member) -> Result<Option<u64>, (&'static str, String, String)> {
    if m.count == 0 {
        let help = "drop `count` (one element) or give the element count".into();
        return Err(("count", "an array of 0 elements holds nothing".into(), help));
    }
    match &m.ty {
        MemberType::Uint(_) | MemberType::Layout(_) if m.elem_size > 0 && m.offset % m.elem_size != 0 => {
            let what = match &m.ty {
                MemberType::Layout(name) => format!("the {}-bit layout `{name}`", m.elem_size * 8),
                _ => format!("a u{}", m.elem_size * 8),
            };
            let message = format!("{what} at offset {} is not aligned to {} bytes", m.offset, m.elem_size);
            Err((
                "offset",
                message,
                "integers sit at offsets their width divides; use `type: bytes` for an unaligned run".into(),
            ))
        }
        MemberType::Uint(n) => Ok(Some(u64::from(*n))),
        // `layout_width` reports a layout of no machine width.
        MemberType::Layout(_) if ![1, 2, 4, 8].contains(&m.elem_size) => Ok(None),
        MemberType::Layout(_) => Ok(Some(u64::from(m.elem_size))),
        MemberType::Bytes(0) => Ok(None), // the loader reports a missing size
        MemberType::Bytes(n) => Ok(Some(u64::from(*n))),
        MemberType::Struct(name) if *name == s.name => {
            Err(("type", format!("`{}` contains itself", s.name), "a struct cannot nest itself".into()))
        }
        MemberType::Struct(name) => match tables.structs.iter().find(|t| &t.name == name) {
            Some(t) => Ok(Some(u64::from(t.size))),
            None => {
                let message =
                    format!("`type: {name}` is neither u8, u16, u32, u64, bytes nor a struct or layout in the tables");
                let known = tables
                    .structs
                    .iter()
                    .map(|t| t.name.as_str())
                    .chain(tables.layouts.iter().map(|l| l.name.as_str()));
                let guess = crate::suggest::did_you_mean(name, known);
                Err((
                    "type",
                    message,
                    format!("{guess}use an integer type, `bytes` with a `size`, or a struct's or layout's name"),
                ))
            }
        },
    }
}

/// Structs that contain themselves through other structs (direct self-nesting is `check_one`'s).
fn cycles(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for s in &tables.structs {
        let mut stack: Vec<&str> = vec![&s.name];
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            let Some(t) = tables.structs.iter().find(|t| t.name == name) else { continue };
            for m in &t.members {
                if let MemberType::Struct(inner) = &m.ty {
                    if inner == &s.name && t.name != s.name {
                        let msg = format!("`{}` contains itself through `{}`", s.name, t.name);
                        out.push(
                            tables
                                .struct_diag(s, &s.origin, Some("name"), None, msg)
                                .with_help("structs nest as a tree"),
                        );
                        return;
                    }
                    if seen.insert(inner.clone()) {
                        stack.push(inner);
                    }
                }
            }
        }
    }
}

/// The structs by name, each nested-struct member's element size filled in
/// from the nested struct (after `check`, every one exists).
pub fn with_nested_sizes(structs: &[Struct]) -> BTreeMap<String, Struct> {
    let sizes: BTreeMap<&str, u32> = structs.iter().map(|s| (s.name.as_str(), s.size)).collect();
    let mut out = BTreeMap::new();
    for s in structs {
        let mut s = s.clone();
        for m in &mut s.members {
            if let MemberType::Struct(name) = &m.ty {
                m.elem_size = sizes.get(name.as_str()).copied().unwrap_or(0);
            }
        }
        out.insert(s.name.clone(), s);
    }
    out
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for s in &tables.structs {
        check_one(tables, s, out);
    }
    cycles(tables, out);
}
