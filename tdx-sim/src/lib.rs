#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod dispatch;

pub use dispatch::{operand_invalid, UNKNOWN_LEAF};
