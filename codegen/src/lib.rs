#![doc = include_str!("../README.md")]

pub mod bits;
#[cfg(feature = "files")]
pub mod build;
pub mod diag;
pub mod downstream;
pub mod emit;
pub mod load;
pub mod model;
pub mod names;
#[cfg(feature = "files")]
pub mod output;
pub mod resolved;
pub mod suggest;

#[cfg(feature = "files")]
pub use build::{BuildError, Builder};
pub mod diagram;
#[cfg(feature = "files")]
pub mod diff;
#[cfg(feature = "files")]
pub mod import;
pub mod validate;
