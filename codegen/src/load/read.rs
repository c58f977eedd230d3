//! Reading a table directory, bounded in time and memory, every error naming its path.

use super::TableSource;
use std::path::Path;

/// Limits that keep reading a table directory bounded in time and memory.
pub mod limits {
    /// Directory levels below the table root.
    pub const MAX_DEPTH: usize = 16;
    /// Table files in one tree.
    pub const MAX_FILES: usize = 4096;
    /// Bytes in one table file.
    pub const MAX_FILE_BYTES: u64 = 8 << 20;
}

/// Reads every `*.yaml` file under `dir` (recursively, sorted by path).
/// Paths are shown relative to `display_base`.
///
/// Hidden entries (`.name`, such as an editor's `.#table.yaml` lock link) are
/// skipped; a symlink is followed only to a regular file, never into a
/// directory (no cycles, no fan-out); anything else named `*.yaml` (a FIFO,
/// a dangling link) is an error naming it rather than a read that hangs.
/// Every error names the path it is about.
pub fn read_dir(dir: &Path, display_base: &Path) -> std::io::Result<Vec<TableSource>> {
    let mut paths = Vec::new();
    collect_yaml(dir, 0, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let shown = path.strip_prefix(display_base).unwrap_or(&path);
            let display_path =
                shown.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            Ok(TableSource { display_path, bytes: read_table(&path)? })
        })
        .collect()
}

/// `e` with the path it is about, so no error reads "No such file or directory" alone.
fn at(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn refuse(path: &Path, why: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{}: {why}", path.display()))
}

fn collect_yaml(dir: &Path, depth: usize, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    if depth > limits::MAX_DEPTH {
        return Err(refuse(dir, &format!("more than {} directory levels below the table root", limits::MAX_DEPTH)));
    }
    for entry in std::fs::read_dir(dir).map_err(|e| at(dir, e))? {
        let entry = entry.map_err(|e| at(dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        let shown = name.to_string_lossy();
        if shown.starts_with('.') {
            continue;
        }
        // The path is written into generated banners and diagnostics.
        if name.to_str().is_none() || shown.chars().any(char::is_control) {
            return Err(refuse(dir, &format!("the name {shown:?} is not printable UTF-8; rename it")));
        }
        let kind = entry.file_type().map_err(|e| at(&path, e))?;
        if kind.is_dir() {
            collect_yaml(&path, depth + 1, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            // Follows a symlink: the target must be a regular file.
            let meta = std::fs::metadata(&path).map_err(|e| at(&path, e))?;
            if !meta.is_file() {
                return Err(refuse(&path, "is not a regular file (tables are read from regular files only)"));
            }
            out.push(path);
            if out.len() > limits::MAX_FILES {
                return Err(refuse(dir, &format!("more than {} table files", limits::MAX_FILES)));
            }
        }
    }
    Ok(())
}

/// One table file's bytes, refusing files too large to be tables.
fn read_table(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| at(path, e))?;
    let mut bytes = Vec::new();
    // One byte past the limit tells a file at the limit from a larger one.
    file.take(limits::MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| at(path, e))?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(refuse(path, &format!("is larger than {} bytes", limits::MAX_FILE_BYTES)));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "layouts:\n  - name: W\n    width: 8\n    summary: s\n    source: {repo: a/b, path: c}\n    fields:\n      - {name: A, bits: \"7:0\", description: d, ref: r}\n";

    /// A fresh directory under the system's temp dir, removed on drop.
    struct Scratch(std::path::PathBuf);
    impl Scratch {
        fn new(tag: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("tdx-load-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
    }
    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn only_visible_yaml_files_are_read_and_links_never_lead_into_directories() {
        let s = Scratch::new("visible");
        let d = &s.0;
        std::fs::write(d.join("a.yaml"), GOOD).unwrap();
        std::fs::write(d.join("b.yml"), "not read").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/c.yaml"), GOOD).unwrap();
        #[cfg(unix)]
        {
            // An editor's lock file: a hidden, dangling link.
            std::os::unix::fs::symlink("user@host.1234:1", d.join(".#a.yaml")).unwrap();
            // A link back up the tree would fan out forever if followed.
            std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
            std::os::unix::fs::symlink(d.join("a.yaml"), d.join("linked.yaml")).unwrap();
        }
        let read = read_dir(d, d).unwrap();
        let names: Vec<&str> = read.iter().map(|t| t.display_path.as_str()).collect();
        let expected: &[&str] =
            if cfg!(unix) { &["a.yaml", "linked.yaml", "sub/c.yaml"] } else { &["a.yaml", "sub/c.yaml"] };
        assert_eq!(names, expected);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_dangling_link_is_an_error_naming_it_not_a_hang() {
        let s = Scratch::new("special");
        let d = &s.0;
        let fifo = d.join("pipe.yaml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let err = read_dir(d, d).unwrap_err().to_string();
        assert!(err.contains("pipe.yaml") && err.contains("not a regular file"), "{err}");
        std::fs::remove_file(&fifo).unwrap();
        std::os::unix::fs::symlink(d.join("gone.yaml"), d.join("dangling.yaml")).unwrap();
        let err = read_dir(d, d).unwrap_err().to_string();
        assert!(err.contains("dangling.yaml") && err.contains("No such file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_with_a_line_break_is_refused_by_name() {
        let s = Scratch::new("names");
        std::fs::write(s.0.join("a\nb.yaml"), GOOD).unwrap();
        let err = read_dir(&s.0, &s.0).unwrap_err().to_string();
        assert!(err.contains("\"a\\nb.yaml\" is not printable UTF-8"), "{err}");
    }

    #[test]
    fn oversized_files_and_deep_trees_are_refused() {
        let s = Scratch::new("limits");
        let d = &s.0;
        let big = d.join("big.yaml");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(limits::MAX_FILE_BYTES + 1).unwrap();
        let err = read_dir(d, d).unwrap_err().to_string();
        assert!(err.contains("big.yaml") && err.contains("larger than"), "{err}");
        std::fs::remove_file(&big).unwrap();
        let deep = (0..=limits::MAX_DEPTH + 1).fold(d.clone(), |p, i| p.join(i.to_string()));
        std::fs::create_dir_all(&deep).unwrap();
        let err = read_dir(d, d).unwrap_err().to_string();
        assert!(err.contains("directory levels"), "{err}");
    }
}
