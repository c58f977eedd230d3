//! Rule: TDG.VP.VMCALL statuses are named `TDVMCALL_STATUS_*` in UPPER_SNAKE,
//! with unique names and values; they are whole values (the GHCI gives them no
//! class or details), so a kernel value that differs would be another status.

use crate::diag::Diagnostic;
use crate::model::{StatusCode, Tables};
use std::collections::BTreeMap;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<&str, &StatusCode> = BTreeMap::new();
    let mut values: BTreeMap<u64, &StatusCode> = BTreeMap::new();
    for s in &tables.tdvmcall_statuses {
        let entry = format!("TDVMCALL status `{}`", s.name);
        let diag = |key: &str, msg: String| tables.entry_diag(entry.clone(), &s.origin, Some(key), None, msg);
        let note =
            |first: &StatusCode, key: &str| tables.note(&first.origin, Some(key), format!("`{}` is here", first.name));
        let constant = crate::names::tdvmcall_status_const(&s.name);
        if !s.name.starts_with("TDVMCALL_STATUS_") || !crate::names::is_upper_snake(constant) {
            let msg = format!("TDVMCALL status name `{}` is not `TDVMCALL_STATUS_` and UPPER_SNAKE", s.name);
            out.push(diag("name", msg).with_help("use the kernel's spelling, e.g. TDVMCALL_STATUS_RETRY"));
        } else if let Some(first) = names.insert(&s.name, s) {
            let msg = format!("TDVMCALL status `{}` is defined twice", s.name);
            out.push(diag("name", msg).with_help("remove one").with_note(note(first, "name")));
        }
        if let Some(first) = values.insert(s.value, s) {
            let msg = format!("{:#018x} is already TDVMCALL status `{}`", s.value, first.name);
            out.push(diag("value", msg).with_help("each status has its own value").with_note(note(first, "value")));
        }
        if s.kernel_value.is_some() {
            let msg =
                "a TDVMCALL status is its whole value: a different kernel value is a different status".to_string();
            out.push(diag("kernel_value", msg).with_help("remove `kernel_value`; record a disagreement in `note`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;

    #[test]
    fn names_values_and_kernel_values_are_checked() {
        let y = "source: {repo: torvalds/linux, path: arch/x86/include/asm/shared/tdx.h}\ntdvmcall_statuses:\n  - {name: TDVMCALL_STATUS_RETRY, value: 1}\n  - {name: TDX_RETRY, value: 1, kernel_value: 2}\n  - {name: TDVMCALL_STATUS_RETRY, value: 3}\n";
        assert_eq!(
            run(super::check, &[y]),
            [
                "4:12 TDVMCALL status name `TDX_RETRY` is not `TDVMCALL_STATUS_` and UPPER_SNAKE",
                "4:30 0x0000000000000001 is already TDVMCALL status `TDVMCALL_STATUS_RETRY`",
                "4:47 a TDVMCALL status is its whole value: a different kernel value is a different status",
                "5:12 TDVMCALL status `TDVMCALL_STATUS_RETRY` is defined twice",
            ]
        );
    }
}
