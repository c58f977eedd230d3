//! Impl items written as final text. Parsing our own tokens back and printing
//! them is most of the generator's time, so items of a fixed, simple shape
//! are written as the text prettyplease would print. The text is the one
//! source: the macro path (and any item whose lines might not fit the
//! formatter's margin) lexes it into tokens; the file path sets it aside and
//! splices it into the formatted file at a placeholder. A test checks both
//! paths give the same files.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The placeholder item a spliced text stands in for while the file is formatted.
pub const PLACEHOLDER: &str = "__tdx_codegen_text";

/// prettyplease's margin: it breaks no line that fits within it.
const MARGIN: usize = 89;

/// Indent of an impl item.
pub const ITEM: &str = "    ";
/// Indent of a statement in an impl item's body.
pub const BODY: &str = "        ";

/// Where text items go.
#[derive(Debug, Default)]
pub struct Texts {
    /// `Some`: kept aside for splicing (the file path), each with the indent
    /// it is written at; `None`: lexed.
    spliced: Option<Vec<(usize, String)>>,
}

impl Texts {
    /// Texts lexed into the token stream (the macro path).
    pub fn lexed() -> Self {
        Texts { spliced: None }
    }

    /// Texts set aside for splicing into the formatted file.
    #[cfg(feature = "files")]
    pub fn spliced() -> Self {
        Texts { spliced: Some(Vec::new()) }
    }

    /// The texts set aside (with their indents), in placeholder order.
    pub fn into_spliced(self) -> Vec<(usize, String)> {
        self.spliced.unwrap_or_default()
    }

    /// Items at the top of a file (no indent); see [`Texts::items`].
    pub fn top_items(&mut self, text: String) -> TokenStream {
        self.at(0, text)
    }

    /// One or more impl items as prettyplease prints them at impl-item
    /// indent, each line ending in a line break: a placeholder item, or the
    /// lexed tokens (always on the macro path; on the file path when a code
    /// line is too long to be sure prettyplease would not break it).
    pub fn items(&mut self, text: String) -> TokenStream {
        self.at(ITEM.len(), text)
    }

    fn at(&mut self, indent: usize, text: String) -> TokenStream {
        match &mut self.spliced {
            Some(texts) if fits(&text) => {
                let (k, name) = (Literal::usize_unsuffixed(texts.len()), format_ident!("{PLACEHOLDER}"));
                texts.push((indent, text));
                quote!(#name!(#k);)
            }
            _ => lex(&text),
        }
    }
}

/// A string literal as the token printer writes it.
pub fn string_literal(value: &str) -> String {
    Literal::string(value).to_string()
}

/// `name(args)` followed by `end`, as prettyplease lays out a call statement
/// at body indent: on one line, else the arguments on one line of their own,
/// else one argument per line.
pub fn wrapped_call(name: &str, args: &[String], end: &str) -> String {
    first_fitting(&[
        &|| format!("{BODY}{name}({}){end}\n", args.join(", ")),
        &|| format!("{BODY}{name}(\n{BODY}    {}\n{BODY}){end}\n", args.join(", ")),
        &|| {
            format!(
                "{BODY}{name}(\n{}\n{BODY}){end}\n",
                args.iter().map(|a| format!("{BODY}    {a}")).collect::<Vec<_>>().join(",\n")
            )
        },
    ])
}

/// The first layout whose every line fits the formatter's margin, else the last
/// (an item with a line that does not fit is lexed and formatted instead).
pub fn first_fitting(layouts: &[&dyn Fn() -> String]) -> String {
    let mut text = String::new();
    for layout in layouts {
        text = layout();
        if fits(&text) {
            break;
        }
    }
    text
}

/// Every code line within the margin (doc comments are never broken).
pub fn fits(text: &str) -> bool {
    text.split('\n').all(|l| l.len() <= MARGIN || l.trim_start().starts_with("///"))
}

/// The tokens of generated text; text that does not lex is a generator bug,
/// reported where the item would be.
fn lex(text: &str) -> TokenStream {
    text.parse().unwrap_or_else(|e| {
        let msg = format!("tdx-codegen wrote text that does not lex ({e}):\n{text}");
        quote!(compile_error!(#msg);)
    })
}

/// A macro call item at the top of a file, `name!(args);`, as prettyplease
/// lays out its tokens: on one line, else the arguments filled into lines at
/// item indent, each argument but the last followed by its comma.
#[cfg(feature = "files")]
pub fn macro_call(name: &str, args: &[String]) -> String {
    let one = format!("{name}!({});\n", args.join(", "));
    if fits(&one) {
        return one;
    }
    let mut text = format!("{name}!(\n{ITEM}");
    let mut column = ITEM.len();
    for (i, arg) in args.iter().enumerate() {
        let comma = if i + 1 < args.len() { "," } else { "" };
        if i > 0 {
            if column + 1 + arg.len() + comma.len() > MARGIN {
                text += "\n";
                text += ITEM;
                column = ITEM.len();
            } else {
                text.push(' ');
                column += 1;
            }
        }
        text += arg;
        text += comma;
        column += arg.len() + comma.len();
    }
    text + "\n);\n"
}

/// Replaces each placeholder line of a formatted file with its text.
#[cfg(feature = "files")]
pub fn splice(formatted: &str, texts: &[(usize, String)]) -> Result<String, super::EmitError> {
    if texts.is_empty() {
        return Ok(formatted.to_owned());
    }
    let mut out = String::with_capacity(formatted.len() + texts.iter().map(|t| t.1.len()).sum::<usize>());
    // Placeholders are numbered as their texts were made, which need not be file order.
    let mut used = vec![false; texts.len()];
    for line in formatted.split_inclusive('\n') {
        let code = line.trim_start();
        let Some(rest) = code.strip_prefix(PLACEHOLDER) else {
            out.push_str(line);
            continue;
        };
        let index = rest.strip_prefix("!(").and_then(|r| r.trim_end().strip_suffix(");"));
        match index.and_then(|k| k.parse::<usize>().ok()) {
            // A text is written at its placeholder's indent, once.
            Some(k) if k < texts.len() && !used[k] && line.len() - code.len() == texts[k].0 => {
                out.push_str(&texts[k].1);
                used[k] = true;
            }
            _ => return Err(super::EmitError(format!("text placeholder out of place: {line:?}"))),
        }
    }
    if let Some(k) = used.iter().position(|u| !u) {
        return Err(super::EmitError(format!("text placeholder {k} of {} not found", texts.len())));
    }
    Ok(out)
}

/// The file path (texts spliced in) and the token path (texts lexed, then
/// formatted) write the same files: for the bundled tables, and for random
/// layouts whose names and widths move lines across the formatter's margin.
#[cfg(all(test, feature = "files"))]
mod tests {
    use super::super::{layout_module, Body};
    use crate::emit::GeneratedFile;
    use crate::load::{self, TableSource};
    use crate::model::Model;
    use proptest::prelude::*;

    fn model(sources: &[TableSource]) -> Model {
        load::load(sources).and_then(crate::validate::validate).unwrap_or_else(|d| panic!("{d}"))
    }

    /// Every layout's file both ways; panics on the first difference.
    fn assert_same_files(model: &Model) -> usize {
        let mut spliced_any = 0;
        for layout in model.layouts.values() {
            let (mut spliced, mut lexed): (Vec<GeneratedFile>, Vec<GeneratedFile>) = (Vec::new(), Vec::new());
            let file = layout_module(model, layout, Body::File);
            spliced_any += file.texts.len();
            file.files("out", &mut spliced).unwrap();
            layout_module(model, layout, Body::Tokens).files("out", &mut lexed).unwrap();
            for (s, l) in spliced.iter().zip(&lexed) {
                assert!(
                    s.contents == l.contents,
                    "{} differs:\n{}",
                    layout.name,
                    first_difference(&s.contents, &l.contents)
                );
            }
        }
        let (props, lexed) =
            (crate::emit::props::emit(model).unwrap(), crate::emit::props::formatted_from_tokens(model).unwrap());
        assert!(props == lexed, "the property tests differ:\n{}", first_difference(&props, &lexed));
        spliced_any
    }

    fn first_difference(a: &str, b: &str) -> String {
        let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
        format!("spliced: {:?}\nlexed:   {:?}", a.lines().nth(line), b.lines().nth(line))
    }

    #[test]
    fn lines_past_the_margin_fit_only_as_doc_comments() {
        let (at_margin, past) = ("x".repeat(super::MARGIN), "x".repeat(super::MARGIN + 1));
        assert!(super::fits(&format!("{at_margin}\n{at_margin}")));
        assert!(super::fits(&format!("{at_margin}\n")));
        assert!(!super::fits(&format!("{past}\nshort\n")), "first line");
        assert!(!super::fits(&format!("short\n{past}")), "last line, no line break");
        assert!(super::fits(&format!("short\n    /// {past}\n")), "doc comments are never broken");
        assert!(super::fits(""));
    }

    #[test]
    fn the_bundled_tables_are_written_the_same_both_ways() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let sources = load::read_dir(&root.join("spec-tables"), &root).unwrap();
        assert!(assert_same_files(&model(&sources)) > 100, "most field items are spliced");
    }

    /// A table of one layout: fields of the given (name, width, flag) from bit 0 up, the rest reserved.
    fn table(layout: &str, width: u32, fields: &[(String, u32, bool)], description: &str, fixed: bool) -> TableSource {
        let mut y = format!(
            "source: {{document: t, section: \"1\"}}\nlayouts:\n  - name: {layout}\n    width: {width}\n    summary: S.\n    \
             source: {{document: t, section: \"1\"}}\n    fields:\n"
        );
        let mut lo = 0;
        for (name, bits, flag) in fields {
            if lo == width {
                break;
            }
            let (bits, kind) = if *flag { (1, ", kind: flag") } else { ((*bits).min(width - lo), "") };
            // A fixed value on the first field (`FieldSpec::fixed`).
            let kind = if fixed && lo == 0 { format!("{kind}, fixed: 1") } else { kind.to_owned() };
            y += &format!(
                "      - {{name: {name}, bits: \"{}:{lo}\", description: \"{description}\", ref: r{kind}}}\n",
                lo + bits - 1
            );
            lo += bits;
        }
        if lo < width {
            y += &format!("    reserved: [\"{}:{lo}\"]\n", width - 1);
        }
        TableSource { display_path: "t.yaml".into(), bytes: y.into_bytes() }
    }

    fn name() -> impl Strategy<Value = String> {
        // A leading Q: no name shadows a trait method (`eq`, `fmt`, ...).
        "Q[A-Z0-9]{0,7}(_[A-Z][A-Z0-9]{0,9}){0,5}"
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn random_layouts_are_written_the_same_both_ways(
            layout in name(),
            width in prop::sample::select(vec![8u32, 16, 32, 64]),
            fields in prop::collection::btree_map(name(), (1u32..=33, any::<bool>()), 1..6),
            description in "[a-z ]{1,120}",
            fixed in any::<bool>(),
        ) {
            let fields: Vec<(String, u32, bool)> = fields.into_iter().map(|(n, (b, f))| (n, b, f)).collect();
            let source = table(&layout, width, &fields, &format!("D{description}"), fixed);
            assert_same_files(&model(&[source]));
        }
    }
}
