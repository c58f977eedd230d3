//! `cargo run -p tdx-fuzz --profile fuzz -- TARGET [SECONDS] [SEED]`: fuzzes a
//! target (tables, released) for a time budget; panicking inputs are saved
//! under fuzz/regressions/TARGET/, where tests/regressions.rs replays them.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use tdx_fuzz::{corpus, runner, targets};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.first() else {
        eprintln!("usage: fuzz TARGET [SECONDS] [SEED]; targets: {}", targets::NAMES.join(", "));
        return ExitCode::FAILURE;
    };
    let Some(target) = targets::by_name(name) else {
        eprintln!("error: unknown target `{name}`; targets: {}", targets::NAMES.join(", "));
        return ExitCode::FAILURE;
    };
    let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default();
    let seeds = if name == "tables" { corpus::tables(&root) } else { vec![vec![0; 16]] };
    let crash_dir = root.join("fuzz/regressions").join(name);
    let r = runner::run(target, seeds, seed, Duration::from_secs(seconds), u64::MAX, &crash_dir);
    println!(
        "{name}: {} runs in {:.1} s ({:.0}/s), seed {seed}: {} accepted, {} refused, {} crashes, corpus {}",
        r.executions,
        r.elapsed.as_secs_f64(),
        r.executions as f64 / r.elapsed.as_secs_f64().max(1e-9),
        r.accepted,
        r.refused,
        r.crashes.len(),
        r.corpus
    );
    for c in &r.crashes {
        println!("  crash saved: {}", c.display());
    }
    if r.crashes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
