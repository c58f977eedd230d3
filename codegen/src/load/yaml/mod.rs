//! YAML: the one parser (granit-parser) into a tree of located nodes, the
//! schema's types read from that tree, and the canonical writer with comments kept.

#[cfg(feature = "files")]
pub mod build;
#[cfg(feature = "files")]
pub mod comments;
#[cfg(feature = "files")]
pub mod emit;
pub mod tree;
pub mod typed;
