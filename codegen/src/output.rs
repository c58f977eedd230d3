//! Writing generated files: atomically, only when their content changed,
//! never over a file the generator did not write, and removing generated
//! files whose layout is gone.

use crate::emit::{banner, GeneratedFile};
use std::io;
use std::path::{Path, PathBuf};

/// What a run would change under an output root.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files to create or rewrite, with their new contents.
    pub write: Vec<GeneratedFile>,
    /// Generated files no longer produced (relative paths).
    pub remove: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl Plan {
    /// True when the tree already matches the generator's output.
    pub fn is_empty(&self) -> bool {
        self.write.is_empty() && self.remove.is_empty()
    }

    /// Every path the plan touches, sorted.
    pub fn stale_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> =
            self.write.iter().map(|f| f.path.clone()).chain(self.remove.iter().cloned()).collect();
        paths.sort();
        paths
    }
}

fn full(root: &Path, rel: &str) -> PathBuf {
    rel.split('/').fold(root.to_path_buf(), |p, part| p.join(part))
}

fn refuse(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "{} exists and was not written by the generator (no @generated header); move it away, then regenerate",
            path.display()
        ),
    )
}

/// Compares `files` with the tree under `root`. Generated `.rs` files under
/// any of `owned_dirs` that `files` no longer lists are planned for removal.
pub fn plan(root: &Path, files: &[GeneratedFile], owned_dirs: &[&str]) -> io::Result<Plan> {
    let mut plan = Plan::default();
    for file in files {
        let path = full(root, &file.path);
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == file.contents => plan.unchanged += 1,
            Ok(existing) if !banner::is_generated(&existing) => return Err(refuse(&path)),
            Ok(_) => plan.write.push(file.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => plan.write.push(file.clone()),
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        }
    }
    for dir in owned_dirs {
        let Ok(entries) = std::fs::read_dir(full(root, dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            let rel = format!("{dir}/{}", path.file_name().unwrap_or_default().to_string_lossy());
            let ours = std::fs::read_to_string(&path).map(|c| banner::is_generated(&c)).unwrap_or(false);
            if ours && path.extension().is_some_and(|e| e == "rs") && !files.iter().any(|f| f.path == rel) {
                plan.remove.push(rel);
            }
        }
    }
    plan.remove.sort();
    Ok(plan)
}

/// Writes `contents` to a temporary file beside `path`, syncs it to disk and
/// renames it into place, creating the directory if needed: for files a person
/// wrote (tables, reports), which a crash must not leave empty.
pub fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    write_via_rename(path, contents, true)
}

/// The same without the sync, for generated files: the rename alone keeps a
/// reader from ever seeing half a file, and a file a crash leaves stale is
/// written again by the next run (regen --check notices it).
pub fn write_generated(path: &Path, contents: &str) -> io::Result<()> {
    write_via_rename(path, contents, false)
}

fn write_via_rename(path: &Path, contents: &str, durable: bool) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tdx-codegen-").tempfile_in(dir)?;
    io::Write::write_all(&mut tmp, contents.as_bytes())?;
    if durable {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Carries out `plan`: each file is written to a temporary file beside it and
/// renamed into place, so a reader never sees half a file.
pub fn apply(root: &Path, plan: &Plan) -> io::Result<()> {
    for file in &plan.write {
        write_generated(&full(root, &file.path), &file.contents)?;
    }
    for rel in &plan.remove {
        std::fs::remove_file(full(root, rel))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, body: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: format!("{}{body}", banner::rust("t.yaml")) }
    }

    #[test]
    fn writes_new_and_changed_files_only() {
        let root = tempfile::tempdir().unwrap();
        let files = [file("gen/a.rs", "a"), file("gen/b.rs", "b")];
        let first = plan(root.path(), &files, &["gen"]).unwrap();
        assert_eq!(first.stale_paths(), ["gen/a.rs", "gen/b.rs"]);
        apply(root.path(), &first).unwrap();
        assert!(plan(root.path(), &files, &["gen"]).unwrap().is_empty());

        let changed = [file("gen/a.rs", "a2"), file("gen/b.rs", "b")];
        let second = plan(root.path(), &changed, &["gen"]).unwrap();
        assert_eq!((second.stale_paths(), second.unchanged), (vec!["gen/a.rs".to_string()], 1));
        apply(root.path(), &second).unwrap();
        assert!(std::fs::read_to_string(root.path().join("gen/a.rs")).unwrap().ends_with("a2"));
        let leftovers: Vec<_> =
            std::fs::read_dir(root.path().join("gen")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers.len(), 2, "no temporary files remain: {leftovers:?}");
    }

    #[test]
    fn removes_generated_files_that_are_no_longer_produced_but_keeps_hand_written_ones() {
        let root = tempfile::tempdir().unwrap();
        apply(root.path(), &plan(root.path(), &[file("gen/a.rs", "a"), file("gen/old.rs", "o")], &["gen"]).unwrap())
            .unwrap();
        std::fs::write(root.path().join("gen/mine.rs"), "// hand-written\n").unwrap();
        let p = plan(root.path(), &[file("gen/a.rs", "a")], &["gen"]).unwrap();
        assert_eq!(p.remove, ["gen/old.rs"]);
        apply(root.path(), &p).unwrap();
        assert!(!root.path().join("gen/old.rs").exists());
        assert!(root.path().join("gen/mine.rs").exists());
    }

    #[test]
    fn refuses_to_overwrite_a_file_it_did_not_write() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("gen")).unwrap();
        std::fs::write(root.path().join("gen/a.rs"), "// mine\n").unwrap();
        let err = plan(root.path(), &[file("gen/a.rs", "a")], &["gen"]).unwrap_err();
        assert!(err.to_string().contains("was not written by the generator"), "{err}");
        assert_eq!(std::fs::read_to_string(root.path().join("gen/a.rs")).unwrap(), "// mine\n");
    }
}
