//! The loop: mutate a corpus input, run the target under `catch_unwind`, keep
//! inputs that reach a new outcome or a new diagnostic, save panicking inputs.

use crate::mutate::mutate;
use crate::rng::Rng;
use crate::targets::Outcome;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Inputs run.
    pub executions: u64,
    /// Inputs accepted all the way.
    pub accepted: u64,
    /// Inputs refused cleanly.
    pub refused: u64,
    /// Panicking inputs, saved to these files.
    pub crashes: Vec<PathBuf>,
    /// How long it ran.
    pub elapsed: Duration,
    /// Size of the corpus at the end.
    pub corpus: usize,
}

/// A stable name for an input (FNV-1a), for saved files.
pub fn digest(input: &[u8]) -> String {
    let h = input.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
    format!("{h:016x}")
}

/// Runs `target` on mutations of `seeds` for `budget` (or `max_runs`), saving crashes under `crash_dir`.
pub fn run(
    target: fn(&[u8]) -> Outcome,
    seeds: Vec<Vec<u8>>,
    seed: u64,
    budget: Duration,
    max_runs: u64,
    crash_dir: &Path,
) -> Report {
    let mut rng = Rng::new(seed);
    let mut corpus = if seeds.is_empty() { vec![Vec::new()] } else { seeds };
    let mut seen = BTreeSet::new();
    let mut report = Report::default();
    let start = Instant::now();
    // Findings are reported by the runner; the default hook would print every one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    while start.elapsed() < budget && report.executions < max_runs {
        let parent = rng.below(corpus.len());
        let input = mutate(&corpus[parent], &mut rng);
        report.executions += 1;
        match catch_unwind(AssertUnwindSafe(|| target(&input))) {
            Ok(outcome) => {
                match outcome {
                    Outcome::Accepted => report.accepted += 1,
                    Outcome::Refused => report.refused += 1,
                }
                // Keep inputs of a size and outcome not seen before: a cheap stand-in for coverage.
                if seen.insert((outcome, input.len() / 64)) && corpus.len() < 4096 {
                    corpus.push(input);
                }
            }
            Err(_) => {
                let path = crash_dir.join(format!("{}.bin", digest(&input)));
                if std::fs::create_dir_all(crash_dir).and_then(|_| std::fs::write(&path, &input)).is_ok() {
                    report.crashes.push(path);
                }
            }
        }
    }
    std::panic::set_hook(hook);
    report.elapsed = start.elapsed();
    report.corpus = corpus.len();
    report
}
