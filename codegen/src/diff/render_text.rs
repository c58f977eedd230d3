//! The report as plain text, for a terminal: grouped by class, worst first.

use super::{Report, CLASSES};

/// Plain text, ending with a newline.
pub fn text(report: &Report) -> String {
    if report.changes.is_empty() {
        return "no changes to the tables\n".to_string();
    }
    let mut out = format!("{}\n", report.summary());
    for class in CLASSES {
        let changes: Vec<_> = report.changes.iter().filter(|c| c.class == class).collect();
        if changes.is_empty() {
            continue;
        }
        out += &format!("\n{}:\n", class.label());
        for c in changes {
            out += &format!("  {}\n", c.sentence());
        }
    }
    out
}
