//! Every saved crash input replays without a panic (each was a bug, now
//! fixed), and a short seeded run of each target finds nothing.

use std::path::PathBuf;
use std::time::Duration;
use tdx_fuzz::{corpus, runner, targets};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}

#[test]
fn saved_crash_inputs_no_longer_panic() {
    for name in targets::NAMES {
        let target = targets::by_name(name).unwrap();
        let dir = root().join("fuzz/regressions").join(name);
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let input = std::fs::read(entry.path()).unwrap();
            // A panic here fails the test and names the input.
            let _ = (target, entry.path().display().to_string());
            target(&input);
        }
    }
}

#[test]
fn a_short_seeded_run_of_each_target_finds_nothing() {
    let scratch =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("tdx-fuzz-smoke-{}", std::process::id()));
    for name in targets::NAMES {
        let target = targets::by_name(name).unwrap();
        let seeds = if name == "tables" { corpus::tables(&root()) } else { vec![vec![0; 16]] };
        assert!(!seeds.is_empty());
        let r = runner::run(target, seeds, 42, Duration::from_secs(60), 300, &scratch.join(name));
        assert_eq!(r.executions, 300);
        assert!(r.crashes.is_empty(), "{name}: crashes {:?}", r.crashes);
        assert!(
            r.accepted > 0 && r.refused > 0,
            "{name}: {} accepted, {} refused: the mutations should reach both",
            r.accepted,
            r.refused
        );
    }
    std::fs::remove_dir_all(&scratch).ok();
}
