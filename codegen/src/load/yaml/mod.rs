//! YAML: the one parser (granit-parser) into a tree of located nodes, serde
//! reading from that tree, and the canonical writer with comments kept.

pub mod build;
pub mod comments;
pub mod de;
pub mod emit;
pub mod tree;
