//! Runs independent emit jobs on every core. Each job builds its own tokens
//! (proc-macro2 token streams cannot cross threads) and returns finished
//! text; results come back in job order, so output stays deterministic.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// One unit of work.
pub type Job<'a, T> = Box<dyn FnOnce() -> T + Send + 'a>;

/// Runs `jobs`, the earliest first, on up to as many threads as there are cores.
pub fn run<'a, T: Send>(jobs: Vec<Job<'a, T>>) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len());
    if threads <= 1 {
        return jobs.into_iter().map(|job| job()).collect();
    }
    let slots: Vec<Mutex<Option<Job<'a, T>>>> = jobs.into_iter().map(|j| Mutex::new(Some(j))).collect();
    let results: Vec<Mutex<Option<T>>> = slots.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = slots.get(i) else { break };
                let job = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                if let Some(job) = job {
                    let out = job();
                    *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(out);
                }
            });
        }
    });
    results.into_iter().filter_map(|r| r.into_inner().unwrap_or_else(|e| e.into_inner())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order() {
        let jobs: Vec<Job<'_, usize>> = (0..100)
            .map(|i| {
                let job: Job<'_, usize> = Box::new(move || {
                    // Uneven work, so threads finish out of order.
                    std::thread::sleep(std::time::Duration::from_micros((100 - i as u64) * 10));
                    i * 2
                });
                job
            })
            .collect();
        assert_eq!(run(jobs), (0..100).map(|i| i * 2).collect::<Vec<_>>());
    }
}
