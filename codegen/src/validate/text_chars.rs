//! Rule: free text (summaries, descriptions, references, notes, citations)
//! holds no control characters but line breaks and tabs, and no Unicode
//! bidirectional controls. A bare carriage return breaks rustdoc's line
//! structure, and bidi overrides make the docs read other than they are
//! (CVE-2021-42574); neither belongs in a spec table.

use crate::diag::Diagnostic;
use crate::model::{Origin, Source, Tables};

/// The first character `text` may not hold, with its position.
fn first_bad(text: &str) -> Option<(usize, char)> {
    text.chars().enumerate().find(|(_, c)| is_bad(*c))
}

fn is_bad(c: char) -> bool {
    let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
    (c.is_control() && c != '\n' && c != '\t') || bidi
}

struct Checker<'a> {
    tables: &'a Tables,
    out: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn text(&mut self, entry: &str, origin: &Origin, key: &str, field: Option<String>, text: &str) {
        if let Some((at, c)) = first_bad(text) {
            let msg = format!(
                "`{key}` holds U+{:04X}, a control or bidirectional character, at character {}",
                c as u32,
                at + 1
            );
            let d = self.tables.entry_diag(entry.to_string(), origin, Some(key), field, msg);
            self.out.push(d.with_help(
                "remove it: text may hold line breaks and tabs, but no other control or bidirectional characters",
            ));
        }
    }

    fn opt(&mut self, entry: &str, origin: &Origin, key: &str, text: Option<&String>) {
        if let Some(t) = text {
            self.text(entry, origin, key, None, t);
        }
    }

    fn source(&mut self, entry: &str, origin: &Origin, source: &Source) {
        match source {
            Source::Repo { repo, path, commit } => {
                self.text(entry, origin, "source.repo", None, repo);
                self.text(entry, origin, "source.path", None, path);
                self.opt(entry, origin, "source.commit", commit.as_ref());
            }
            Source::Document { document, section } => {
                self.text(entry, origin, "source.document", None, document);
                self.text(entry, origin, "source.section", None, section);
            }
        }
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let mut c = Checker { tables, out };
    for l in &tables.layouts {
        let entry = format!("layout `{}`", l.name);
        c.text(&entry, &l.origin, "summary", None, &l.summary);
        c.opt(&entry, &l.origin, "description", l.description.as_ref());
        c.source(&entry, &l.origin, &l.source);
        for f in &l.fields {
            let field = || Some(format!("field `{}`", f.name));
            c.text(&entry, &f.origin, "description", field(), &f.description);
            c.text(&entry, &f.origin, "ref", field(), &f.reference);
        }
    }
    for leaf in &tables.leaves {
        let entry = format!("leaf `{}`", leaf.name);
        c.text(&entry, &leaf.origin, "description", None, &leaf.description);
        c.text(&entry, &leaf.origin, "since", None, &leaf.since);
        c.opt(&entry, &leaf.origin, "note", leaf.note.as_ref());
        c.source(&entry, &leaf.origin, &leaf.source);
        for arg in leaf.inputs.iter().flatten().chain(leaf.outputs.iter().flatten()) {
            if let Some(d) = &arg.description {
                c.text(&entry, &arg.origin, "description", Some(format!("register `{}`", arg.name)), d);
            }
        }
    }
    for t in &tables.tdvmcalls {
        let entry = format!("TDVMCALL sub-function `{}`", t.name);
        c.text(&entry, &t.origin, "description", None, &t.description);
        c.text(&entry, &t.origin, "since", None, &t.since);
        c.text(&entry, &t.origin, "ghci", None, &t.ghci);
        c.opt(&entry, &t.origin, "note", t.note.as_ref());
        c.source(&entry, &t.origin, &t.source);
        for arg in t.inputs.iter().chain(&t.outputs) {
            if let Some(d) = &arg.description {
                c.text(&entry, &arg.origin, "description", Some(format!("register `{}`", arg.name)), d);
            }
        }
    }
    for s in &tables.tdvmcall_statuses {
        let entry = format!("TDVMCALL status `{}`", s.name);
        c.opt(&entry, &s.origin, "description", s.description.as_ref());
        c.opt(&entry, &s.origin, "note", s.note.as_ref());
        c.source(&entry, &s.origin, &s.source);
    }
    for s in &tables.status_codes {
        let entry = format!("status code `{}`", s.name);
        c.opt(&entry, &s.origin, "description", s.description.as_ref());
        c.opt(&entry, &s.origin, "note", s.note.as_ref());
        c.source(&entry, &s.origin, &s.source);
    }
    for o in &tables.operand_ids {
        let entry = format!("operand ID `{}`", o.name);
        c.opt(&entry, &o.origin, "note", o.note.as_ref());
        c.source(&entry, &o.origin, &o.source);
    }
    for m in &tables.metadata_fields {
        let entry = format!("metadata field `{}`", m.name);
        c.opt(&entry, &m.origin, "description", m.description.as_ref());
        c.opt(&entry, &m.origin, "note", m.note.as_ref());
        c.source(&entry, &m.origin, &m.source);
    }
    for s in &tables.structs {
        let entry = format!("struct `{}`", s.name);
        c.text(&entry, &s.origin, "summary", None, &s.summary);
        c.opt(&entry, &s.origin, "description", s.description.as_ref());
        c.source(&entry, &s.origin, &s.source);
        for m in &s.members {
            let member = || Some(format!("member `{}`", m.name));
            c.text(&entry, &m.origin, "description", member(), &m.description);
            c.text(&entry, &m.origin, "ref", member(), &m.reference);
        }
    }
    for v in &tables.struct_variants {
        let entry = format!("struct variants `{}`", v.name);
        c.text(&entry, &v.origin, "summary", None, &v.summary);
        c.opt(&entry, &v.origin, "description", v.description.as_ref());
        c.source(&entry, &v.origin, &v.source);
        for case in &v.cases {
            c.text(&entry, &case.origin, "ref", Some(format!("case {}", case.value)), &case.reference);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};
    use super::check;

    #[test]
    fn carriage_returns_and_bidi_controls_are_reported_where_they_are() {
        let y = layout_yaml("W", 8, &[("A", "7:0", "")], &[], "")
            .replace("summary: A test layout.", "summary: \"A test\\rlayout.\"")
            .replace("description: A field.", "description: \"A \\u202Efield.\"");
        assert_eq!(
            run(check, &[&y]),
            [
                "4:14 `summary` holds U+000D, a control or bidirectional character, at character 7",
                "11:22 `description` holds U+202E, a control or bidirectional character, at character 3",
            ]
        );
        let ok = layout_yaml("W", 8, &[("A", "7:0", "")], &[], "")
            .replace("description: A field.", "description: \"A\\tfield,\\nover two lines.\"");
        assert!(run(check, &[&ok]).is_empty());
    }
}
