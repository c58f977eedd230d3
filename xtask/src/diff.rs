//! `diff`: compares two sets of tables at the model level and reports each
//! change with its class. Exit status: 0 when nothing breaks (or
//! `--allow-breaking`), 2 when something does, 1 when the tables cannot be read.

use crate::fail;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use tdx_codegen::diff::{diff, json, markdown, text};
use tdx_codegen::load::{self, TableSource};
use tdx_codegen::model::Model;
use tdx_codegen::validate;

/// How to print the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text, for a terminal.
    Text,
    /// Markdown with bit diagrams, for a pull-request comment.
    Markdown,
    /// JSON, for tools.
    Json,
}

/// Where the old tables come from.
pub enum Old {
    /// A directory.
    Dir(PathBuf),
    /// The tables directory at a git revision.
    Rev(String),
}

/// What `diff` was asked to do.
pub struct Options {
    /// The workspace (git) root.
    pub root: PathBuf,
    /// The old tables.
    pub old: Old,
    /// The new tables' directory.
    pub new: PathBuf,
    /// Output format.
    pub format: Format,
    /// Exit 0 even when a change breaks something.
    pub allow_breaking: bool,
}

const BREAKING: u8 = 2;

/// Runs the job.
pub fn run(opts: &Options) -> ExitCode {
    let old = match &opts.old {
        Old::Dir(dir) => read_dir(dir, &opts.root),
        Old::Rev(rev) => read_rev(&opts.root, rev, &opts.new),
    };
    let models = old.and_then(|old| Ok((model(&old, "old")?, model(&read_dir(&opts.new, &opts.root)?, "new")?)));
    let (old, new) = match models {
        Ok(m) => m,
        Err(message) => return fail(message),
    };
    let report = diff(&old, &new);
    let rendered = match opts.format {
        Format::Text => text(&report),
        Format::Markdown => markdown(&report),
        Format::Json => json(&report) + "\n",
    };
    print!("{rendered}");
    if report.is_breaking() && !opts.allow_breaking {
        eprintln!("error: breaking changes ({}); pass --allow-breaking to accept them", report.summary());
        return ExitCode::from(BREAKING);
    }
    ExitCode::SUCCESS
}

fn model(sources: &[TableSource], which: &str) -> Result<Model, String> {
    if sources.is_empty() {
        return Err(format!("error: the {which} tables are empty (no *.yaml files)"));
    }
    load::load(sources).and_then(validate::validate).map_err(|d| format!("error: the {which} tables are invalid:\n{d}"))
}

fn read_dir(dir: &Path, root: &Path) -> Result<Vec<TableSource>, String> {
    load::read_dir(dir, root).map_err(|e| format!("error: cannot read tables under {}: {e}", dir.display()))
}

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("error: cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!("error: `git {}` failed: {}", args.join(" "), err.trim()));
    }
    Ok(out.stdout)
}

/// The table files under `tables` (relative to the repository root) as they were at `rev`.
fn read_rev(root: &Path, rev: &str, tables: &Path) -> Result<Vec<TableSource>, String> {
    let rel = tables.strip_prefix(root).unwrap_or(tables);
    let rel = rel.to_string_lossy().replace('\\', "/");
    let listing = git(root, &["ls-tree", "-r", "-z", "--name-only", rev, "--", &rel])?;
    let mut paths: Vec<String> = listing
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .filter(|p| p.ends_with(".yaml") || p.ends_with(".yml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("error: no *.yaml tables under {rel} at {rev}"));
    }
    paths
        .into_iter()
        .map(|path| {
            let bytes = git(root, &["show", &format!("{rev}:{path}")])?;
            Ok(TableSource { display_path: format!("{path} @ {rev}"), bytes })
        })
        .collect()
}
