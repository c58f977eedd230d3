//! The bundled tables without what only tdx-abi may define (status codes,
//! operand IDs, TDG.VP.VMCALL statuses) expand for a downstream crate: the
//! set `scripts/measure-macro-cost.sh` copies into its macro consumer. A table
//! that starts naming another (as leaves came to name structs) must not leave
//! that set unable to stand alone.

use std::path::Path;
use tdx_codegen::downstream::{expand_downstream, NOTHING_GENERATED};
use tdx_codegen::load::read_dir;

/// Files only tdx-abi's own tables may hold.
fn only_tdx_abi(display_path: &str) -> bool {
    display_path.starts_with("spec-tables/status/") || display_path == "spec-tables/tdvmcall/statuses.yaml"
}

#[test]
fn the_bundled_tables_but_status_expand_downstream() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let all = read_dir(&root.join("spec-tables"), root).unwrap();
    let subset: Vec<_> = all.iter().filter(|s| !only_tdx_abi(&s.display_path)).cloned().collect();
    assert!(subset.len() < all.len() && subset.iter().any(|s| s.display_path.starts_with("spec-tables/structs/")));
    if let Err(d) = expand_downstream(&subset) {
        panic!("{}", d.render(NOTHING_GENERATED));
    }
    // Leaving out the structs breaks it: the leaves name them.
    let without_structs: Vec<_> =
        subset.iter().filter(|s| !s.display_path.starts_with("spec-tables/structs/")).cloned().collect();
    assert!(expand_downstream(&without_structs).is_err());
}
