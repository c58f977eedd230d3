//! Rule: every entry says what it is and cites where it comes from; every
//! field has a description and a reference into the source. A citation's
//! problem names the key that is wrong (`repo`, `path`, `commit`, ...), and
//! leaves, status codes, operand IDs and metadata fields are held to the same
//! rule as layouts, whether they cite a source of their own or the file's.

use crate::diag::Diagnostic;
use crate::model::{Origin, Source, Tables};
use std::collections::BTreeSet;

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What is wrong with a citation: the key, and why.
fn source_problems(source: &Source) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    match source {
        Source::Repo { repo, path, commit } => {
            let parts: Vec<&str> = repo.split('/').collect();
            if parts.len() != 2 || parts.iter().any(|p| blank(p) || p.contains(char::is_whitespace)) {
                problems.push(("repo", format!("`repo: {repo}` is not `owner/name`")));
            }
            if blank(path) {
                problems.push(("path", "`path` is empty".to_string()));
            }
            if let Some(c) = commit {
                if c.len() != 40 || !c.chars().all(|h| h.is_ascii_hexdigit()) {
                    problems.push(("commit", format!("`commit: {c}` is not a full commit hash (40 hex digits)")));
                }
            }
        }
        Source::Document { document, section } => {
            if blank(document) {
                problems.push(("document", "`document` is empty".to_string()));
            }
            if blank(section) {
                problems.push(("section", "`section` is empty".to_string()));
            }
        }
    }
    problems
}

const SOURCE_HELP: &str = "cite `repo` (owner/name), `path` (a file in it) and optionally `commit` (40 hex digits); or `document` and `section`, both filled in";

/// Reports the citation of the entry at `origin`: at the entry's own `source`
/// if it has one, else at the file's default `source` (reported once per file).
fn check_source(
    tables: &Tables,
    entry: String,
    origin: &Origin,
    source: &Source,
    seen: &mut BTreeSet<(usize, String)>,
    out: &mut Vec<Diagnostic>,
) {
    // The entry's own `source`, or the file's top-level one it inherits.
    let (anchor, prefix) = if tables.files[origin.file].cites_own_source(&origin.path) {
        (origin.clone(), "source.")
    } else {
        (Origin { file: origin.file, path: "source".into() }, "")
    };
    for (key, message) in source_problems(source) {
        let key_path = format!("{prefix}{key}");
        if !seen.insert((origin.file, format!("{}.{key_path}", anchor.path))) {
            continue;
        }
        let d = tables.entry_diag(entry.clone(), &anchor, Some(&key_path), Some("source".into()), message);
        out.push(d.with_help(SOURCE_HELP));
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for l in &tables.layouts {
        if blank(&l.summary) {
            out.push(
                tables
                    .layout_diag(l, &l.origin, Some("summary"), None, "the summary is empty")
                    .with_help("say in one line what the layout is"),
            );
        }
        check_source(tables, format!("layout `{}`", l.name), &l.origin, &l.source, &mut seen, out);
        for f in &l.fields {
            let field = Some(format!("field `{}`", f.name));
            if blank(&f.description) {
                out.push(
                    tables
                        .layout_diag(l, &f.origin, Some("description"), field.clone(), "the description is empty")
                        .with_help("say what the field means"),
                );
            }
            if blank(&f.reference) {
                let help = "name the spot in the source that defines the field (a struct member, table row or macro)";
                out.push(
                    tables.layout_diag(l, &f.origin, Some("ref"), field, "the reference is empty").with_help(help),
                );
            }
        }
    }
    for leaf in &tables.leaves {
        let entry = format!("leaf `{}`", leaf.name);
        check_source(tables, entry.clone(), &leaf.origin, &leaf.source, &mut seen, out);
        if blank(&leaf.description) {
            let d =
                tables.entry_diag(entry.clone(), &leaf.origin, Some("description"), None, "the description is empty");
            out.push(d.with_help("say in one line what the leaf does"));
        }
        let args = leaf.inputs.iter().flatten().chain(leaf.outputs.iter().flatten());
        for arg in args.filter(|a| a.description.as_deref().is_some_and(blank)) {
            let field = Some(format!("register `{}`", arg.name));
            let d =
                tables.entry_diag(entry.clone(), &arg.origin, Some("description"), field, "the description is empty");
            out.push(d.with_help("say what the register holds, or leave `description` out"));
        }
    }
    for s in &tables.status_codes {
        check_source(tables, format!("status code `{}`", s.name), &s.origin, &s.source, &mut seen, out);
    }
    for o in &tables.operand_ids {
        check_source(tables, format!("operand ID `{}`", o.name), &o.origin, &o.source, &mut seen, out);
    }
    for m in &tables.metadata_fields {
        check_source(tables, format!("metadata field `{}`", m.name), &m.origin, &m.source, &mut seen, out);
    }
    for t in &tables.tdvmcalls {
        let entry = format!("TDVMCALL sub-function `{}`", t.name);
        check_source(tables, entry.clone(), &t.origin, &t.source, &mut seen, out);
        if blank(&t.description) {
            let d = tables.entry_diag(entry, &t.origin, Some("description"), None, "the description is empty");
            out.push(d.with_help("say in one line what the sub-function asks of the VMM"));
        }
    }
    for s in &tables.tdvmcall_statuses {
        check_source(tables, format!("TDVMCALL status `{}`", s.name), &s.origin, &s.source, &mut seen, out);
    }
    let empty = |entry: &str, origin, key: &str, field: Option<String>, help: &str| {
        let what = if key == "ref" { "reference" } else { key };
        tables.entry_diag(entry.to_string(), origin, Some(key), field, format!("the {what} is empty")).with_help(help)
    };
    for s in &tables.structs {
        let entry = format!("struct `{}`", s.name);
        check_source(tables, entry.clone(), &s.origin, &s.source, &mut seen, out);
        if blank(&s.summary) {
            out.push(empty(&entry, &s.origin, "summary", None, "say in one line what the struct is"));
        }
        for m in &s.members {
            let member = || Some(format!("member `{}`", m.name));
            if blank(&m.description) {
                out.push(empty(&entry, &m.origin, "description", member(), "say what the member holds"));
            }
            if blank(&m.reference) {
                let help = "name the spot in the source that defines the member (a struct member or table row)";
                out.push(empty(&entry, &m.origin, "ref", member(), help));
            }
        }
    }
    for v in &tables.struct_variants {
        let entry = format!("struct variants `{}`", v.name);
        check_source(tables, entry.clone(), &v.origin, &v.source, &mut seen, out);
        if blank(&v.summary) {
            out.push(empty(&entry, &v.origin, "summary", None, "say in one line what the forms are"));
        }
        for c in v.cases.iter().filter(|c| blank(&c.reference)) {
            let help = "name the spot in the source that defines the selector value";
            out.push(empty(&entry, &c.origin, "ref", Some(format!("case {}", c.value)), help));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    #[test]
    fn complete_citations_pass() {
        assert!(run(super::check, &[&layout_yaml("W", 8, &[("A", "7:0", "")], &[], "")]).is_empty());
    }

    #[test]
    fn empty_texts_and_malformed_repos_are_reported() {
        let y = layout_yaml("W", 8, &[("A", "7:0", "")], &[], "")
            .replace("repo: intel/tdx-module", "repo: tdx-module")
            .replace("summary: A test layout.", "summary: \" \"")
            .replace("ref: test", "ref: \"\"");
        assert_eq!(
            run(super::check, &[&y]),
            [
                "4:14 the summary is empty",
                "6:13 `repo: tdx-module` is not `owner/name`",
                "12:14 the reference is empty",
            ]
        );
    }

    #[test]
    fn leaf_and_file_level_citations_name_the_bad_key() {
        use super::super::test_support::leaves_yaml;
        let y = leaves_yaml(
            "  - {name: TDH.A, number: 1, since: t, description: \" \", inputs: [{reg: rcx, name: x, type: u64, description: \"\"}]}\n  - {name: TDH.B, number: 2, since: t, description: b, source: {document: d, section: \"\"}}\n",
        )
        .replace("path: include/tdx_api_defs.h}", "path: include/tdx_api_defs.h, commit: not-a-hash}");
        assert_eq!(
            run(super::check, &[&y]),
            [
                "1:72 `commit: not-a-hash` is not a full commit hash (40 hex digits)",
                "3:53 the description is empty",
                "3:111 the description is empty",
                "4:87 `section` is empty",
            ]
        );
    }
}
