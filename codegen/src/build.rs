//! The build-script API: generate tdx-abi-style code from your own tables in
//! `build.rs`, like prost-build, with the emitter `cargo xtask regen` uses.
//!
//! ```no_run
//! // In build.rs's `main`:
//! let out = tdx_codegen::Builder::new().table("tables/vendor.yaml").generate().expect("tables");
//! println!("cargo:warning=generated {}", out.display());
//! ```
//!
//! ```text
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/tdx_tables.rs"));
//! ```

use crate::downstream::expand_downstream;
use crate::emit::{banner, rust::format_file, GeneratedFile};
use crate::load::{read_dir, TableSource};
use crate::output;
use std::fmt;
use std::path::{Path, PathBuf};

/// Configures and runs code generation from a build script.
#[derive(Clone, Debug)]
pub struct Builder {
    tables: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    file_name: String,
    emit_rerun: bool,
}

/// Why generation failed.
#[derive(Debug)]
pub enum BuildError {
    /// Neither `out_dir` nor the `OUT_DIR` variable (set by cargo for build scripts) was given.
    NoOutDir,
    /// No table was named.
    NoTables,
    /// A table file or directory could not be read.
    Read(PathBuf, std::io::Error),
    /// The tables are invalid.
    Tables(crate::diag::Diagnostics),
    /// The output could not be formatted or written.
    Write(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoOutDir => {
                write!(f, "no output directory: call out_dir() or run from a build script (OUT_DIR)")
            }
            BuildError::NoTables => write!(f, "no tables: call table() with a YAML file or directory"),
            BuildError::Read(p, e) => write!(f, "cannot read {}: {e}", p.display()),
            BuildError::Tables(d) => f.write_str(&d.render(crate::downstream::NOTHING_GENERATED)),
            BuildError::Write(e) => write!(f, "cannot write the generated code: {e}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// A builder writing `tdx_tables.rs` to `$OUT_DIR`.
    pub fn new() -> Self {
        Builder { tables: Vec::new(), out_dir: None, file_name: "tdx_tables.rs".into(), emit_rerun: true }
    }

    /// Adds a table file, or a directory of `*.yaml` files, relative to the
    /// crate's `CARGO_MANIFEST_DIR` (or the current directory outside cargo).
    pub fn table(mut self, path: impl AsRef<Path>) -> Self {
        self.tables.push(path.as_ref().to_path_buf());
        self
    }

    /// Writes to `dir` instead of `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Names the generated file (default `tdx_tables.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for each table (default: yes).
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Self {
        self.emit_rerun = yes;
        self
    }

    /// Loads, validates and expands the tables, and writes the generated file
    /// atomically, only if its content changed. Returns the file's path.
    pub fn generate(self) -> Result<PathBuf, BuildError> {
        if self.tables.is_empty() {
            return Err(BuildError::NoTables);
        }
        let out_dir = self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
            .ok_or(BuildError::NoOutDir)?;
        let base = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
        let mut sources: Vec<TableSource> = Vec::new();
        for rel in &self.tables {
            let path = base.join(rel);
            if self.emit_rerun {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            if path.is_dir() {
                sources.extend(read_dir(&path, &base).map_err(|e| BuildError::Read(path.clone(), e))?);
            } else {
                let bytes = std::fs::read(&path).map_err(|e| BuildError::Read(path.clone(), e))?;
                sources.push(TableSource { display_path: rel.to_string_lossy().replace('\\', "/"), bytes });
            }
        }
        let items = expand_downstream(&sources).map_err(BuildError::Tables)?;
        let contents = format_file(&banner::rust("tables given to tdx_codegen::Builder"), items)
            .map_err(|e| BuildError::Write(e.to_string()))?;
        let file = GeneratedFile { path: self.file_name.clone(), contents };
        let plan =
            output::plan(&out_dir, std::slice::from_ref(&file), &[]).map_err(|e| BuildError::Write(e.to_string()))?;
        output::apply(&out_dir, &plan).map_err(|e| BuildError::Write(e.to_string()))?;
        Ok(out_dir.join(&self.file_name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORD: &str = "layouts:\n  - name: W\n    width: 8\n    summary: s\n    source: {repo: a/b, path: c}\n    fields:\n      - {name: A, bits: \"7:0\", description: d, ref: r}\n";

    fn setup() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tables")).unwrap();
        std::fs::write(dir.path().join("tables/w.yaml"), WORD).unwrap();
        dir
    }

    #[test]
    fn writes_the_expansion_once_and_only_rewrites_on_change() {
        let dir = setup();
        let table = dir.path().join("tables/w.yaml");
        let b = || Builder::new().table(&table).out_dir(dir.path().join("out")).emit_rerun_if_changed(false);
        let path = b().generate().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("pub struct W(u8);") && text.contains("@generated"), "{text}");
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        b().generate().unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            modified,
            "unchanged output is not rewritten"
        );
        std::fs::write(&table, WORD.replace("name: A", "name: B")).unwrap();
        b().generate().unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().contains("pub const fn b(self)"));
    }

    #[test]
    fn bad_tables_and_missing_inputs_are_errors_and_write_nothing() {
        let dir = setup();
        std::fs::write(dir.path().join("tables/w.yaml"), WORD.replace("7:0", "8:0")).unwrap();
        let out = dir.path().join("out");
        let err = Builder::new()
            .table(dir.path().join("tables"))
            .out_dir(&out)
            .emit_rerun_if_changed(false)
            .generate()
            .unwrap_err();
        assert!(err.to_string().contains("reaches bit 8"), "{err}");
        assert!(!out.exists(), "nothing written");
        assert!(matches!(Builder::new().out_dir(&out).generate(), Err(BuildError::NoTables)));
        let missing =
            Builder::new().table(dir.path().join("nope.yaml")).out_dir(&out).emit_rerun_if_changed(false).generate();
        assert!(matches!(missing, Err(BuildError::Read(..))));
    }
}
