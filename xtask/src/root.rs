//! The workspace a job works on: found from where the command runs, never
//! baked in at build time (a binary built in one checkout, through a shared
//! `CARGO_TARGET_DIR`, must not touch another checkout's tree).

use std::path::{Path, PathBuf};

/// The nearest directory at or above `start` whose Cargo.toml declares a `[workspace]`.
pub fn find_from(start: &Path) -> Option<PathBuf> {
    start.ancestors().find(|dir| is_workspace_root(dir)).map(Path::to_path_buf)
}

fn is_workspace_root(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|toml| toml.lines().any(|line| line.trim() == "[workspace]"))
}

/// The workspace root for the current directory, or a message saying why there is none.
pub fn current() -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("error: cannot read the current directory: {e}"))?;
    find_from(&cwd).ok_or_else(|| {
        format!(
            "error: {} is not inside a Cargo workspace (no Cargo.toml with [workspace] above it); run from the checkout or pass --root",
            cwd.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_workspace_above_the_start_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("checkout");
        let member = root.join("tdx-abi/src");
        std::fs::create_dir_all(&member).unwrap();
        std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
        std::fs::write(root.join("tdx-abi/Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
        assert_eq!(find_from(&member), Some(root.clone()));
        assert_eq!(find_from(&root), Some(root));
        assert_eq!(find_from(dir.path()), None);
    }
}
