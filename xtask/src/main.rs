//! `cargo xtask`: the project's jobs.
//!
//! - `cargo xtask regen` regenerates tdx-abi's checked-in bindings from `spec-tables/`.
//! - `cargo xtask regen --check` changes nothing and fails, naming stale files, if they drifted.
//! - `cargo xtask diff --against REV` / `cargo xtask diff OLD_DIR NEW_DIR` reviews table changes.
//! - `cargo xtask import-intel-json FILE` writes or updates a metadata table from Intel's ABI JSON.
//! - `cargo xtask bench` runs the benchmarks and writes BENCHMARKS.md.

mod bench;
mod bench_build_cost;
mod bench_first_test;
mod bench_svd2rust;
mod diff;
mod fmt;
mod import;
mod regen;
mod root;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "tdx-abi project jobs", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Workspace root every path is relative to (default: the workspace the command runs in).
    #[arg(long, value_name = "DIR", global = true)]
    root: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate tdx-abi's bindings and C header from the spec tables.
    Regen {
        /// Change nothing; exit 1 and name the stale files if the output drifted.
        #[arg(long)]
        check: bool,
        /// Directory of table files (default: ROOT/spec-tables).
        #[arg(long, value_name = "DIR")]
        tables: Option<PathBuf>,
    },
    /// Rewrite the table files in one canonical form (key order, quoting, wrapping), keeping comments.
    Fmt {
        /// Change nothing; exit 1 and name the files that are not in canonical form.
        #[arg(long)]
        check: bool,
        /// Directory of table files (default: ROOT/spec-tables).
        #[arg(long, value_name = "DIR")]
        tables: Option<PathBuf>,
    },
    /// Compare two sets of tables and classify every change (exit 2 if any breaks something).
    #[command(group(clap::ArgGroup::new("old").required(true).args(["against", "old_dir"])))]
    Diff {
        /// Compare the tables at this git revision with the working tree's.
        #[arg(long, value_name = "REV", conflicts_with = "old_dir")]
        against: Option<String>,
        /// The old tables' directory.
        #[arg(value_name = "OLD_DIR", requires = "new_dir")]
        old_dir: Option<PathBuf>,
        /// The new tables' directory (default, with --against: ROOT/spec-tables).
        #[arg(value_name = "NEW_DIR")]
        new_dir: Option<PathBuf>,
        /// Output: text for a terminal, markdown for a pull-request comment, json for tools.
        #[arg(long, value_enum, default_value = "text")]
        format: diff::Format,
        /// Exit 0 even when a change is wire- or source-breaking.
        #[arg(long)]
        allow_breaking: bool,
    },
    /// Run the benchmarks (tdx-bench) and write BENCHMARKS.md with ratios to the hand-written baseline.
    Bench {
        /// Short warm-up and measurement, for a quick look.
        #[arg(long)]
        quick: bool,
        /// Do not rerun the layout and generator benchmarks; rewrite BENCHMARKS.md from their
        /// last results (running any other comparison asked for).
        #[arg(long)]
        report_only: bool,
        /// Also compare a consumer's clean build through the proc-macro with bitfield-struct (minutes).
        #[arg(long)]
        build_cost: bool,
        /// Also compare the generator with svd2rust on 10 000 fields (installs svd2rust if missing).
        #[arg(long)]
        svd2rust: bool,
        /// Also time a first `cargo test --workspace` here and at REV, in clean checkouts (many minutes).
        #[arg(long, value_name = "REV")]
        first_test_run: Option<String>,
    },
    /// Write or update a metadata table from Intel's TDX ABI JSON, keeping hand-written notes.
    ImportIntelJson {
        /// The JSON file ({"Header": {...}, "Fields": [...]}).
        file: PathBuf,
        /// Table file to write (default: `ROOT/spec-tables/metadata/<file stem>.yaml`).
        #[arg(long, value_name = "YAML")]
        into: Option<PathBuf>,
        /// The document the entries cite.
        #[arg(long, default_value = "Intel TDX module ABI tables (JSON)")]
        document: String,
        /// Drop entries of the existing file that the JSON does not list.
        #[arg(long)]
        prune: bool,
    },
}

/// Prints `message` on stderr and returns exit status 1: how every job reports a failure.
pub(crate) fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let Cli { command, root } = Cli::parse();
    // `--root` wins; otherwise the workspace the command runs in.
    let root = match root.map_or_else(root::current, Ok) {
        Ok(root) => root,
        Err(e) => return fail(e),
    };
    match command {
        Command::Regen { check, tables } => {
            let tables = tables.unwrap_or_else(|| root.join("spec-tables"));
            regen::run(&regen::Options { root, tables, check })
        }
        Command::Fmt { check, tables } => {
            let tables = tables.unwrap_or_else(|| root.join("spec-tables"));
            fmt::run(&fmt::Options { root, tables, check })
        }
        Command::Diff { against, old_dir, new_dir, format, allow_breaking } => {
            let new = new_dir.unwrap_or_else(|| root.join("spec-tables"));
            let old = match (against, old_dir) {
                (Some(rev), _) => diff::Old::Rev(rev),
                (None, Some(dir)) => diff::Old::Dir(dir),
                // clap's group requires one of them.
                (None, None) => diff::Old::Rev("HEAD".into()),
            };
            diff::run(&diff::Options { root, old, new, format, allow_breaking })
        }
        Command::Bench { quick, report_only, build_cost, svd2rust, first_test_run } => {
            bench::run(&bench::Options { root, quick, report_only, build_cost, svd2rust, first_test_run })
        }
        Command::ImportIntelJson { file, into, document, prune } => {
            import::run(&import::Options { root, json: file, into, document, prune })
        }
    }
}
