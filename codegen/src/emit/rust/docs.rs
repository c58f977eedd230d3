//! Doc comments for generated items: they start with the bit range and end
//! with the citation, so a reader never needs the spec open to check a mask.

use crate::model::{EntryFormat, Layout, ListRoles, ReleaseInput};
use crate::names::type_name;
use proc_macro2::TokenStream;
use quote::quote;

/// The value of each doc attribute `text` becomes: ` line`, or empty for a blank line.
pub fn values(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|line| content(line).map_or_else(String::new, |l| format!(" {l}")))
}

/// A doc line's text, `None` for a blank line (whose attribute is empty).
fn content(line: &str) -> Option<&str> {
    (!line.trim().is_empty()).then_some(line)
}

/// `#[doc = " line"]` attributes, one per line, so prettyplease prints `///` comments.
pub fn attrs(text: &str) -> TokenStream {
    values(text).map(|line| quote!(#[doc = #line])).collect()
}

/// The `///` comment lines prettyplease prints for [`attrs`]`(text)` at
/// `indent`, each ending in a line break (it trims trailing spaces).
pub fn comment(indent: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8 * (indent.len() + 5));
    for line in text.lines() {
        out += indent;
        out += "///";
        if let Some(line) = content(line) {
            out.push(' ');
            out += line.trim_end_matches(' ');
        }
        out.push('\n');
    }
    out
}

/// A citation as doc text: `<`, `>`, `[` and `]` escaped, so a section such as
/// `TDG.VP.VMCALL<GetTdVmCallInfo>` reads as written instead of an HTML tag or a link.
pub fn citation(source: &crate::model::Source) -> String {
    escape(&source.citation())
}

/// Table text with the characters rustdoc would read as HTML or links escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes text for a markdown table cell.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The type's doc: summary, description, the text diagram and a field table,
/// list roles, source, and last the SVG picture, so an IDE hover or a reader
/// of the vendored file meets the text before ~30 lines of markup.
pub fn layout(layout: &Layout) -> String {
    let mut out = format!("`{}`: {}\n", layout.name, layout.summary.trim());
    if let Some(d) = &layout.description {
        out += &format!("\n{}\n", d.trim());
    }
    out += &format!("\n```text\n{}\n```\n", crate::diagram::text(layout));
    out += "\n| Bits | Field | Meaning |\n|---|---|---|\n";
    let mut rows: Vec<(u32, String)> = layout
        .fields
        .iter()
        .map(|f| (f.bits.lo, format!("| {} | `{}` | {} |", f.bits, f.name, cell(f.description.trim()))))
        .collect();
    rows.extend(layout.reserved.iter().map(|r| (r.bits.lo, format!("| {} | reserved | must be zero |", r.bits))));
    rows.sort_by_key(|(lo, _)| std::cmp::Reverse(*lo));
    for (_, row) in rows {
        out += &row;
        out += "\n";
    }
    if let Some(roles) = &layout.list {
        out += &format!("\n{}\n", list_roles(roles));
    }
    out += &format!("\nSource: {}\n", citation(&layout.source));
    // The same picture for rustdoc (an HTML block: no blank lines inside).
    out += &format!("\n{}", crate::diagram::svg(layout));
    out
}

fn list_roles(r: &ListRoles) -> String {
    let count = match r.count_encoding {
        crate::model::CountEncoding::MinusOne => {
            format!("`{}` holds the entry count minus one", r.count_field)
        }
        crate::model::CountEncoding::Exact => format!("`{}` holds the entry count", r.count_field),
    };
    let entry = match &r.entry {
        EntryFormat::PageHpa => "the host physical address of a 4 KiB page".to_string(),
        // Generated modules re-export every layout from their parent, so `super::` resolves
        // both in tdx-abi and wherever else the emitter's output is placed.
        EntryFormat::Layout(name) => {
            let mut e = format!("a [`{}`](super::{}) value", name, type_name(name));
            if let Some(a) = &r.entry_address_field {
                e += &format!(" whose `{a}` names the page");
            }
            if let Some(p) = &r.entry_pages {
                let how = match p.encoding {
                    crate::model::CountEncoding::MinusOne => "minus one",
                    crate::model::CountEncoding::Exact => "exactly",
                };
                e += &format!(" and whose `{}` counts its contiguous 4 KiB pages ({how})", p.field);
            }
            e
        }
    };
    let mut s = format!(
        "List type (implements [`PageList`](::tdx_abi::PageList)): `{}` holds the list page's frame number; {count}; \
         a list page holds up to {} entries, each {entry}.",
        r.address_field, r.capacity
    );
    if let Some(c) = &r.cursor_field {
        s += &format!(" The module writes its resume cursor to `{c}`.");
    }
    if let Some(single) = &r.singleton {
        let release = match single.release_input {
            ReleaseInput::Zero => "0",
            ReleaseInput::ListPage => "the list-page address",
        };
        s += &format!(
            " Singleton rule: with one entry, `{}` holds that page itself and no list page is used; a release leaf then takes {release}.",
            r.address_field
        );
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn citations_cannot_open_html_tags_or_links() {
        assert_eq!(super::escape("TDG.VP.VMCALL<GetQuote> [GHCI]"), "TDG.VP.VMCALL\\<GetQuote\\> \\[GHCI\\]");
        assert_eq!(
            super::escape("intel/tdx-module: include/tdx_api_defs.h"),
            "intel/tdx-module: include/tdx_api_defs.h"
        );
    }
}
