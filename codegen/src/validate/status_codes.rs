//! Rule: status codes have unique names and identities (class and details,
//! bits 47:32, or the whole value for software-defined class 0xFF), and a
//! recorded kernel value names the same code.

use crate::diag::Diagnostic;
use crate::model::{StatusCode, Tables};
use std::collections::BTreeMap;

/// How a status is identified: class and first-level details (bits 47:32), or
/// the whole value for the software class 0xFF. `codegen/tests/status_identity.rs`
/// checks it against tdx-abi's `TdxStatus::code_key`, which takes its masks
/// from the COMPLETION_STATUS table.
pub fn code_key(value: u64) -> u64 {
    if (value >> 40) & 0xFF == 0xFF {
        value
    } else {
        value & 0x0000_FFFF_0000_0000
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<&str, &StatusCode> = BTreeMap::new();
    let mut consts: BTreeMap<&str, &str> = BTreeMap::new();
    let mut keys: BTreeMap<u64, &StatusCode> = BTreeMap::new();
    for s in &tables.status_codes {
        let entry = format!("status code `{}`", s.name);
        let diag = |key: &str, msg: String, help: &str| {
            tables.entry_diag(entry.clone(), &s.origin, Some(key), None, msg).with_help(help)
        };
        // A duplicate also points at the entry it duplicates.
        let note =
            |first: &StatusCode, key: &str| tables.note(&first.origin, Some(key), format!("`{}` is here", first.name));
        // The Rust constant drops `TDX_`, so what follows must be UPPER_SNAKE too
        // (found by fuzzing: `TDX_5SUCCESS` made the generator panic).
        let constant = crate::names::status_const(&s.name);
        if !crate::names::is_upper_snake(&s.name) || !crate::names::is_upper_snake(constant) {
            out.push(diag(
                "name",
                format!("status name `{}` is not UPPER_SNAKE (after `TDX_`, too)", s.name),
                "use the kernel's spelling, e.g. TDX_OPERAND_BUSY",
            ));
        } else if let Some(first) = consts.insert(constant, &s.name) {
            if first != s.name {
                let msg = format!("status codes `{first}` and `{}` both become `TdxStatus::{constant}`", s.name);
                out.push(diag("name", msg, "rename one"));
            }
        }
        if let Some(first) = names.insert(&s.name, s) {
            let msg = format!("status code `{}` is defined twice", s.name);
            out.push(diag("name", msg, "remove one").with_note(note(first, "name")));
        }
        if let Some(first) = keys.insert(code_key(s.value), s) {
            let msg = format!("{:#018x} is the same code as `{}` (same class and details)", s.value, first.name);
            let help = "codes are identified by bits 47:32; give each code its own";
            out.push(diag("value", msg, help).with_note(note(first, "value")));
        }
        if let Some(k) = s.kernel_value {
            if code_key(k) != code_key(s.value) {
                let msg = format!("kernel value {k:#018x} is a different code than {:#018x}", s.value);
                out.push(diag("kernel_value", msg, "`kernel_value` records the same code with different flag bits"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;

    fn codes(items: &str) -> String {
        format!("source: {{repo: a/b, path: c}}\nstatus_codes:\n{items}")
    }

    #[test]
    fn distinct_codes_pass_and_flag_variants_are_one_code() {
        let y = codes("  - {name: TDX_NON_RECOVERABLE_TD, value: 0x6000000200000000, kernel_value: 0x4000000200000000}\n  - {name: TDX_OPERAND_BUSY, value: 0x8000020000000000}\n");
        assert!(run(super::check, &[&y]).is_empty());
        assert_eq!(
            super::code_key(0x8000_FF00_FFFF_0000),
            0x8000_FF00_FFFF_0000,
            "software codes keep their whole value"
        );
        assert_eq!(super::code_key(0x8000_0200_0000_0092), 0x0000_0200_0000_0000);
    }

    #[test]
    fn duplicates_and_contradicting_kernel_values_are_reported() {
        let y = codes("  - {name: TDX_A, value: 0x8000020000000000}\n  - {name: TDX_B, value: 0xC000020000000000}\n  - {name: TDX_A, value: 0x8000030000000000, kernel_value: 0x8000040000000000}\n  - {name: tdx_c, value: 0}\n");
        assert_eq!(
            run(super::check, &[&y]),
            [
                "4:26 0xc000020000000000 is the same code as `TDX_A` (same class and details)",
                "5:12 status code `TDX_A` is defined twice",
                "5:60 kernel value 0x8000040000000000 is a different code than 0x8000030000000000",
                "6:12 status name `tdx_c` is not UPPER_SNAKE (after `TDX_`, too)",
            ]
        );
    }

    #[test]
    fn the_rust_constant_must_be_an_identifier_and_unique() {
        let y = codes(
            "  - {name: TDX_5SUCCESS, value: 0}
  - {name: TDX_BUSY, value: 0x8000020000000000}
  - {name: BUSY, value: 0x8000030000000000}
",
        );
        assert_eq!(
            run(super::check, &[&y]),
            [
                "3:12 status name `TDX_5SUCCESS` is not UPPER_SNAKE (after `TDX_`, too)",
                "5:12 status codes `TDX_BUSY` and `BUSY` both become `TdxStatus::BUSY`",
            ]
        );
    }
}
