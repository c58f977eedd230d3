//! Building a [`Node`] tree to write: mappings keep their keys in the order
//! given, absent optional values are left out.

use super::tree::{Entry, Node, Value};
use crate::diag::Location;
use std::fmt::Display;

fn node(value: Value, flow: bool) -> Node {
    Node { at: Location::default(), path: String::new(), value, flow }
}

/// A string; the writer quotes it if it must.
pub fn string(text: &str) -> Node {
    node(Value::Scalar { text: text.to_owned(), plain: false }, false)
}

/// A number (or other plain word), written as given.
pub fn number(value: impl Display) -> Node {
    node(Value::Scalar { text: value.to_string(), plain: true }, false)
}

/// A 64-bit value in hex with all 16 digits, as the spec writes codes and IDs.
pub fn hex64(value: u64) -> Node {
    number(format!("{value:#018X}"))
}

/// A sequence written as indented lines.
pub fn seq(items: Vec<Node>) -> Node {
    node(Value::Seq(items), false)
}

/// A sequence written on one line.
pub fn flow_seq(items: Vec<Node>) -> Node {
    node(Value::Seq(items), true)
}

/// A mapping under construction.
#[derive(Default)]
pub struct Map(Vec<Entry>);

impl Map {
    /// An empty mapping.
    pub fn new() -> Self {
        Map::default()
    }

    /// Adds `key: value`.
    pub fn with(mut self, key: &str, value: Node) -> Self {
        self.0.push(Entry { key: key.to_owned(), key_at: Location::default(), value });
        self
    }

    /// Adds `key: value` when there is a value.
    pub fn with_some(self, key: &str, value: Option<Node>) -> Self {
        match value {
            Some(v) => self.with(key, v),
            None => self,
        }
    }

    /// Adds `key: text` when there is text.
    pub fn with_str(self, key: &str, text: Option<&str>) -> Self {
        self.with_some(key, text.map(string))
    }

    /// The mapping, written as indented lines.
    pub fn block(self) -> Node {
        node(Value::Map(self.0), false)
    }

    /// The mapping, written on one line.
    pub fn flow(self) -> Node {
        node(Value::Map(self.0), true)
    }
}

/// `root` with every node's path set, ready for [`super::emit::emit`].
pub fn document(mut root: Node) -> Node {
    root.assign_paths("");
    root
}
