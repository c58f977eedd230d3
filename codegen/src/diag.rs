//! Diagnostics: what went wrong, where (file, line:column, YAML path), in which
//! table entry and field, and what would be valid.

use core::fmt;

/// A 1-based line and column in a table file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// One problem found in the tables.
#[derive(Clone, Debug, PartialEq, Eq)]
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
}

impl Diagnostic {
    /// Adds what would be valid.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        match self.location {
            Some(loc) => write!(f, "  --> {}:{}:{}", self.file, loc.line, loc.column)?,
            None => write!(f, "  --> {}", self.file)?,
        }
        if !self.yaml_path.is_empty() {
            write!(f, " (at {})", self.yaml_path)?;
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

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let n = self.0.len();
        write!(f, "error: {n} problem{} in the spec tables; nothing was written", if n == 1 { "" } else { "s" })
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
            help: None,
        }
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
