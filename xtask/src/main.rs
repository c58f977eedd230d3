//! `cargo xtask`: the project's jobs.
//!
//! - `cargo xtask regen` regenerates tdx-abi's checked-in bindings from `spec-tables/`.
//! - `cargo xtask regen --check` changes nothing and fails, naming stale files, if they drifted.

mod regen;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "tdx-abi project jobs", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        /// Workspace root the output paths are relative to (default: this workspace).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Regen { check, tables, root } => {
            let root = root.unwrap_or_else(workspace_root);
            let tables = tables.unwrap_or_else(|| root.join("spec-tables"));
            regen::run(&regen::Options { root, tables, check })
        }
    }
}
