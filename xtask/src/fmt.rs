//! `fmt` and `fmt --check`: the table files in one canonical form, comments kept.

use crate::fail;
use std::path::PathBuf;
use std::process::ExitCode;
use tdx_codegen::{load, output};

/// What `fmt` was asked to do.
pub struct Options {
    /// Paths are shown relative to this directory.
    pub root: PathBuf,
    /// Directory of table files.
    pub tables: PathBuf,
    /// Only report files not in canonical form.
    pub check: bool,
}

/// Runs the job; every failure is a message on stderr and exit status 1.
pub fn run(opts: &Options) -> ExitCode {
    let sources = match load::read_dir(&opts.tables, &opts.root) {
        Ok(s) => s,
        Err(e) => return fail(format!("error: cannot read tables under {}: {e}", opts.tables.display())),
    };
    let formatted = match load::format(&sources) {
        Ok(f) => f,
        Err(diags) => return fail(diags.render("nothing was formatted")),
    };
    let changed: Vec<(&load::TableSource, &String)> =
        sources.iter().zip(&formatted).filter(|(s, text)| s.bytes != text.as_bytes()).collect();
    if opts.check {
        if changed.is_empty() {
            println!("fmt --check: {} table files in canonical form", sources.len());
            return ExitCode::SUCCESS;
        }
        let mut msg = String::from("error: table files not in canonical form; run `cargo xtask fmt`:\n");
        for (s, _) in &changed {
            msg += &format!("  {}\n", s.display_path);
        }
        return fail(msg.trim_end());
    }
    for (s, text) in &changed {
        if let Err(e) = output::write_atomic(&opts.root.join(&s.display_path), text) {
            return fail(format!("error: writing {} failed: {e}", s.display_path));
        }
        println!("  formatted {}", s.display_path);
    }
    println!("fmt: {} table files, {} reformatted", sources.len(), changed.len());
    ExitCode::SUCCESS
}
