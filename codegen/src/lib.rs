//! `tdx-codegen`: turns the YAML tables in `spec-tables/` into typed Rust
//! bindings and a C header.
//!
//! The pipeline is `load` (the only module that knows YAML) → `validate`
//! (one rule per file; builds a [`model::Model`] only when every rule passes)
//! → `emit` (Rust via `quote` + `prettyplease`, and C).

pub mod bits;
pub mod build;
pub mod diag;
pub mod downstream;
pub mod emit;
pub mod load;
pub mod model;
pub mod names;
pub mod output;
pub mod resolved;
pub mod suggest;

pub use build::{BuildError, Builder};
pub mod diagram;
pub mod diff;
pub mod import;
pub mod validate;
