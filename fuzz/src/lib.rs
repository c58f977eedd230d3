//! Fuzzing harnesses that run on stable Rust (no cargo-fuzz, which needs
//! nightly): a seeded mutator over a corpus, a time budget, and panics caught
//! and saved as regression inputs under `fuzz/regressions/<target>/`.
//!
//! Targets:
//! - `tables`: load + validate + emit (Rust and C) of any bytes must return
//!   a result or diagnostics, never panic.
//! - `released`: any released-page output of a hostile module must never
//!   make the page array free a page the module holds, or panic.

pub mod corpus;
pub mod mutate;
pub mod rng;
pub mod runner;
pub mod targets;
