#![doc = include_str!("../README.md")]

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
