//! The report as markdown, for a pull-request comment: a table of changes,
//! worst first, then before and after diagrams of every layout whose bits changed
//! and byte maps of every struct whose bytes changed.

use super::{Report, CLASSES};

fn code(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("`{}`", text.replace('|', "\\|").replace('`', "'"))
    }
}

/// Markdown, ending with a newline.
pub fn markdown(report: &Report) -> String {
    let mut out = String::from("## TDX ABI table changes\n\n");
    if report.changes.is_empty() {
        out += "No changes to the tables.\n";
        return out;
    }
    let verdict = match report.worst() {
        Some(c) if c.is_breaking() => "**Breaking.**",
        _ => "Compatible.",
    };
    out += &format!("{verdict} {}.\n\n", report.summary());
    out += "| Class | Item | Change | Before | After |\n|---|---|---|---|---|\n";
    for class in CLASSES {
        for c in report.changes.iter().filter(|c| c.class == class) {
            let what = match &c.field {
                Some(f) => format!("{} {}", c.what.label(), code(f)),
                None => c.what.label().to_string(),
            };
            let label = if class.is_breaking() { format!("**{}**", class.label()) } else { class.label().to_string() };
            out += &format!(
                "| {label} | {} {} | {what} | {} | {} |\n",
                c.kind.label(),
                code(&c.item),
                code(c.before.as_deref().unwrap_or("")),
                code(c.after.as_deref().unwrap_or(""))
            );
        }
    }
    for (title, pictures) in [("Layouts", &report.diagrams), ("Structs", &report.byte_maps)] {
        if pictures.is_empty() {
            continue;
        }
        out += &format!("\n### {title}\n");
        for (name, d) in pictures {
            out += &format!("\n#### `{name}`\n");
            for (label, diagram) in [("Before", &d.before), ("After", &d.after)] {
                match diagram {
                    Some(text) => out += &format!("\n{label}:\n\n```text\n{text}\n```\n"),
                    None => out += &format!("\n{label}: none.\n"),
                }
            }
        }
    }
    out
}
