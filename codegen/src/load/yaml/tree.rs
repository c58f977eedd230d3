//! A table file as a tree of nodes, each knowing where it starts and its path
//! (`layouts[0].fields[2].bits`), with the file's comments beside it. Built
//! from one parser's events; everything else in `load` reads this tree.

use crate::diag::Location;
use granit_parser::{Event, Options, Parser, Placement, ScanError};
use std::collections::BTreeMap;

/// How deeply a table file may nest. The schema needs 6 levels (layouts,
/// entry, fields, field, source, ...); the bound stops pathological input
/// (thousands of `[`) before it costs time or memory.
pub const MAX_NESTING: usize = 32;

/// One parsed table file.
#[derive(Debug, Default)]
pub struct Document {
    /// The top-level node; `None` for a file of comments or nothing.
    pub root: Option<Node>,
    /// Every comment, in file order.
    pub comments: Vec<Comment>,
    /// Entry path (`layouts[0].fields[2]`) to the value of its `name` key.
    pub names: BTreeMap<String, String>,
}

/// A node and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Where the value starts.
    pub at: Location,
    /// Its path from the top of the file; empty for the top-level node.
    pub path: String,
    /// What it holds.
    pub value: Value,
    /// Written in flow style (`[a, b]`, `{k: v}`) rather than as indented lines.
    pub flow: bool,
}

/// A node's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A scalar.
    Scalar {
        /// Its text, after unquoting.
        text: String,
        /// Written plain, not quoted: only plain scalars can be numbers,
        /// booleans or null. (When writing: put the text down as it is.)
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order. Keys are unique (checked while parsing).
    Map(Vec<Entry>),
}

/// One key and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Where the key is written.
    pub key_at: Location,
    /// The value.
    pub value: Node,
}

/// A `# ...` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The text after `#`, exactly as written.
    pub text: String,
    /// Where the `#` is.
    pub at: Location,
    /// True for a comment on a line of its own, false for one after content.
    pub own_line: bool,
}

/// Why a file is not a table file at the YAML level.
#[derive(Debug, Default)]
pub struct SyntaxError {
    /// Where.
    pub at: Location,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// A second place that matters (where a repeated key was first written).
    pub first: Option<Location>,
    /// Path of the innermost node open at the error.
    pub path: String,
    /// Entry names read before the error, to name the entry it is in.
    pub names: BTreeMap<String, String>,
}

/// The path of a mapping's child `key`.
pub fn child_path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// The path of a sequence's item `index`.
pub fn item_path(prefix: &str, index: usize) -> String {
    format!("{prefix}[{index}]")
}

enum Frame {
    Map { node: Node, key: Option<(String, Location)> },
    Seq { node: Node },
}

impl Frame {
    fn node(&self) -> &Node {
        match self {
            Frame::Map { node, .. } | Frame::Seq { node } => node,
        }
    }
}

fn location(m: &granit_parser::Marker) -> Location {
    Location { line: m.line(), column: m.col() + 1 }
}

/// Parses `text`, a single YAML document without anchors, aliases or tags.
pub fn parse(text: &str) -> Result<Document, Box<SyntaxError>> {
    let mut options = Options::default();
    options.flow_nesting_limit = MAX_NESTING;
    options.block_nesting_limit = MAX_NESTING;
    let mut builder = Builder::default();
    for event in Parser::new_from_str_with_options(text, options) {
        let step = match event {
            Ok((event, span)) => builder.event(event, location(&span.start)),
            Err(e) => Err(builder.scan_error(&e, text)),
        };
        if let Err(mut e) = step {
            e.path = builder.stack.last().map(|f| f.node().path.clone()).unwrap_or_default();
            e.names = std::mem::take(&mut builder.doc.names);
            return Err(e);
        }
    }
    Ok(builder.doc)
}

#[derive(Default)]
struct Builder {
    doc: Document,
    stack: Vec<Frame>,
    documents: usize,
}

fn refuse(at: Location, message: &str, help: &str) -> Box<SyntaxError> {
    Box::new(SyntaxError { at, message: message.into(), help: help.into(), ..SyntaxError::default() })
}

impl Builder {
    fn scan_error(&self, e: &ScanError, text: &str) -> Box<SyntaxError> {
        use granit_parser::ErrorKind as K;
        let mut at = location(e.marker());
        let tab = matches!(
            e.kind(),
            K::TabNotAllowed
                | K::TabInBlockIndentation
                | K::TabAtBlockScalarStart
                | K::TabInIndentation
                | K::TabInPlainScalar
        );
        // The parser marks where the token began; the tab itself is the thing to fix.
        if let Some(offset) = tab.then(|| text.chars().skip(e.marker().index()).position(|c| c == '\t')).flatten() {
            let before: String = text.chars().take(e.marker().index() + offset).collect();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            at = Location { line, column };
            return refuse(at, &e.info(), "indent with spaces; YAML does not allow tabs here");
        }
        if matches!(e.kind(), granit_parser::ErrorKind::RecursionLimitExceeded) {
            let message = format!("the YAML nests deeper than {MAX_NESTING} levels");
            return refuse(
                at,
                &message,
                "table entries nest a few levels at most; check the brackets and indentation here",
            );
        }
        refuse(at, &e.info(), "fix the YAML syntax at this position")
    }

    fn event(&mut self, event: Event<'_>, at: Location) -> Result<(), Box<SyntaxError>> {
        let no_properties = |anchor: usize, tagged: bool| -> Result<(), Box<SyntaxError>> {
            if anchor != 0 {
                return Err(refuse(at, "anchors (`&name`) are not used in table files", "write each value out"));
            }
            if tagged {
                return Err(refuse(
                    at,
                    "tags (`!name`) are not used in table files",
                    "remove the tag; quote the value to make it a string",
                ));
            }
            Ok(())
        };
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents == 2 {
                    return Err(refuse(
                        at,
                        "the file holds a second YAML document",
                        "remove the `---` line and merge the documents, or put each in its own file",
                    ));
                }
            }
            Event::Comment(text, placement) => self.doc.comments.push(Comment {
                text: text.into_owned(),
                at,
                own_line: !matches!(placement, Placement::Right),
            }),
            Event::Alias(..) | Event::UnresolvedAlias(..) => {
                return Err(refuse(at, "aliases (`*name`) are not used in table files", "write the value out"));
            }
            Event::Scalar(text, style, anchor, tag) => {
                no_properties(anchor, tag.is_some())?;
                let plain = matches!(style, granit_parser::ScalarStyle::Plain);
                if let Some(Frame::Map { key: key @ None, node }) = self.stack.last_mut() {
                    let Value::Map(entries) = &node.value else { unreachable!("a map frame holds a map") };
                    if let Some(first) = entries.iter().find(|e| e.key == *text) {
                        return Err(Box::new(SyntaxError {
                            at,
                            message: format!("the key `{text}` is written twice"),
                            help: "a key may appear once per entry; remove the repeated one".into(),
                            first: Some(first.key_at),
                            ..SyntaxError::default()
                        }));
                    }
                    *key = Some((text.into_owned(), at));
                    return Ok(());
                }
                let path = self.next_path(at)?;
                if let Some(entry) = path.strip_suffix(".name") {
                    self.doc.names.insert(entry.to_owned(), text.to_string());
                }
                self.attach(Node { at, path, value: Value::Scalar { text: text.into_owned(), plain }, flow: false });
            }
            Event::MappingStart(style, anchor, ref tag) | Event::SequenceStart(style, anchor, ref tag) => {
                no_properties(anchor, tag.is_some())?;
                let path = self.next_path(at)?;
                let flow = matches!(style, granit_parser::StructureStyle::Flow);
                let frame = if matches!(event, Event::MappingStart(..)) {
                    Frame::Map { node: Node { at, path, value: Value::Map(Vec::new()), flow }, key: None }
                } else {
                    Frame::Seq { node: Node { at, path, value: Value::Seq(Vec::new()), flow } }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Map { node, .. } | Frame::Seq { node }) = self.stack.pop() {
                    self.attach(node);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The path of the node starting now; refuses a collection as a key.
    fn next_path(&self, at: Location) -> Result<String, Box<SyntaxError>> {
        Ok(match self.stack.last() {
            None => String::new(),
            Some(Frame::Map { key: None, .. }) => {
                return Err(refuse(at, "a key must be a single word, not a list or mapping", "write `key: value`"));
            }
            Some(Frame::Map { key: Some((key, _)), node }) => child_path(&node.path, key),
            Some(Frame::Seq { node }) => {
                let Value::Seq(items) = &node.value else { unreachable!("a sequence frame holds a sequence") };
                item_path(&node.path, items.len())
            }
        })
    }

    fn attach(&mut self, child: Node) {
        match self.stack.last_mut() {
            None => self.doc.root = Some(child),
            Some(Frame::Map { node, key }) => {
                if let (Value::Map(entries), Some((key, key_at))) = (&mut node.value, key.take()) {
                    entries.push(Entry { key, key_at, value: child });
                }
            }
            Some(Frame::Seq { node }) => {
                if let Value::Seq(items) = &mut node.value {
                    items.push(child);
                }
            }
        }
    }
}

impl Node {
    /// Gives this node and everything in it the paths the parser would,
    /// for a tree built rather than parsed.
    pub fn assign_paths(&mut self, path: &str) {
        self.path = path.to_owned();
        match &mut self.value {
            Value::Scalar { .. } => {}
            Value::Seq(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    item.assign_paths(&item_path(path, i));
                }
            }
            Value::Map(entries) => {
                for e in entries {
                    e.value.assign_paths(&child_path(path, &e.key));
                }
            }
        }
    }

    /// The node at `path` (`layouts[0].fields[2].bits`; empty for this one), found by
    /// walking down from here: no index of every path is built, since only
    /// diagnostics and a few checks ask.
    pub fn find(&self, path: &str) -> Option<&Node> {
        let mut node = self;
        for part in path.split('.').filter(|p| !p.is_empty()) {
            let (key, mut indices) = part.split_at(part.find('[').unwrap_or(part.len()));
            if !key.is_empty() {
                let Value::Map(entries) = &node.value else { return None };
                node = &entries.iter().find(|e| e.key == key)?.value;
            }
            while let Some(rest) = indices.strip_prefix('[') {
                let (index, after) = rest.split_once(']')?;
                let Value::Seq(items) = &node.value else { return None };
                node = items.get(index.parse::<usize>().ok()?)?;
                indices = after;
            }
            if !indices.is_empty() {
                return None;
            }
        }
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
# head
layouts:
  - name: A  # right
    fields:
      # above
      - name: X
        bits: \"3:0\"
      - {name: Y, bits: \"7:4\"}
";

    fn at(line: usize, column: usize) -> Location {
        Location { line, column }
    }

    /// Every node of `node` is found again at its own path.
    fn each_found_at_its_path(root: &Node, node: &Node) -> usize {
        assert_eq!(root.find(&node.path), Some(node), "{}", node.path);
        1 + match &node.value {
            Value::Scalar { .. } => 0,
            Value::Seq(items) => items.iter().map(|n| each_found_at_its_path(root, n)).sum(),
            Value::Map(entries) => entries.iter().map(|e| each_found_at_its_path(root, &e.value)).sum(),
        }
    }

    #[test]
    fn every_node_is_found_at_its_path() {
        let text = "a: {b: [1, [2, {c: 3}]], d: [{e: x}]}
f:
  - - g
    - h: [i]
";
        let doc = parse(text).unwrap();
        let root = doc.root.as_ref().unwrap();
        assert_eq!(each_found_at_its_path(root, root), 17);
        assert_eq!(root.find("f[0][1].h[0]").map(|n| n.at), Some(at(4, 11)));
    }

    #[test]
    fn nodes_know_their_paths_and_positions_in_block_and_flow_style() {
        let doc = parse(DOC).unwrap();
        let root = doc.root.as_ref().unwrap();
        let at_path = |path: &str| root.find(path).map(|n| n.at);
        assert_eq!(at_path("layouts"), Some(at(3, 3)));
        assert_eq!(at_path("layouts[0]"), Some(at(3, 5)));
        assert_eq!(at_path("layouts[0].name"), Some(at(3, 11)));
        assert_eq!(at_path("layouts[0].fields[0].bits"), Some(at(7, 15)));
        assert_eq!(at_path("layouts[0].fields[1].bits"), Some(at(8, 25)));
        assert_eq!(at_path(""), Some(root.at));
        for missing in ["layouts[1]", "layouts[0].colour", "layouts.name", "layouts[0]x", "layouts[a]", "layouts[0"] {
            assert_eq!(at_path(missing), None, "{missing}");
        }
        assert_eq!(doc.names["layouts[0]"], "A");
        assert_eq!(doc.names["layouts[0].fields[1]"], "Y");
    }

    #[test]
    fn comments_are_kept_with_their_place() {
        let doc = parse(DOC).unwrap();
        let got: Vec<(&str, Location, bool)> =
            doc.comments.iter().map(|c| (c.text.as_str(), c.at, c.own_line)).collect();
        assert_eq!(got, [(" head", at(1, 1), true), (" right", at(3, 14), false), (" above", at(5, 7), true)]);
    }

    #[test]
    fn scalars_remember_whether_they_were_plain() {
        let doc = parse("a: 1\nb: \"1\"\n").unwrap();
        let Some(Node { value: Value::Map(entries), .. }) = doc.root else { panic!() };
        assert_eq!(entries[0].value.value, Value::Scalar { text: "1".into(), plain: true });
        assert_eq!(entries[1].value.value, Value::Scalar { text: "1".into(), plain: false });
    }

    #[test]
    fn repeated_keys_name_both_places() {
        let e = parse("a: 1\nb:\n  c: 2\n  c: 3\n").unwrap_err();
        assert_eq!((e.message.as_str(), e.at, e.first), ("the key `c` is written twice", at(4, 3), Some(at(3, 3))));
        assert_eq!(e.path, "b");
    }

    #[test]
    fn deep_nesting_second_documents_and_yaml_features_tables_do_not_use_are_refused() {
        let deep = format!("layouts: {}{}", "[".repeat(50_000), "]".repeat(50_000));
        assert!(parse(&deep).unwrap_err().message.contains("nests deeper"));
        let nested = format!("layouts: {}{}", "[".repeat(MAX_NESTING + 1), "]".repeat(MAX_NESTING + 1));
        assert!(parse(&nested).unwrap_err().message.contains("nests deeper"));
        assert!(parse(&format!("layouts: {}{}", "[".repeat(MAX_NESTING - 2), "]".repeat(MAX_NESTING - 2))).is_ok());
        let two = parse("layouts: []\n---\nlayouts: []\n").unwrap_err();
        assert_eq!((two.message.as_str(), two.at), ("the file holds a second YAML document", at(2, 1)));
        assert!(parse("a: &x 1\nb: *x\n").unwrap_err().message.starts_with("anchors"));
        assert!(parse("a: !!str 1\n").unwrap_err().message.starts_with("tags"));
        assert!(parse("? [a]\n: 1\n").unwrap_err().message.starts_with("a key must be"));
    }

    #[test]
    fn a_syntax_error_names_where_and_what_was_open() {
        let e = parse("layouts:\n  - name: A\n    bad: [\n").unwrap_err();
        assert!(e.at.line >= 3, "{e:?}");
        assert_eq!(e.names.get("layouts[0]").map(String::as_str), Some("A"));
        assert!(e.path.starts_with("layouts[0]"), "{e:?}");
    }

    #[test]
    fn an_empty_file_or_one_of_comments_has_no_root() {
        assert_eq!(parse("").unwrap().root, None);
        let doc = parse("# only a comment\n").unwrap();
        assert_eq!((doc.root, doc.comments.len()), (None, 1));
    }
}
