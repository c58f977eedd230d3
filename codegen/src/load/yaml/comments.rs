//! Where each comment of a parsed file goes in a rewritten one: above the
//! key or item it stood above, or after the value it followed, found by path.
//! A comment whose node the rewrite drops (a default left out) moves to the
//! nearest enclosing node that remains; none is lost.

use super::tree::{Document, Node, Value};
use crate::diag::Location;
use std::collections::{BTreeMap, BTreeSet};

/// Comments by the path of the node they belong to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Comments {
    /// Above everything (a file's opening comment).
    pub header: Vec<String>,
    /// Below everything.
    pub footer: Vec<String>,
    /// Lines above a node.
    pub leading: BTreeMap<String, Vec<String>>,
    /// After a node, on its line.
    pub trailing: BTreeMap<String, Vec<String>>,
}

/// Every key and item start in `node`, parents before children.
fn anchors(node: &Node, out: &mut Vec<(Location, String)>) {
    match &node.value {
        Value::Scalar { .. } => {}
        Value::Seq(items) => {
            for item in items {
                out.push((item.at, item.path.clone()));
                anchors(item, out);
            }
        }
        Value::Map(entries) => {
            for e in entries {
                out.push((e.key_at, e.value.path.clone()));
                anchors(&e.value, out);
            }
        }
    }
}

fn paths(node: &Node, out: &mut BTreeSet<String>) {
    out.insert(node.path.clone());
    match &node.value {
        Value::Scalar { .. } => {}
        Value::Seq(items) => items.iter().for_each(|n| paths(n, out)),
        Value::Map(entries) => entries.iter().for_each(|e| paths(&e.value, out)),
    }
}

/// `layouts[0].fields` for `layouts[0].fields[2]`, `layouts[0]` for `layouts[0].fields`.
fn parent(path: &str) -> &str {
    if path.ends_with(']') {
        path.rfind('[').map_or("", |i| &path[..i])
    } else {
        path.rsplit_once('.').map_or("", |(p, _)| p)
    }
}

impl Comments {
    /// Places the comments of `parsed` on the nodes of `output`, a rewrite of
    /// the same file whose nodes have the same paths.
    pub fn attach(parsed: &Document, output: &Node) -> Comments {
        let mut marks = Vec::new();
        if let Some(root) = &parsed.root {
            anchors(root, &mut marks);
        }
        // Stable: an item and its first key start at one place; the key is later, so deeper.
        marks.sort_by_key(|(at, _)| *at);
        let mut present = BTreeSet::new();
        paths(output, &mut present);
        let mut out = Comments::default();
        for c in &parsed.comments {
            let before = marks.partition_point(|(at, _)| *at < c.at);
            let target = if c.own_line {
                marks.get(before).filter(|_| before > 0).map(|(_, p)| p)
            } else {
                let same_line = marks[..before].iter().rev().find(|(at, _)| at.line == c.at.line);
                same_line.or(marks[..before].last()).map(|(_, p)| p)
            };
            let Some(mut path) = target.map(String::as_str) else {
                let whole =
                    if c.own_line && before == marks.len() && before > 0 { &mut out.footer } else { &mut out.header };
                whole.push(c.text.clone());
                continue;
            };
            while !path.is_empty() && !present.contains(path) {
                path = parent(path);
            }
            let slot = match (path.is_empty(), c.own_line) {
                (true, _) => &mut out.header,
                (false, true) => out.leading.entry(path.to_owned()).or_default(),
                (false, false) => out.trailing.entry(path.to_owned()).or_default(),
            };
            slot.push(c.text.clone());
        }
        out
    }

    /// The comments above `node` and, when it is written on one line, above
    /// anything inside it.
    pub fn leading_within(&self, node: &Node, inline: bool, out: &mut Vec<String>) {
        self.collect(&self.leading, node, inline, out);
    }

    /// The comments after `node` and, when it is written on one line, after
    /// anything inside it.
    pub fn trailing_within(&self, node: &Node, inline: bool, out: &mut Vec<String>) {
        self.collect(&self.trailing, node, inline, out);
    }

    fn collect(&self, by_path: &BTreeMap<String, Vec<String>>, node: &Node, deep: bool, out: &mut Vec<String>) {
        out.extend(by_path.get(&node.path).into_iter().flatten().cloned());
        if !deep {
            return;
        }
        match &node.value {
            Value::Scalar { .. } => {}
            Value::Seq(items) => items.iter().for_each(|n| self.collect(by_path, n, true, out)),
            Value::Map(entries) => entries.iter().for_each(|e| self.collect(by_path, &e.value, true, out)),
        }
    }

    /// How many comments there are, for checking that none was lost.
    pub fn count(&self) -> usize {
        self.header.len()
            + self.footer.len()
            + self.leading.values().map(Vec::len).sum::<usize>()
            + self.trailing.values().map(Vec::len).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::super::emit::emit;
    use super::super::tree::parse;
    use super::*;

    const DOC: &str = "\
# file head

layouts:
  # above the entry
  - name: A  # after the name
    serialized: false  # a default the rewrite drops
    fields:  # after a key
      - {name: X, bits: \"3:0\"}  # after a flow item
# at the end
";

    #[test]
    fn comments_land_on_the_node_they_were_written_beside() {
        let doc = parse(DOC).unwrap();
        let root = doc.root.as_ref().unwrap();
        let c = Comments::attach(&doc, root);
        assert_eq!(c.header, [" file head"]);
        assert_eq!(c.footer, [" at the end"]);
        assert_eq!(c.leading["layouts[0]"], [" above the entry"]);
        assert_eq!(c.trailing["layouts[0].name"], [" after the name"]);
        assert_eq!(c.trailing["layouts[0].fields"], [" after a key"]);
        assert_eq!(c.trailing["layouts[0].fields[0].bits"], [" after a flow item"]);
        assert_eq!(c.count(), doc.comments.len());
    }

    #[test]
    fn a_comment_on_a_dropped_node_moves_to_its_parent_and_the_rewrite_keeps_every_comment() {
        let doc = parse(DOC).unwrap();
        let mut out = doc.root.clone().unwrap();
        let Value::Map(top) = &mut out.value else { panic!() };
        let Value::Seq(items) = &mut top[0].value.value else { panic!() };
        let Value::Map(entry) = &mut items[0].value else { panic!() };
        entry.retain(|e| e.key != "serialized");
        let c = Comments::attach(&doc, &out);
        assert_eq!(c.trailing["layouts[0]"], [" a default the rewrite drops"]);
        let text = emit(&out, &c);
        let again = parse(&text).unwrap();
        assert_eq!(again.comments.len(), doc.comments.len(), "{text}");
        assert!(text.starts_with("# file head\nlayouts:\n  # above the entry\n"), "{text}");
        assert!(text.contains("      - {name: X, bits: \"3:0\"}  # after a flow item\n"), "{text}");
        assert!(text.ends_with("# at the end\n"), "{text}");
    }
}
