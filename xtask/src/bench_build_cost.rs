//! `bench --build-cost`: what defining layouts through the proc-macro costs a
//! consumer's clean build, against the same consumer written with
//! bitfield-struct. Two throwaway crates define the seed's two layouts
//! (HPA_LIST_INFO, HPA_ARRAY_T) each way; each is built from an empty target
//! directory, the builds alternating, and the ratio of their median wall times is
//! reported. Needs the crates in cargo's registry cache (it builds offline).
//!
//! A user's consumer takes tdx-codegen-macros from crates.io, and cargo never
//! builds a registry dependency incrementally; the throwaway crates reach ours by
//! path, which cargo would build incrementally (slower from empty: it also
//! writes the incremental cache). So the headline builds run with
//! `CARGO_INCREMENTAL=0`, as cargo builds published dependencies, for both
//! consumers alike; the path-dependency build is reported beside it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The two layouts as a table file for `include_tables!`.
const TABLES: &str = r#"source: {document: "Linux TDX Connect series v2, [PATCH v2 03/31]", section: "tdx_page_array helpers"}
layouts:
  - name: HPA_LIST_INFO
    width: 64
    summary: A list page of host physical addresses, with a resume cursor.
    source: {document: "Linux TDX Connect series v2, [PATCH v2 03/31]", section: "HPA_LIST_INFO"}
    fields:
      - {name: FIRST_ENTRY, bits: "11:3", description: Index of the first entry to process., ref: HPA_LIST_INFO_FIRST_ENTRY}
      - {name: PFN, bits: "51:12", kind: hpa_pfn, description: Frame of the list page., ref: HPA_LIST_INFO_PFN}
      - {name: LAST_ENTRY, bits: "63:55", description: Entry count minus one., ref: HPA_LIST_INFO_LAST_ENTRY}
    reserved: ["2:0", "54:52"]
  - name: HPA_ARRAY_T
    width: 64
    summary: A list page of host physical addresses; one page in place.
    source: {document: "Linux TDX Connect series v2, [PATCH v2 03/31]", section: "HPA_ARRAY_T"}
    fields:
      - {name: PFN, bits: "51:12", kind: hpa_pfn, description: Frame of the list page or of the one page., ref: HPA_ARRAY_T_PFN}
      - {name: SIZE, bits: "63:55", description: Entry count minus one., ref: HPA_ARRAY_T_SIZE}
    reserved: ["11:0", "54:52"]
"#;

/// The same two layouts with bitfield-struct.
const BITFIELD_LIB: &str = r#"use bitfield_struct::bitfield;

/// HPA_LIST_INFO.
#[bitfield(u64)]
pub struct HpaListInfo {
    #[bits(3)]
    __: u8,
    #[bits(9)]
    pub first_entry: u16,
    #[bits(40)]
    pub pfn: u64,
    #[bits(3)]
    __: u8,
    #[bits(9)]
    pub last_entry: u16,
}

/// HPA_ARRAY_T.
#[bitfield(u64)]
pub struct HpaArrayT {
    #[bits(12)]
    __: u16,
    #[bits(40)]
    pub pfn: u64,
    #[bits(3)]
    __: u8,
    #[bits(9)]
    pub size: u16,
}
"#;

/// Writes the two consumer crates under `dir` and returns their directories.
fn write_consumers(root: &Path, dir: &Path) -> std::io::Result<[PathBuf; 2]> {
    let manifest = |name: &str, deps: &str| {
        format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{deps}\n[workspace]\n")
    };
    let macro_dir = dir.join("through-macro");
    std::fs::create_dir_all(macro_dir.join("src"))?;
    let path = |p: &str| root.join(p).display().to_string();
    std::fs::write(
        macro_dir.join("Cargo.toml"),
        manifest(
            "through-macro",
            &format!(
                "tdx-abi = {{ path = \"{}\" }}\ntdx-codegen-macros = {{ path = \"{}\" }}\n",
                path("tdx-abi"),
                path("codegen/macros")
            ),
        ),
    )?;
    std::fs::write(macro_dir.join("tables.yaml"), TABLES)?;
    std::fs::write(
        macro_dir.join("src/lib.rs"),
        "//! The seed's two layouts through the proc-macro.\ntdx_codegen_macros::include_tables!(\"tables.yaml\");\n",
    )?;
    let bitfield_dir = dir.join("bitfield-struct");
    std::fs::create_dir_all(bitfield_dir.join("src"))?;
    std::fs::write(bitfield_dir.join("Cargo.toml"), manifest("with-bitfield-struct", "bitfield-struct = \"0.13\"\n"))?;
    std::fs::write(bitfield_dir.join("src/lib.rs"), BITFIELD_LIB)?;
    // One lock file each, resolved from what the workspace already uses.
    for d in [&macro_dir, &bitfield_dir] {
        std::fs::copy(root.join("Cargo.lock"), d.join("Cargo.lock"))?;
    }
    Ok([macro_dir, bitfield_dir])
}

/// How the consumer's dependencies are built.
#[derive(Clone, Copy)]
enum Deps {
    /// As cargo builds crates.io dependencies: not incrementally.
    AsPublished,
    /// As cargo builds path dependencies: incrementally.
    ByPath,
}

/// Seconds for a clean `cargo build` of the crate at `dir`.
fn clean_build(cargo: &str, dir: &Path, deps: Deps) -> Result<f64, String> {
    let target = dir.join("target");
    std::fs::remove_dir_all(&target).ok();
    let mut command = Command::new(cargo);
    command.current_dir(dir).env("CARGO_TARGET_DIR", &target).env_remove("RUSTFLAGS");
    match deps {
        Deps::AsPublished => command.env("CARGO_INCREMENTAL", "0"),
        Deps::ByPath => command.env_remove("CARGO_INCREMENTAL"),
    };
    let start = Instant::now();
    let out = command.args(["build", "--offline", "-q"]).output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let secs = start.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!("building {} failed:\n{}", dir.display(), String::from_utf8_lossy(&out.stderr)));
    }
    Ok(secs)
}

/// The median of `v` (at least one value).
pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The Markdown section: the medians and their ratios to bitfield-struct, after
/// `rounds` builds each, in an order rotated from round to round.
pub fn measure(cargo: &str, root: &Path, scratch: &Path, rounds: usize) -> Result<String, String> {
    let [through_macro, bitfield] =
        write_consumers(root, scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let builds = [(&bitfield, Deps::AsPublished), (&through_macro, Deps::AsPublished), (&through_macro, Deps::ByPath)];
    let mut times = vec![Vec::new(); builds.len()];
    for round in 0..rounds {
        // Rotate which goes first, so none always builds on a warmer machine.
        for k in 0..builds.len() {
            let i = (round + k) % builds.len();
            let (dir, deps) = builds[i];
            times[i].push(clean_build(cargo, dir, deps)?);
        }
    }
    let [base, published, by_path] = [0, 1, 2].map(|i| median(std::mem::take(&mut times[i])));
    Ok(format!(
        "\n## Build cost of the proc-macro path\n\nA clean `cargo build` (debug, empty target directory) of a crate defining the seed's two layouts, \
         {rounds} builds each, in rotated order; median wall time. The macro consumer also builds tdx-abi, which its generated code names. \
         Dependencies are built as cargo builds crates.io dependencies (`CARGO_INCREMENTAL=0`, for both consumers); the last row reaches \
         tdx-codegen-macros and tdx-abi by path, which cargo builds incrementally.\n\n\
         | consumer | clean build | ratio |\n|---|---:|---:|\n| bitfield-struct | {base:.1} s | 1.000 |\n| `include_tables!` | {published:.1} s | {:.3} |\n\
         | `include_tables!`, path dependencies | {by_path:.1} s | {:.3} |\n",
        published / base,
        by_path / base
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_consumers_define_the_same_layouts() {
        let dir = tempfile::tempdir().unwrap();
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
        let [m, b] = write_consumers(&root, dir.path()).unwrap();
        assert!(std::fs::read_to_string(m.join("tables.yaml")).unwrap().contains("HPA_ARRAY_T"));
        let lib = std::fs::read_to_string(b.join("src/lib.rs")).unwrap();
        assert!(lib.contains("pub struct HpaListInfo") && lib.contains("pub struct HpaArrayT"));
        // The tables load and validate: the macro consumer would compile.
        let source =
            tdx_codegen::load::TableSource { display_path: "tables.yaml".into(), bytes: TABLES.as_bytes().to_vec() };
        let model = tdx_codegen::load::load(&[source]).and_then(tdx_codegen::validate::validate);
        assert!(model.is_ok(), "{:?}", model.err().map(|d| d.to_string()));
        // bitfield-struct's widths add up to 64 per layout, as its macro requires.
        let widths: Vec<u32> =
            lib.lines().filter_map(|l| l.trim().strip_prefix("#[bits(")?.strip_suffix(")]")?.parse().ok()).collect();
        assert_eq!(widths.iter().take(5).sum::<u32>(), 64);
        assert_eq!(widths.iter().skip(5).sum::<u32>(), 64);
    }
}
