//! Rule: TDG.VP.VMCALL sub-functions have unique UPPER_SNAKE names and unique
//! codes, and register maps the call can carry: no RCX (the exposure bitmap),
//! no R10 (0 in, the status out) and no R11 in (the code); inputs typed `u64`,
//! `gpa` or a 64-bit layout, outputs (the VMM's, untrusted) `u64` or a layout.

use super::leaf_registers::check_list;
use crate::diag::Diagnostic;
use crate::model::{RegArg, Tables, Tdvmcall};
use std::collections::BTreeMap;

/// Registers the call itself owns, by direction, with why.
fn reserved(reg: &str, input: bool) -> Option<&'static str> {
    match (reg, input) {
        ("rcx", _) => Some("RCX carries the exposure bitmap, which the generator derives from the register map"),
        ("r10", true) => Some("R10 is 0 in every standard GHCI call"),
        ("r10", false) => Some("R10 carries the TDVMCALL status out"),
        ("r11", true) => Some("R11 carries the sub-function code in"),
        _ => None,
    }
}

fn check_args(tables: &Tables, t: &Tdvmcall, args: &[RegArg], input: bool, out: &mut Vec<Diagnostic>) {
    let entry = format!("TDVMCALL sub-function `{}`", t.name);
    let what = if input { "input" } else { "output" };
    check_list(tables, &entry, args, what, out);
    let layout64 = |name: &str| tables.layouts.iter().any(|l| l.name == name && l.width == 64);
    for a in args {
        let field = Some(format!("{what} `{}`", a.name));
        let diag = |key: &str, msg: String| tables.entry_diag(entry.clone(), &a.origin, Some(key), field.clone(), msg);
        if let Some(why) = reserved(&a.reg, input) {
            let msg = format!("`{}` cannot be an {what} of a sub-function: {why}", a.reg);
            out.push(diag("reg", msg).with_help("use RDX, RBX, RSI, RDI, R8, R9 or R12 to R15 (R11 for outputs)"));
        }
        let typed = match a.ty.as_str() {
            "u64" => true,
            "gpa" => input,
            other => layout64(other),
        };
        if !typed {
            let allowed = if input { "`u64`, `gpa`" } else { "`u64`" };
            let msg = format!("a sub-function {what} cannot be typed `{}`", a.ty);
            let help = format!("use {allowed} or the name of a 64-bit layout (the VMM's outputs are untrusted)");
            out.push(diag("type", msg).with_help(help));
        }
        if a.since_version.is_some() {
            let msg = "sub-functions have no versions, so no register is used from one on".to_string();
            out.push(diag("since_version", msg).with_help("remove `since_version`"));
        }
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<&str, &Tdvmcall> = BTreeMap::new();
    let mut codes: BTreeMap<u64, &Tdvmcall> = BTreeMap::new();
    for t in &tables.tdvmcalls {
        let entry = format!("TDVMCALL sub-function `{}`", t.name);
        let diag = |key: &str, msg: String| tables.entry_diag(entry.clone(), &t.origin, Some(key), None, msg);
        let note =
            |first: &Tdvmcall, key: &str| tables.note(&first.origin, Some(key), format!("`{}` is here", first.name));
        if !crate::names::is_upper_snake(&t.name) {
            let msg = format!("sub-function name `{}` is not UPPER_SNAKE", t.name);
            out.push(diag("name", msg).with_help("use the kernel's name without `TDVMCALL_`, e.g. MAP_GPA"));
        } else if let Some(first) = names.insert(&t.name, t) {
            let msg = format!("sub-function `{}` is defined twice", t.name);
            out.push(diag("name", msg).with_help("remove one").with_note(note(first, "name")));
        }
        if let Some(first) = codes.insert(t.code, t) {
            let msg = format!("code {:#x} is already sub-function `{}`", t.code, first.name);
            out.push(diag("code", msg).with_help("each sub-function has its own code").with_note(note(first, "code")));
        }
        check_args(tables, t, &t.inputs, true, out);
        check_args(tables, t, &t.outputs, false, out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;

    fn file(items: &str) -> String {
        format!("source: {{repo: torvalds/linux, path: arch/x86/coco/tdx/tdx.c}}\ntdvmcalls:\n{items}")
    }

    fn entry(name: &str, code: &str, inputs: &str, outputs: &str) -> String {
        format!("  - {{name: {name}, code: {code}, ghci: G, since: \"1.0\", description: d, inputs: [{inputs}], outputs: [{outputs}]}}\n")
    }

    #[test]
    fn a_sound_map_passes() {
        let y = file(&entry(
            "MAP_GPA",
            "0x10001",
            "{reg: r12, name: gpa, type: gpa}",
            "{reg: r11, name: retry, type: u64}",
        ));
        assert!(run(super::check, &[&y]).is_empty());
    }

    #[test]
    fn reserved_registers_types_names_and_codes_are_reported() {
        let y = file(
            &(entry("MAP_GPA", "0x10001", "{reg: r11, name: code, type: u64}", "{reg: r10, name: s, type: gpa}")
                + &entry("Map", "0x10001", "{reg: rcx, name: bits, type: hpa}", "")
                + &entry("MAP_GPA", "0x10002", "", "")),
        );
        let found = run(super::check, &[&y]);
        let expected = [
            "3:90 `r11` cannot be an input of a sub-function: R11 carries the sub-function code in",
            "3:136 `r10` cannot be an output of a sub-function: R10 carries the TDVMCALL status out",
            "3:156 a sub-function output cannot be typed `gpa`",
            "4:12 sub-function name `Map` is not UPPER_SNAKE",
            "4:23 code 0x10001 is already sub-function `MAP_GPA`",
            "4:86 `rcx` cannot be an input of a sub-function: RCX carries the exposure bitmap, which the generator derives from the register map",
            "4:109 a sub-function input cannot be typed `hpa`",
            "5:12 sub-function `MAP_GPA` is defined twice",
        ];
        assert_eq!(found, expected);
    }
}
