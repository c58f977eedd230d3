//! Positions of YAML nodes, keyed by path, so rules that run after
//! deserialisation can still point at a line and column.

use crate::diag::Location;
use saphyr_parser::{Event, Parser};
use std::collections::BTreeMap;

enum Frame {
    Map { key: Option<String>, prefix: String },
    Seq { index: usize, prefix: String },
}

fn child_path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// How deeply a table file may nest. The schema needs 6 levels (layouts,
/// entry, fields, field, source, ...); the bound keeps indexing linear and
/// stops pathological input (thousands of `[`) before it costs time or memory.
pub const MAX_NESTING: usize = 32;

/// Where each node starts, and the `name` of each entry that has one.
#[derive(Debug, Default)]
pub struct NodeIndex {
    /// Node path (`layouts[0].fields[2].bits`) to where its value starts.
    pub positions: BTreeMap<String, Location>,
    /// Entry path (`layouts[0].fields[2]`) to the value of its `name` key.
    pub names: BTreeMap<String, String>,
    /// Where the file first nests deeper than [`MAX_NESTING`], if it does.
    pub too_deep: Option<Location>,
    /// Where a second YAML document starts, if there is one.
    pub second_document: Option<Location>,
}

/// Indexes every node of `text`. A file the parser rejects yields what was
/// read before the error; the serde pass reports the error itself.
pub fn index(text: &str) -> NodeIndex {
    let mut out = NodeIndex::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(e) => e,
            Err(e) => {
                // The parser bounds its own recursion; past that, so do we
                // (serde's parser would take time quadratic in the depth).
                if e.info().contains("recursion limit") {
                    out.too_deep = Some(Location { line: e.marker().line(), column: e.marker().col() + 1 });
                }
                break;
            }
        };
        let at = Location { line: span.start.line(), column: span.start.col() + 1 };
        if let Event::DocumentStart(..) = event {
            documents += 1;
            if documents == 2 {
                out.second_document = Some(at);
                break;
            }
        }
        if stack.len() >= MAX_NESTING && matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
            out.too_deep = Some(at);
            break;
        }
        // A mapping awaiting a key consumes this scalar as the key.
        if let (Some(Frame::Map { key: key @ None, .. }), Event::Scalar(text, ..)) = (stack.last_mut(), &event) {
            *key = Some(text.to_string());
            continue;
        }
        let path = match stack.last_mut() {
            None => String::new(),
            Some(Frame::Map { key, prefix }) => child_path(prefix, &key.take().unwrap_or_default()),
            Some(Frame::Seq { index, prefix }) => {
                *index += 1;
                format!("{prefix}[{}]", *index - 1)
            }
        };
        match event {
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                continue;
            }
            Event::MappingStart(..) => stack.push(Frame::Map { key: None, prefix: path.clone() }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { index: 0, prefix: path.clone() }),
            Event::Scalar(ref value, ..) => {
                if let Some(entry) = path.strip_suffix(".name") {
                    out.names.insert(entry.to_owned(), value.to_string());
                }
            }
            Event::Alias(..) => {}
            _ => continue,
        }
        out.positions.entry(path).or_insert(at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
layouts:
  - name: A
    fields:
      - name: X
        bits: \"3:0\"
      - {name: Y, bits: \"7:4\"}
";

    fn at(line: usize, column: usize) -> Option<Location> {
        Some(Location { line, column })
    }

    #[test]
    fn indexes_block_and_flow_nodes_by_path() {
        let spans = index(DOC).positions;
        assert_eq!(spans.get("layouts").copied(), at(2, 3));
        assert_eq!(spans.get("layouts[0]").copied(), at(2, 5));
        assert_eq!(spans.get("layouts[0].name").copied(), at(2, 11));
        assert_eq!(spans.get("layouts[0].fields[0].bits").copied(), at(5, 15));
        assert_eq!(spans.get("layouts[0].fields[1].bits").copied(), at(6, 25));
    }

    #[test]
    fn records_entry_names() {
        let names = index(DOC).names;
        assert_eq!(names.get("layouts[0]").map(String::as_str), Some("A"));
        assert_eq!(names.get("layouts[0].fields[1]").map(String::as_str), Some("Y"));
    }

    #[test]
    fn deep_nesting_and_second_documents_are_found_quickly() {
        let deep = format!("layouts: {}{}", "[".repeat(50_000), "]".repeat(50_000));
        assert!(index(&deep).too_deep.is_some());
        let nested = format!("layouts: {}{}", "[".repeat(MAX_NESTING + 1), "]".repeat(MAX_NESTING + 1));
        assert_eq!(index(&nested).too_deep, Some(Location { line: 1, column: 9 + MAX_NESTING }));
        let two = index("layouts: []\n---\nlayouts: []\n");
        assert_eq!(two.second_document, Some(Location { line: 2, column: 1 }));
        assert_eq!(index(DOC).second_document, None);
    }

    #[test]
    fn keeps_what_was_read_before_a_syntax_error() {
        let spans = index("layouts:\n  - name: A\n   bad: [\n").positions;
        assert_eq!(spans.get("layouts[0].name").copied(), at(2, 11));
    }
}
