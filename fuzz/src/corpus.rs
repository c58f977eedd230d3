//! Seed inputs: every table the project ships (valid ones, the bad-input
//! corpus, the diff fixtures), so mutations start near real tables.

use std::path::Path;
use tdx_codegen::load;

/// The seed table files under the workspace `root`, each directory sorted by path.
pub fn tables(root: &Path) -> Vec<Vec<u8>> {
    ["spec-tables", "xtask/tests/bad_input", "xtask/tests/diff_cases", "examples/downstream/tables"]
        .iter()
        .flat_map(|dir| load::read_dir(&root.join(dir), root).unwrap_or_default())
        .map(|source| source.bytes)
        .collect()
}
