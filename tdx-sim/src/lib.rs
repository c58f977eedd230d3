#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod dispatch;
pub mod faults;
pub mod guest;
pub mod host;
pub mod metadata;
pub mod platform;

pub use dispatch::{operand_invalid, UNKNOWN_LEAF};
pub use faults::{Call, Fault, MismatchKind};
pub use guest::{SimTd, TdConfig};
pub use host::{Sim, SimModule, SimProvider};
pub use metadata::{Actor, Metadata};
pub use platform::Platform;
