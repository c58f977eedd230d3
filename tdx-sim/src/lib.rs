#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod dispatch;
pub mod faults;
pub mod guest;

pub use dispatch::{operand_invalid, UNKNOWN_LEAF};
pub use faults::{Call, Fault};
pub use guest::{SimTd, TdConfig};
