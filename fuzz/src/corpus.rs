//! Seed inputs: every table the project ships (valid ones, the bad-input
//! corpus, the diff fixtures), so mutations start near real tables.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

/// The seed table files under the workspace `root`, sorted.
pub fn tables(root: &Path) -> Vec<Vec<u8>> {
    let mut paths = Vec::new();
    for dir in ["spec-tables", "xtask/tests/bad_input", "xtask/tests/diff_cases", "examples/downstream/tables"] {
        collect(&root.join(dir), &mut paths);
    }
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}
