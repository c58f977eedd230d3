//! A small timing harness that compares implementations fairly: each round
//! times every implementation once, in a rotated order, right after one
//! another; a ratio is taken within the round (implementation / baseline) and
//! the reported figure is the median over rounds. Load that comes and goes
//! then hits both sides of a ratio alike instead of whichever implementation
//! happened to run during it.

use std::time::{Duration, Instant};

/// One implementation: a name and one iteration of its work.
pub struct Contender<'a> {
    /// Name in reports.
    pub name: &'static str,
    /// One iteration.
    pub run: Box<dyn FnMut() + 'a>,
}

impl<'a> Contender<'a> {
    /// `name` running `run` per iteration.
    pub fn new(name: &'static str, run: impl FnMut() + 'a) -> Self {
        Contender { name, run: Box::new(run) }
    }
}

/// What one implementation measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    /// Its name.
    pub name: &'static str,
    /// Median time per iteration over rounds, in nanoseconds.
    pub median_ns: f64,
    /// Median over rounds of (its time / the baseline's time in the same round).
    pub ratio: f64,
    /// 10th and 90th percentile of that per-round ratio.
    pub ratio_p10_p90: (f64, f64),
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

/// The median of `values` (at least one).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    percentile(&values, 0.5)
}

/// Times `contenders` (the first is the baseline) over `rounds` rounds of
/// about `per_sample` each per implementation.
pub fn compare(contenders: &mut [Contender<'_>], rounds: usize, per_sample: Duration) -> Vec<Measured> {
    let n = contenders.len();
    // Iterations per sample, from the slowest implementation, so every sample is long enough to time.
    let mut iters = 1u64;
    loop {
        let slowest = contenders.iter_mut().map(|c| time(c, iters)).max().unwrap_or_default();
        if slowest >= per_sample / 4 || iters >= 1 << 30 {
            break;
        }
        iters *= 2;
    }
    let mut per_iter = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let i = (round + k) % n;
            per_iter[i].push(time(&mut contenders[i], iters).as_nanos() as f64 / iters as f64);
        }
    }
    contenders
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut ratios: Vec<f64> = (0..rounds).map(|r| per_iter[i][r] / per_iter[0][r]).collect();
            ratios.sort_by(f64::total_cmp);
            Measured {
                name: c.name,
                median_ns: median(per_iter[i].clone()),
                ratio: percentile(&ratios, 0.5),
                ratio_p10_p90: (percentile(&ratios, 0.1), percentile(&ratios, 0.9)),
            }
        })
        .collect()
}

fn time(c: &mut Contender<'_>, iters: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        (c.run)();
    }
    start.elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hint::black_box;

    #[test]
    fn the_baseline_is_one_and_twice_the_work_is_about_two() {
        let work = |n: u64| (0..n).fold(0u64, |a, x| black_box(a.wrapping_mul(31) ^ x));
        let mut c = [
            Contender::new("once", move || {
                black_box(work(black_box(2000)));
            }),
            Contender::new("twice", move || {
                black_box(work(black_box(4000)));
            }),
        ];
        let m = compare(&mut c, 21, Duration::from_millis(2));
        assert_eq!(m[0].ratio, 1.0);
        assert!(m[1].ratio > 1.5 && m[1].ratio < 2.6, "{m:?}");
        assert!(m[1].ratio_p10_p90.0 <= m[1].ratio && m[1].ratio <= m[1].ratio_p10_p90.1);
    }
}
