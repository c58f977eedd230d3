//! The resolved model: what validation accepted, with references turned into
//! types (registers, argument types, resume registers) and generated names
//! computed once, so emitters read it without lookups or string matching.

mod leaf;
mod register;

pub use leaf::{resolve as resolve_leaf, Arg, ArgType, Leaf, LeafNames, Resume, Unresolved, VERSION_SHIFT};
pub use register::Register;
