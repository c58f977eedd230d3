//! `import-intel-json`: writes or updates a metadata table file from Intel's
//! TDX ABI JSON. The result is validated together with every other table
//! before anything is written; on any error nothing is written.

use crate::fail;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tdx_codegen::import::{parse, render, Existing};
use tdx_codegen::load::{self, TableSource};
use tdx_codegen::{output, validate};

/// What `import-intel-json` was asked to do.
pub struct Options {
    /// Workspace root (tables live in ROOT/spec-tables).
    pub root: PathBuf,
    /// The JSON file.
    pub json: PathBuf,
    /// The table file to write (default: `ROOT/spec-tables/metadata/<json stem>.yaml`).
    pub into: Option<PathBuf>,
    /// The document the entries cite.
    pub document: String,
    /// Drop entries the JSON does not list.
    pub prune: bool,
}

fn shown(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Where an import without `--into` goes: the one table file under
/// `spec-tables/` that already defines some of the JSON's fields (by name or
/// ID), so importing Intel's `global_metadata.json` updates the bundled
/// `global_fields.yaml` instead of duplicating it; with no such file, a new
/// `metadata/<json stem>.yaml`.
fn default_target(opts: &Options, json: &tdx_codegen::import::IntelJson) -> Result<PathBuf, String> {
    let tables_dir = opts.root.join("spec-tables");
    let sources = if tables_dir.is_dir() {
        load::read_dir(&tables_dir, &opts.root)
            .map_err(|e| format!("error: cannot read tables under {}: {e}", tables_dir.display()))?
    } else {
        Vec::new()
    };
    let names: BTreeSet<&str> = json.fields.iter().map(|f| f.name.as_str()).collect();
    let ids: BTreeSet<u64> = json.fields.iter().map(|f| f.field_id).collect();
    let mut holders = BTreeSet::new();
    for source in &sources {
        // A file that does not load is left to the validation of the result.
        let Ok(tables) = load::load(std::slice::from_ref(source)) else { continue };
        if tables.metadata_fields.iter().any(|m| names.contains(m.name.as_str()) || ids.contains(&m.field_id)) {
            holders.insert(source.display_path.clone());
        }
    }
    match holders.len() {
        0 => {
            let stem =
                opts.json.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "imported".into());
            Ok(tables_dir.join("metadata").join(format!("{stem}.yaml")))
        }
        1 => {
            let file = holders.pop_first().unwrap_or_default();
            println!("import-intel-json: {file} already defines fields of this JSON; updating it");
            Ok(opts.root.join(file))
        }
        _ => Err(format!(
            "error: the JSON's fields are spread over {} table files ({}); name the one to update with --into",
            holders.len(),
            holders.into_iter().collect::<Vec<_>>().join(", ")
        )),
    }
}

/// Runs the job.
pub fn run(opts: &Options) -> ExitCode {
    let json_name = opts.json.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = match std::fs::read(&opts.json) {
        Ok(b) => b,
        Err(e) => return fail(format!("error: cannot read {}: {e}", opts.json.display())),
    };
    let parsed = match parse(&opts.json.display().to_string(), &bytes) {
        Ok(p) => p,
        Err(e) => return fail(format!("{e}\nnothing was written")),
    };
    let into = match &opts.into {
        Some(into) => into.clone(),
        None => match default_target(opts, &parsed) {
            Ok(into) => into,
            Err(e) => return fail(format!("{e}\nnothing was written")),
        },
    };
    let into_shown = shown(&into, &opts.root);

    // What the target already holds: its notes, and entries the JSON lacks.
    let mut existing = Existing::default();
    let imported: BTreeSet<&str> = parsed.fields.iter().map(|f| f.name.as_str()).collect();
    let mut dropped = Vec::new();
    if let Ok(old) = std::fs::read(&into) {
        let source = TableSource { display_path: into_shown.clone(), bytes: old };
        let tables = match load::load(&[source]) {
            Ok(t) => t,
            Err(d) => return fail(format!("{d}\nthe existing {into_shown} cannot be read, so it is left as it is")),
        };
        for f in tables.metadata_fields {
            if let Some(note) = &f.note {
                existing.notes.insert(f.name.clone(), note.clone());
            }
            if let Some(id) = f.linux_field_id {
                existing.linux_ids.insert(f.name.clone(), id);
            }
            if let Some(since) = &f.since {
                existing.since.insert(f.name.clone(), since.clone());
            }
            if !imported.contains(f.name.as_str()) {
                if opts.prune {
                    dropped.push(f.name.clone());
                } else {
                    existing.kept.push(f);
                }
            }
        }
    }
    let text = match render(&parsed, &json_name, &opts.document, &existing) {
        Ok(t) => t,
        Err(e) => return fail(format!("error: {e}\nnothing was written")),
    };

    // Validate the new file together with every other table.
    let tables_dir = opts.root.join("spec-tables");
    let mut sources: Vec<TableSource> = load::read_dir(&tables_dir, &opts.root)
        .unwrap_or_default()
        .into_iter()
        .filter(|s| s.display_path != into_shown)
        .collect();
    sources.push(TableSource { display_path: into_shown.clone(), bytes: text.clone().into_bytes() });
    if let Err(d) = load::load(&sources).and_then(validate::validate) {
        return fail(format!("{d}\nthe imported table does not validate (positions are in the YAML the import would write); {into_shown} was not written"));
    }
    if std::fs::read_to_string(&into).ok().as_deref() == Some(text.as_str()) {
        println!("import-intel-json: {into_shown} is up to date ({} fields)", parsed.fields.len());
        return ExitCode::SUCCESS;
    }
    if let Err(e) = output::write_atomic(&into, &text) {
        return fail(format!("error: writing {into_shown} failed: {e}"));
    }
    println!(
        "import-intel-json: wrote {into_shown}: {} fields from {json_name}, {} notes kept, {} entries not in the JSON kept, {} dropped",
        parsed.fields.len(),
        existing.notes.keys().filter(|n| imported.contains(n.as_str())).count(),
        existing.kept.len(),
        dropped.len()
    );
    for name in &existing.kept {
        println!("  kept    {} (not in the JSON; --prune drops it)", name.name);
    }
    for name in &dropped {
        println!("  dropped {name}");
    }
    ExitCode::SUCCESS
}
