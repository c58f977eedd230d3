//! The generated accessors compile to the same machine code as hand-written
//! shift-and-mask: this crate is built in release (into a directory of its
//! own under the target directory), its library is disassembled with objdump, and each exported
//! generated function's instructions must equal its hand-written twin's.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

const PAIRS: [&str; 4] = ["encode_list_info", "encode_array_t", "list_info_pfn", "list_info_last"];

/// A function's place: (section, address).
type Place = (String, u64);

/// Every function's instructions by place (addresses and raw bytes dropped).
fn bodies(disassembly: &str) -> BTreeMap<Place, Vec<String>> {
    let mut out: BTreeMap<Place, Vec<String>> = BTreeMap::new();
    let mut section = String::new();
    let mut current: Option<Place> = None;
    for line in disassembly.lines() {
        if let Some(s) = line.strip_prefix("Disassembly of section ").and_then(|l| l.strip_suffix(':')) {
            section = s.to_string();
            current = None;
        } else if let Some((addr, _)) = line.strip_suffix(">:").and_then(|l| l.split_once(" <")) {
            let place = (section.clone(), u64::from_str_radix(addr.trim(), 16).unwrap_or(u64::MAX));
            out.entry(place.clone()).or_default();
            current = Some(place);
        } else if let (Some(place), Some((_, insn))) = (current.as_ref(), line.split_once(":\t")) {
            // Drop symbolic annotations and padding.
            let insn = insn.split(['#', '<']).next().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
            let insn = relative_jump(&insn, place.1);
            if !insn.is_empty() && !insn.contains("nop") && insn != "int3" {
                out.entry(place.clone()).or_default().push(insn);
            }
        }
    }
    out
}

/// A jump's target as an offset from the function's start, so two functions
/// with the same code compare equal wherever they are placed.
fn relative_jump(insn: &str, start: u64) -> String {
    match insn.split_once(' ') {
        Some((op, target)) if op.starts_with('j') => match u64::from_str_radix(target, 16) {
            Ok(t) => format!("{op} +{:#x}", t.wrapping_sub(start)),
            Err(_) => insn.to_string(),
        },
        _ => insn.to_string(),
    }
}

/// Every global function symbol's place, from `objdump -t` (aliases share a place).
fn symbols(table: &str) -> BTreeMap<String, Place> {
    table
        .lines()
        .filter_map(|line| {
            let (left, name) = line.rsplit_once(' ')?;
            let fields: Vec<&str> = left.split_whitespace().collect();
            // value, flags..., "F", section, size
            if !fields.contains(&"F") {
                return None;
            }
            let section = fields.get(fields.len().checked_sub(2)?)?;
            Some((name.to_string(), (section.to_string(), u64::from_str_radix(fields[0], 16).ok()?)))
        })
        .collect()
}

fn objdump(args: &[&str], file: &std::path::Path) -> String {
    let out = Command::new("objdump").args(args).arg(file).output().unwrap();
    assert!(out.status.success(), "objdump {args:?} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn generated_accessors_compile_to_the_hand_written_instructions() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // Under the target directory wherever it is (CARGO_TARGET_DIR), never in the source tree.
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("disassembly");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        // Only the two encoders compared: not the peers the benchmarks also measure.
        .args(["build", "--release", "--lib", "--offline", "-q", "--no-default-features", "--manifest-path"])
        .arg(manifest.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .unwrap();
    assert!(status.success(), "release build failed");
    let rlib = target.join("release/libtdx_bench.rlib");
    let bodies = bodies(&objdump(&["-d", "--no-show-raw-insn", "-M", "intel"], &rlib));
    let symbols = symbols(&objdump(&["-t"], &rlib));
    for pair in PAIRS {
        let place = |which: &str| {
            let name = format!("tdx_bench_{which}_{pair}");
            symbols.get(&name).cloned().unwrap_or_else(|| panic!("no symbol {name}"))
        };
        let (base, gen) = (place("base"), place("gen"));
        let code = |p: &Place| bodies.get(p).cloned().unwrap_or_else(|| panic!("no code at {p:?}"));
        let (base_code, gen_code) = (code(&base), code(&gen));
        assert!(base_code.iter().any(|i| i.starts_with("ret")), "{pair}: {base_code:?}");
        assert_eq!(gen_code, base_code, "{pair}: generated and hand-written machine code differ");
        // Identical functions are usually merged: the generated symbol is an alias of the hand-written one.
        let merged = if gen == base { "merged into one function" } else { "separate, identical" };
        println!("{pair}: {} instructions, {merged}: {}", base_code.len(), base_code.join("; "));
    }
}
