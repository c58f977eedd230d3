//! `bench --first-test-run <REV>`: how long a first `cargo test --workspace`
//! takes (the README's test command, from an empty target directory), for
//! HEAD and for an older commit, each checked out clean with `git worktree`.
//! The two alternate, starting with the older one, and the ratio of their
//! median wall times is reported. A few minutes per build; not run in CI.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A clean checkout of `rev` at `dir`, removed again when dropped.
struct Worktree<'a> {
    root: &'a Path,
    dir: PathBuf,
}

impl<'a> Worktree<'a> {
    fn add(root: &'a Path, rev: &str, dir: PathBuf) -> Result<Self, String> {
        let _ = std::fs::remove_dir_all(&dir);
        run(git(root).args(["worktree", "add", "--detach", "--force"]).arg(&dir).arg(rev))?;
        Ok(Worktree { root, dir })
    }
}

impl Drop for Worktree<'_> {
    fn drop(&mut self) {
        let _ = run(git(self.root).args(["worktree", "remove", "--force"]).arg(&self.dir));
    }
}

/// `git` in the repository at `root`.
fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(root);
    cmd
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr).trim()))
    }
}

/// Seconds for `cargo test --workspace` in `checkout` with an empty target directory.
fn first_test_run(cargo: &str, checkout: &Path) -> Result<f64, String> {
    let target = checkout.join("target");
    let _ = std::fs::remove_dir_all(&target);
    let start = Instant::now();
    let out = Command::new(cargo)
        .current_dir(checkout)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_INCREMENTAL")
        .args(["test", "--workspace", "--offline", "-q"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let secs = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&target);
    if !out.status.success() {
        let tail: String = String::from_utf8_lossy(&out.stdout).lines().rev().take(20).collect::<Vec<_>>().join("\n");
        return Err(format!("cargo test --workspace failed in {}:\n{tail}", checkout.display()));
    }
    Ok(secs)
}

/// The Markdown section: both medians and their ratio, after `rounds` runs each.
pub fn measure(cargo: &str, root: &Path, scratch: &Path, old: &str, rounds: usize) -> Result<String, String> {
    let then = Worktree::add(root, old, scratch.join("old"))?;
    let now = Worktree::add(root, "HEAD", scratch.join("new"))?;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        a.push(first_test_run(cargo, &then.dir)?);
        b.push(first_test_run(cargo, &now.dir)?);
    }
    Ok(section(old, &a, &b))
}

fn section(old: &str, old_secs: &[f64], new_secs: &[f64]) -> String {
    let median = |v: &[f64]| crate::bench_build_cost::median(v.to_vec());
    let (a, b) = (median(old_secs), median(new_secs));
    let list = |v: &[f64]| v.iter().map(|s| format!("{s:.1}")).collect::<Vec<_>>().join(", ");
    format!(
        "\n## First test run\n\n`cargo test --workspace` (the README's test command) from an empty target directory, in clean \
         checkouts of `{old}` and of this commit, alternating, {} runs each; median wall time.\n\n\
         | checkout | runs (s) | median | speed-up |\n|---|---|---:|---:|\n| `{old}` | {} | {a:.1} s | 1.00 |\n\
         | this commit | {} | {b:.1} s | {:.2} |\n",
        old_secs.len(),
        list(old_secs),
        list(new_secs),
        a / b
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worktree_is_a_clean_checkout_and_goes_away_when_dropped() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let dir = std::env::temp_dir().join(format!("tdx-first-test-{}", std::process::id()));
        {
            let tree = Worktree::add(root, "HEAD", dir.clone()).unwrap();
            assert!(tree.dir.join("Cargo.toml").is_file() && tree.dir.join("xtask/src/bench_first_test.rs").is_file());
        }
        assert!(!dir.exists(), "the worktree was not removed");
        let err = Worktree::add(root, "no-such-revision", dir.clone()).err().unwrap_or_default();
        assert!(err.contains("failed"), "{err}");
    }

    #[test]
    fn the_section_reports_medians_and_the_speed_up() {
        let md = section("ec235ec", &[200.0, 190.0, 210.0], &[90.0, 100.0, 80.0]);
        assert!(md.contains("| `ec235ec` | 200.0, 190.0, 210.0 | 200.0 s | 1.00 |"), "{md}");
        assert!(md.contains("| this commit | 90.0, 100.0, 80.0 | 90.0 s | 2.22 |"), "{md}");
    }
}
