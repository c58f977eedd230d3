//! `regen` and `regen --check`.

use crate::fail;
use std::path::PathBuf;
use std::process::ExitCode;
use tdx_codegen::emit::{emit, EmitConfig};
use tdx_codegen::{load, output, validate};

/// What `regen` was asked to do.
pub struct Options {
    /// Output paths are relative to this directory.
    pub root: PathBuf,
    /// Directory of table files.
    pub tables: PathBuf,
    /// Only report drift.
    pub check: bool,
}

/// Runs the job; every failure is a message on stderr and exit status 1.
pub fn run(opts: &Options) -> ExitCode {
    let shown = opts.tables.strip_prefix(&opts.root).unwrap_or(&opts.tables).display().to_string();
    let sources = match load::read_dir(&opts.tables, &opts.root) {
        Ok(s) if s.is_empty() => {
            return fail(format!(
                "error: no *.yaml tables under {shown}/ (tables are named *.yaml; *.yml and hidden files are not read)\nnothing was written"
            ))
        }
        Ok(s) => s,
        Err(e) => return fail(format!("error: cannot read tables under {}: {e}", opts.tables.display())),
    };
    let model = match load::load(&sources).and_then(validate::validate) {
        Ok(m) => m,
        Err(diags) => return fail(diags),
    };
    let config = EmitConfig::tdx_abi();
    let files = match emit(&model, &config) {
        Ok(f) => f,
        Err(e) => return fail(format!("error: {e}")),
    };
    let owned = config.owned_dirs();
    let owned: Vec<&str> = owned.iter().map(String::as_str).collect();
    let plan = match output::plan(&opts.root, &files, &owned) {
        Ok(p) => p,
        Err(e) => return fail(format!("error: {e}")),
    };
    let fields: usize = model.layouts.values().map(|l| l.fields.len()).sum();
    let members: usize = model.structs.values().map(|s| s.members.len()).sum();
    let read = format!(
        "{} table files: {} layouts ({fields} fields), {} structs ({members} members), {} leaves ({} TDCALL), {} TDG.VP.VMCALL sub-functions, {} status codes ({} TDVMCALL), {} operand IDs, {} metadata fields",
        sources.len(),
        model.layouts.len(),
        model.structs.len(),
        model.leaves.len() + model.tdcalls.len(),
        model.tdcalls.len(),
        model.tdvmcalls.len(),
        model.status_codes.len() + model.tdvmcall_statuses.len(),
        model.tdvmcall_statuses.len(),
        model.operand_ids.len(),
        model.metadata_fields.len()
    );
    if opts.check {
        if plan.is_empty() {
            println!("regen --check: {} generated files up to date ({read})", files.len());
            return ExitCode::SUCCESS;
        }
        let mut msg = String::from("error: generated files are stale; run `cargo xtask regen`:\n");
        for p in plan.stale_paths() {
            msg += &format!("  {p}\n");
        }
        return fail(msg.trim_end());
    }
    if let Err(e) = output::apply(&opts.root, &plan) {
        return fail(format!("error: writing generated files failed: {e}"));
    }
    println!("regen: read {read}; generated {} files", files.len());
    for f in &plan.write {
        println!("  wrote   {}", f.path);
    }
    for p in &plan.remove {
        println!("  removed {p}");
    }
    println!("  {} unchanged", plan.unchanged);
    ExitCode::SUCCESS
}
