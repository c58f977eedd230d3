//! Writing a [`Node`] tree as YAML text in one canonical form: two-space
//! indentation, sequences indented under their key, collections marked
//! `flow` on one line, strings plain where that reads back as the same
//! string, folded (`>-`) where a line would pass [`WIDTH`], double-quoted
//! otherwise; comments put back where [`Comments`] says.

use super::comments::Comments;
use super::tree::{Node, Value};

/// The column a folded string wraps at, and the line length past which a
/// string is folded instead of written on its key's line.
pub const WIDTH: usize = 100;

/// `root` as YAML text, ending in a line break.
pub fn emit(root: &Node, comments: &Comments) -> String {
    let mut e = Emitter { out: String::new(), comments };
    e.lines("", &comments.header);
    match &root.value {
        Value::Map(entries) if !entries.is_empty() => e.block_map(root, 0, None),
        Value::Seq(items) if !items.is_empty() => e.block_seq(root, 0),
        _ => {
            let text = e.inline(root, false);
            e.out.push_str(&text);
            e.trailing(root);
            e.out.push('\n');
        }
    }
    e.lines("", &comments.footer);
    e.out
}

struct Emitter<'a> {
    out: String,
    comments: &'a Comments,
}

fn pad(indent: usize) -> String {
    " ".repeat(indent)
}

impl Emitter<'_> {
    fn lines(&mut self, indent: &str, comments: &[String]) {
        for c in comments {
            self.out.push_str(&format!("{indent}#{c}\n"));
        }
    }

    /// The comments written above `node`, and above anything inside it that
    /// is written on its line (a flow collection's items).
    fn leading(&mut self, node: &Node, indent: usize) {
        let mut all = Vec::new();
        self.comments.leading_within(node, self.is_inline(node), &mut all);
        self.lines(&pad(indent), &all);
    }

    fn trailing(&mut self, node: &Node) {
        let mut all = Vec::new();
        self.comments.trailing_within(node, self.is_inline(node), &mut all);
        if !all.is_empty() {
            self.out.push_str(&format!("  #{}", all.join(" #")));
        }
    }

    /// Written on the line it starts on: a scalar, an empty or a flow collection.
    fn is_inline(&self, node: &Node) -> bool {
        match &node.value {
            Value::Scalar { .. } => true,
            Value::Seq(items) => node.flow || items.is_empty(),
            Value::Map(entries) => node.flow || entries.is_empty(),
        }
    }

    /// Entries of a block mapping at `indent`; the first one after `first`
    /// (a sequence item's `- `) when given.
    fn block_map(&mut self, map: &Node, indent: usize, first: Option<&str>) {
        let Value::Map(entries) = &map.value else { return };
        for (i, entry) in entries.iter().enumerate() {
            let lead = match first {
                Some(dash) if i == 0 => dash.to_owned(),
                _ => {
                    self.leading(&entry.value, indent);
                    pad(indent)
                }
            };
            let head = format!("{lead}{}:", plain_or_quoted(&entry.key, false));
            self.value_after(&head, &entry.value, indent);
        }
    }

    /// `head` (a key and colon, or a dash) followed by `node`.
    fn value_after(&mut self, head: &str, node: &Node, indent: usize) {
        self.out.push_str(head);
        if self.is_inline(node) {
            let text = self.inline(node, false);
            match folded(&text, node, head.len(), indent + 2) {
                Some(block) => {
                    self.out.push_str(" >-");
                    self.trailing(node);
                    self.out.push_str(&block);
                }
                None => {
                    self.out.push(' ');
                    self.out.push_str(&text);
                    self.trailing(node);
                    self.out.push('\n');
                }
            }
            return;
        }
        self.trailing_own(node);
        self.out.push('\n');
        match &node.value {
            Value::Map(_) => self.block_map(node, indent + 2, None),
            _ => self.block_seq(node, indent + 2),
        }
    }

    /// The trailing comments of a block collection's own key line.
    fn trailing_own(&mut self, node: &Node) {
        if let Some(own) = self.comments.trailing.get(&node.path) {
            self.out.push_str(&format!("  #{}", own.join(" #")));
        }
    }

    fn block_seq(&mut self, seq: &Node, indent: usize) {
        let Value::Seq(items) = &seq.value else { return };
        for item in items {
            self.leading(item, indent);
            let dash = format!("{}- ", pad(indent));
            match &item.value {
                Value::Map(entries) if !self.is_inline(item) => {
                    // The first key shares the dash's line, so comments about the
                    // item or that key go above the dash.
                    self.leading(&entries[0].value, indent);
                    let own = self.comments.trailing.get(&item.path).cloned().unwrap_or_default();
                    self.lines(&pad(indent), &own);
                    self.block_map(item, indent + 2, Some(&dash));
                }
                _ => self.value_after(dash.trim_end(), item, indent),
            }
        }
    }

    /// A scalar or a flow collection on one line.
    fn inline(&self, node: &Node, in_flow: bool) -> String {
        match &node.value {
            Value::Scalar { text, plain: true } => text.clone(),
            Value::Scalar { text, plain: false } => plain_or_quoted(text, in_flow),
            Value::Seq(items) => {
                let inner: Vec<String> = items.iter().map(|n| self.inline(n, true)).collect();
                format!("[{}]", inner.join(", "))
            }
            Value::Map(entries) => {
                let inner: Vec<String> = entries
                    .iter()
                    .map(|e| format!("{}: {}", plain_or_quoted(&e.key, true), self.inline(&e.value, true)))
                    .collect();
                format!("{{{}}}", inner.join(", "))
            }
        }
    }
}

/// `text` (already rendered) as a folded block at `indent`, when it is a
/// string too long for its line that folding reads back unchanged.
fn folded(rendered: &str, node: &Node, head: usize, indent: usize) -> Option<String> {
    let Value::Scalar { text, plain: false } = &node.value else { return None };
    if head + 1 + rendered.len() <= WIDTH || !foldable(text) {
        return None;
    }
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > WIDTH {
            out.push_str(&format!("\n{}{line}", pad(indent)));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&format!("\n{}{line}\n", pad(indent)));
    Some(out)
}

/// Folding joins lines with one space: text with line breaks, runs of
/// spaces, tabs or edge spaces would not read back the same.
fn foldable(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text.chars().all(|c| c == ' ' || (!c.is_whitespace() && !c.is_control() && printable(c)))
}

/// Characters YAML allows unescaped (c-printable), minus the byte-order mark.
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// Words that a YAML 1.1 or 1.2 reader takes as something other than a string.
const NOT_STRINGS: &[&str] = &["null", "true", "false", "yes", "no", "on", "off", "y", "n"];

/// `text` as a plain scalar where it is one that reads back as this string in
/// any YAML reader (a word-led run of ordinary characters), else double-quoted.
pub fn plain_or_quoted(text: &str, in_flow: bool) -> String {
    let ordinary =
        |c: char| c.is_ascii_alphanumeric() || " _.;()/'\"+*=<>&%$!?@|~^`-".contains(c) || (!in_flow && c == ',');
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && !text.ends_with(' ')
        && text.chars().all(ordinary)
        && !NOT_STRINGS.contains(&text.to_ascii_lowercase().as_str());
    if plain {
        return text.to_owned();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::super::tree::{parse, Entry};
    use super::*;
    use crate::diag::Location;

    fn node(value: Value, flow: bool) -> Node {
        Node { at: Location { line: 0, column: 0 }, path: String::new(), value, flow }
    }

    fn string(text: &str) -> Node {
        node(Value::Scalar { text: text.into(), plain: false }, false)
    }

    fn map(entries: Vec<(&str, Node)>, flow: bool) -> Node {
        let entries = entries
            .into_iter()
            .map(|(k, value)| Entry { key: k.into(), key_at: Location { line: 0, column: 0 }, value })
            .collect();
        let mut root = node(Value::Map(entries), flow);
        root.assign_paths("");
        root
    }

    /// The string a one-key document holding `text` reads back as, here and
    /// in an independent YAML reader.
    fn round_trip(text: &str) -> String {
        let yaml = emit(&map(vec![("k", string(text))], false), &Comments::default());
        let other: std::collections::BTreeMap<String, String> = serde_norway::from_str(&yaml).unwrap();
        assert_eq!(other["k"], text, "serde_norway reads {yaml:?} differently");
        let doc = parse(&yaml).unwrap_or_else(|e| panic!("{yaml:?}: {}", e.message));
        let Some(Node { value: Value::Map(entries), .. }) = doc.root else { panic!("{yaml:?}") };
        match &entries[0].value.value {
            Value::Scalar { text, .. } => text.clone(),
            other => panic!("{yaml:?} read back as {other:?}"),
        }
    }

    #[test]
    fn strings_that_would_read_as_something_else_are_quoted() {
        for text in
            ["11:3", "true", "No", "0x10", "12", "", " lead", "a # b", "a: b", "#x", "- x", "[x]", "~", "null", "'q'"]
        {
            assert!(plain_or_quoted(text, false).starts_with('"'), "{text}");
            assert_eq!(round_trip(text), text);
        }
        for text in ["TDX module 1.0", "The TD's TDR page.", "hpa_pfn", "a, b"] {
            assert_eq!(plain_or_quoted(text, false), text);
        }
        assert_eq!(plain_or_quoted("a, b", true), "\"a, b\"", "a comma ends a flow item");
    }

    #[test]
    fn long_strings_fold_at_the_width_and_read_back_unchanged() {
        let long = "word ".repeat(60).trim_end().to_owned();
        let yaml = emit(&map(vec![("description", string(&long))], false), &Comments::default());
        assert!(yaml.starts_with("description: >-\n  word"), "{yaml}");
        assert!(yaml.lines().all(|l| l.len() <= WIDTH), "{yaml}");
        assert_eq!(round_trip(&long), long);
        let spaced = format!("{long}  two spaces");
        assert!(!emit(&map(vec![("d", string(&spaced))], false), &Comments::default()).contains(">-"));
        assert_eq!(round_trip(&spaced), spaced);
    }

    #[test]
    fn block_and_flow_collections() {
        let arg = map(vec![("reg", string("rcx")), ("type", string("hpa"))], true);
        let leaf = map(vec![("name", string("TDH.X")), ("inputs", node(Value::Seq(vec![arg]), false))], false);
        let mut root = map(vec![("leaves", node(Value::Seq(vec![leaf]), false))], false);
        root.assign_paths("");
        let yaml = emit(&root, &Comments::default());
        assert_eq!(yaml, "leaves:\n  - name: TDH.X\n    inputs:\n      - {reg: rcx, type: hpa}\n");
    }

    proptest::proptest! {
        #[test]
        fn any_string_reads_back_unchanged(text in "\\PC{0,40}|[ -~]{0,300}|.{0,20}") {
            proptest::prop_assert_eq!(round_trip(&text), text);
        }
    }
}
