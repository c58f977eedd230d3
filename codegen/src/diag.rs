//! Diagnostics: what went wrong, where (file, line:column, YAML path, and the
//! source line with a caret under the spot), in which table entry and field,
//! other places that matter ("first defined here"), and what would be valid.

use core::fmt;

/// A 1-based line and column in a table file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A second place a problem involves, e.g. where a duplicate was first defined.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Note {
    /// What the place is, e.g. `first defined here`.
    pub message: String,
    /// The table file.
    pub file: String,
    /// Line and column, where known.
    pub location: Option<Location>,
    /// The text of that line, for the excerpt.
    pub source_line: Option<String>,
}

/// One problem found in the tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostic {
    /// The table file, as given to the loader.
    pub file: String,
    /// Line and column, where the YAML parser knows them.
    pub location: Option<Location>,
    /// Path of the offending node inside the file, e.g. `layouts[0].fields[2].bits`.
    pub yaml_path: String,
    /// The table entry, e.g. `layout HPA_LIST_INFO`.
    pub entry: Option<String>,
    /// The field or key inside the entry, e.g. `field FIRST_ENTRY`.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What would be valid.
    pub help: Option<String>,
    /// The text of the offending line, for the excerpt.
    pub source_line: Option<String>,
    /// Other places the problem involves.
    pub notes: Vec<Note>,
}

impl Diagnostic {
    /// Adds what would be valid.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a second place (see [`crate::model::Tables::note`]).
    pub fn with_note(mut self, note: Note) -> Self {
        self.notes.push(note);
        self
    }
}

/// How many characters from `column` (1-based) the token there spans: a
/// quoted scalar to its closing quote, else up to the next delimiter.
fn token_len(line: &str, column: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(column.saturating_sub(1)).collect();
    let len = match rest.first() {
        Some(q @ ('"' | '\'')) => rest.iter().skip(1).position(|c| c == q).map_or(rest.len(), |p| p + 2),
        // A key ends at its `: `; a plain value at the next flow delimiter or comment.
        Some(_) => (0..rest.len())
            .find(|&i| {
                matches!(rest[i], ',' | '}' | ']' | '#')
                    || (rest[i] == ':' && rest.get(i + 1).is_none_or(|c| *c == ' '))
            })
            .unwrap_or(rest.len()),
        None => 1,
    };
    let token: String = rest.iter().take(len).collect();
    token.trim_end().chars().count().max(1)
}

/// ` 7 | <line>` and the caret line under `column`, indented by `gutter`.
fn excerpt(f: &mut fmt::Formatter<'_>, line_no: usize, column: usize, text: &str) -> fmt::Result {
    let gutter = line_no.to_string().len();
    // Tabs would shift the caret; show them as one space each, as the column counts them.
    let shown: String = text.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
    write!(f, "\n{:gutter$} |", "")?;
    write!(f, "\n{line_no} | {}", shown.trim_end())?;
    let caret = "^".repeat(token_len(text, column));
    write!(f, "\n{:gutter$} | {:pad$}{caret}", "", "", pad = column.saturating_sub(1))
}

fn arrow(f: &mut fmt::Formatter<'_>, file: &str, location: Option<Location>) -> fmt::Result {
    match location {
        Some(loc) => write!(f, "  --> {}:{}:{}", file, loc.line, loc.column),
        None => write!(f, "  --> {file}"),
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        arrow(f, &self.file, self.location)?;
        if !self.yaml_path.is_empty() {
            write!(f, " (at {})", self.yaml_path)?;
        }
        if let (Some(loc), Some(text)) = (self.location, &self.source_line) {
            excerpt(f, loc.line, loc.column, text)?;
        }
        match (&self.entry, &self.field) {
            (Some(entry), Some(field)) => write!(f, "\n  = in: {entry}, {field}")?,
            (Some(entry), None) => write!(f, "\n  = in: {entry}")?,
            (None, Some(field)) => write!(f, "\n  = in: {field}")?,
            (None, None) => {}
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        for note in &self.notes {
            write!(f, "\nnote: {}\n", note.message)?;
            arrow(f, &note.file, note.location)?;
            if let (Some(loc), Some(text)) = (note.location, &note.source_line) {
                excerpt(f, loc.line, loc.column, text)?;
            }
        }
        Ok(())
    }
}

/// Every problem found in one run, in file and position order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by file, then position, so output does not depend on rule order.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.file, a.location, &a.yaml_path, &a.message).cmp(&(&b.file, b.location, &b.yaml_path, &b.message))
        });
        self.0.dedup();
        self
    }
}

impl Diagnostics {
    /// Every diagnostic, then a count ending in what the front end did not do
    /// (`nothing was written` for regen, `nothing was generated` for the macros).
    pub fn render(&self, outcome: &str) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out += &format!("{d}\n\n");
        }
        let n = self.0.len();
        out + &format!("error: {n} problem{} in the spec tables; {outcome}", if n == 1 { "" } else { "s" })
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("nothing was written"))
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(location: Option<Location>) -> Diagnostic {
        Diagnostic {
            file: "spec-tables/x.yaml".into(),
            location,
            yaml_path: "layouts[0].fields[1].bits".into(),
            entry: Some("layout `X`".into()),
            field: Some("field `A`".into()),
            message: "bits 64:60 reach past the 64-bit width".into(),
            ..Diagnostic::default()
        }
    }

    #[test]
    fn renders_the_source_line_with_a_caret_under_the_token_and_notes() {
        let mut d = sample(Some(Location { line: 7, column: 25 }));
        d.source_line = Some("      - {name: A, bits: \"64:60\", description: d}".into());
        d.notes.push(Note {
            message: "first defined here".into(),
            file: "spec-tables/y.yaml".into(),
            location: Some(Location { line: 12, column: 15 }),
            source_line: Some("      - name: A".into()),
        });
        let text = d.to_string();
        assert!(
            text.contains(
                "\n  |\n7 |       - {name: A, bits: \"64:60\", description: d}\n  |                         ^^^^^^^\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("\nnote: first defined here\n  --> spec-tables/y.yaml:12:15\n   |\n12 |       - name: A\n   |               ^"),
            "{text}"
        );
    }

    #[test]
    fn renders_location_path_entry_field_and_help() {
        let d = sample(Some(Location { line: 7, column: 15 })).with_help("use bits 63:0 at most");
        assert_eq!(
            d.to_string(),
            "error: bits 64:60 reach past the 64-bit width\n  --> spec-tables/x.yaml:7:15 (at layouts[0].fields[1].bits)\n  = in: layout `X`, field `A`\n  = help: use bits 63:0 at most"
        );
    }

    #[test]
    fn falls_back_to_the_yaml_path_without_a_location() {
        assert!(sample(None).to_string().contains("  --> spec-tables/x.yaml (at layouts[0].fields[1].bits)\n"));
    }

    #[test]
    fn summary_counts_problems_and_says_nothing_was_written() {
        let all = Diagnostics(vec![sample(None), sample(None)]).sorted();
        assert_eq!(all.0.len(), 1, "exact duplicates are merged");
        assert!(all.to_string().ends_with("error: 1 problem in the spec tables; nothing was written"));
    }
}
