//! The intermediate representation the validator checks and the emitters read.
//!
//! [`Tables`] is what the loader produced (in file order, possibly invalid);
//! [`Model`] exists only after every validation rule passed, and keys its
//! items in sorted maps so generated output is deterministic.

mod availability;
mod codes;
mod layout;
mod leaf;
mod source;
mod structs;
mod tables;
mod tdvmcall;

pub use availability::*;
pub use codes::*;
pub use layout::*;
pub use leaf::*;
pub use source::*;
pub use structs::*;
pub use tables::*;
pub use tdvmcall::*;
