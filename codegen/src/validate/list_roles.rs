//! Rule: a list type's roles name fields that exist, have the right kind, are
//! distinct, and are wide enough for the capacity; the entry format names a
//! 64-bit layout; the list value itself is 64 bits (it travels in a register).
//! The roles inside an entry layout are `entry_roles`'.

use crate::diag::Diagnostic;
use crate::model::{CountEncoding, EntryFormat, FieldKind, Layout, ListRoles, Tables};

/// A list page is 4 KiB of 8-byte entries.
const MAX_CAPACITY: u32 = 512;

struct Checker<'a> {
    tables: &'a Tables,
    layout: &'a Layout,
    roles: &'a ListRoles,
    out: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, key: &str, message: String, help: &str) {
        let d = self.tables.layout_diag(
            self.layout,
            &self.roles.origin,
            Some(key),
            Some(format!("list role `{key}`")),
            message,
        );
        self.out.push(d.with_help(help));
    }

    /// The role's field, if it exists and has one of `kinds`; reports otherwise.
    fn role_field(&mut self, key: &str, name: &str, kinds: &[FieldKind]) -> Option<crate::bits::BitRange> {
        let Some(field) = self.layout.field(name) else {
            let known: Vec<&str> = self.layout.fields.iter().map(|f| f.name.as_str()).collect();
            let guess = crate::suggest::did_you_mean(name, known.iter().copied());
            let help = format!("{guess}name one of the layout's fields: {}", known.join(", "));
            self.report(key, format!("`{key}` names `{name}`, which is not a field of `{}`", self.layout.name), &help);
            return None;
        };
        if !kinds.contains(&field.kind) {
            let want: Vec<String> = kinds.iter().map(|k| format!("`kind: {}`", k.spelling())).collect();
            let want = want.join(" or ");
            self.report(
                key,
                format!("`{key}` names `{name}`, which is not a {want} field"),
                &format!("give `{name}` {want}"),
            );
            return None;
        }
        (field.bits.hi >= field.bits.lo).then_some(field.bits)
    }

    fn check(&mut self) {
        let r = self.roles;
        if self.layout.width != 64 && super::has_word_width(self.layout) {
            self.report(
                "address_field",
                format!("a list type must be 64 bits wide, not {}", self.layout.width),
                "list values travel in 64-bit registers",
            );
        }
        let capacity_ok = (1..=MAX_CAPACITY).contains(&r.capacity);
        if !capacity_ok {
            self.report(
                "capacity",
                format!("capacity {} is outside 1..={MAX_CAPACITY}", r.capacity),
                "a 4 KiB list page holds at most 512 eight-byte entries",
            );
        }
        // A list page named by a host frame, or (for guest-side lists) by a guest frame.
        self.role_field("address_field", &r.address_field, &[FieldKind::HpaPfn, FieldKind::GpaPfn]);
        if let Some(bits) = self.role_field("count_field", &r.count_field, &[FieldKind::Plain]) {
            let needed = match r.count_encoding {
                CountEncoding::MinusOne => u64::from(r.capacity.saturating_sub(1)),
                CountEncoding::Exact => u64::from(r.capacity),
            };
            if capacity_ok && needed > bits.max_value() {
                let msg = format!("`{}` ({} bits) cannot count {} entries", r.count_field, bits.bit_len(), r.capacity);
                self.report(
                    "count_field",
                    msg,
                    "widen the field, lower the capacity, or use `count_encoding: minus_one`",
                );
            }
        }
        if let Some(cursor) = &r.cursor_field {
            if let Some(bits) = self.role_field("cursor_field", cursor, &[FieldKind::Plain]) {
                if capacity_ok && u64::from(r.capacity - 1) > bits.max_value() {
                    let msg = format!("`{cursor}` ({} bits) cannot index {} entries", bits.bit_len(), r.capacity);
                    self.report("cursor_field", msg, "widen the field or lower the capacity");
                }
            }
        }
        let roles = [
            ("address_field", Some(&r.address_field)),
            ("count_field", Some(&r.count_field)),
            ("cursor_field", r.cursor_field.as_ref()),
        ];
        let named: Vec<(&str, &String)> = roles.into_iter().filter_map(|(k, n)| Some((k, n?))).collect();
        for (i, (key, name)) in named.iter().enumerate() {
            if let Some((first, _)) = named[..i].iter().find(|(_, n)| n == name) {
                self.report(
                    key,
                    format!("`{name}` plays two list roles, `{first}` and `{key}`"),
                    "each role needs its own field",
                );
            }
        }
        if let EntryFormat::Layout(name) = &r.entry {
            match self.tables.layouts.iter().find(|l| &l.name == name) {
                None => {
                    let guess = crate::suggest::did_you_mean(name, self.tables.layouts.iter().map(|l| l.name.as_str()));
                    self.report(
                        "entry_layout",
                        format!("`entry_layout` names `{name}`, which is not a layout in the tables"),
                        &format!("{guess}define the entry layout, or use `entry: page_hpa`"),
                    )
                }
                Some(l) if l.width != 64 => self.report(
                    "entry_layout",
                    format!("entry layout `{name}` is {} bits wide; list entries are 64", l.width),
                    "entries are 8 bytes",
                ),
                Some(l) if l.name == self.layout.name => self.report(
                    "entry_layout",
                    format!("`{name}` names the list type itself as its entry layout"),
                    "entries describe the pages listed, not another list value: name the entry's own layout",
                ),
                Some(_) => {}
            }
        }
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for layout in &tables.layouts {
        if let Some(roles) = &layout.list {
            Checker { tables, layout, roles, out }.check();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    const FIELDS: &[(&str, &str, &str)] =
        &[("FIRST", "11:3", ""), ("PFN", "51:12", "kind: hpa_pfn"), ("LAST", "63:55", "")];

    fn list(roles: &str) -> String {
        layout_yaml(
            "L",
            64,
            FIELDS,
            &["2:0", "54:52"],
            &format!("list:\n{}", roles.lines().map(|l| format!("  {l}\n")).collect::<String>()),
        )
    }

    const GOOD: &str = "address_field: PFN\ncount_field: LAST\ncount_encoding: minus_one\ncursor_field: FIRST\ncapacity: 512\nentry: page_hpa\n";

    #[test]
    fn consistent_roles_pass() {
        assert!(run(super::check, &[&list(GOOD)]).is_empty());
    }

    #[test]
    fn missing_fields_wrong_kinds_and_shared_roles_are_reported() {
        let y = list(
            &GOOD
                .replace("address_field: PFN", "address_field: HPA")
                .replace("cursor_field: FIRST", "cursor_field: LAST"),
        );
        assert_eq!(
            run(super::check, &[&y]),
            [
                "26:22 `address_field` names `HPA`, which is not a field of `L`",
                "29:21 `LAST` plays two list roles, `count_field` and `cursor_field`"
            ]
        );
        let y = list(&GOOD.replace("count_field: LAST", "count_field: PFN"));
        assert_eq!(
            run(super::check, &[&y]),
            [
                "27:20 `count_field` names `PFN`, which is not a `kind: plain` field",
                "27:20 `PFN` plays two list roles, `address_field` and `count_field`"
            ]
        );
    }

    #[test]
    fn capacity_must_fit_the_page_and_the_fields() {
        assert_eq!(run(super::check, &[&list(&GOOD.replace("512", "513"))]), ["30:17 capacity 513 is outside 1..=512"]);
        let exact = GOOD.replace("minus_one", "exact");
        assert_eq!(run(super::check, &[&list(&exact)]), ["27:20 `LAST` (9 bits) cannot count 512 entries"]);
        let y = list(&exact.replace("512", "511"));
        assert!(run(super::check, &[&y]).is_empty());
    }

    #[test]
    fn entry_layouts_must_exist() {
        let y = list(&GOOD.replace("entry: page_hpa", "entry: layout\nentry_layout: NOPE"));
        assert_eq!(
            run(super::check, &[&y]),
            ["32:21 `entry_layout` names `NOPE`, which is not a layout in the tables"]
        );
        let y = list(&GOOD.replace("entry: page_hpa", "entry: layout\nentry_layout: L"));
        assert_eq!(run(super::check, &[&y]), ["32:21 `L` names the list type itself as its entry layout"]);
    }
}
