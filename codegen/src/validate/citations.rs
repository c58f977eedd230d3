//! Rule: every entry says what it is and cites where it comes from; every
//! field has a description and a reference into the source.

use crate::diag::Diagnostic;
use crate::model::{Source, Tables};

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for l in &tables.layouts {
        if blank(&l.summary) {
            out.push(
                tables
                    .layout_diag(l, &l.origin, Some("summary"), None, "the summary is empty")
                    .with_help("say in one line what the layout is"),
            );
        }
        let source_ok = match &l.source {
            Source::Repo { repo, path, commit } => {
                let commit_ok =
                    commit.as_ref().is_none_or(|c| c.len() == 40 && c.chars().all(|h| h.is_ascii_hexdigit()));
                repo.split('/').filter(|p| !blank(p)).count() == 2
                    && repo.matches('/').count() == 1
                    && !blank(path)
                    && commit_ok
            }
            Source::Document { document, section } => !blank(document) && !blank(section),
        };
        if !source_ok {
            let msg = format!("the citation `{}` is not usable", l.source.citation());
            let help = "`repo` is owner/name, `path` a file in it and `commit` (if given) 40 hex digits; or `document` and `section` are both filled in";
            out.push(tables.layout_diag(l, &l.origin, Some("source"), Some("source".into()), msg).with_help(help));
        }
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
                "6:7 the citation `tdx-module: include/tdx_api_defs.h` is not usable",
                "12:14 the reference is empty",
            ]
        );
    }
}
