//! Validation: one rule per file, each reporting every problem it finds.
//! [`validate`] runs them all and builds the [`Model`] only if none fired.

mod availability;
mod citations;
mod entry_roles;
mod field_kinds;
mod fixed_values;
mod full_coverage;
mod identifiers;
mod layout_width;
mod leaf_identity;
mod leaf_registers;
mod leaf_resume;
mod leaf_types;
mod leaf_versions;
mod linked_roles;
mod list_roles;
mod metadata_fields;
mod name_collisions;
mod no_overlap;
mod operand_ids;
mod range_order;
mod range_within_width;
mod ref_bits;
mod singleton;
mod status_codes;
mod struct_layout;
mod struct_variants;
mod tdvmcall_statuses;
mod tdvmcalls;
mod text_chars;
mod unique_names;

pub use status_codes::code_key as status_key;

use crate::bits::BitRange;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Layout, Model, Origin, Tables};

/// A validation rule: reads the tables, appends what it finds.
pub type Rule = fn(&Tables, &mut Vec<Diagnostic>);

/// A rule, and the rules that report what it passes over (so one problem is
/// reported once, by the rule it belongs to, and the others skip it).
pub struct RuleSpec {
    /// The rule's file name under `validate/`.
    pub name: &'static str,
    /// The check.
    pub check: Rule,
    /// Rules reporting the input this one skips: a bit range out of order or
    /// past the width, a width that is no word size, a duplicated name.
    pub leaves_to: &'static [&'static str],
}

const fn rule(name: &'static str, check: Rule, leaves_to: &'static [&'static str]) -> RuleSpec {
    RuleSpec { name, check, leaves_to }
}

/// Every rule, in the order their findings are most useful to read.
pub const RULES: &[RuleSpec] = &[
    rule("identifiers", identifiers::check, &[]),
    rule("unique_names", unique_names::check, &[]),
    rule("name_collisions", name_collisions::check, &["unique_names", "leaf_identity"]),
    rule("citations", citations::check, &[]),
    rule("text_chars", text_chars::check, &[]),
    rule("layout_width", layout_width::check, &[]),
    rule("range_order", range_order::check, &[]),
    rule("range_within_width", range_within_width::check, &["layout_width"]),
    rule("no_overlap", no_overlap::check, &["range_order", "range_within_width"]),
    rule("full_coverage", full_coverage::check, &["layout_width", "range_order", "range_within_width"]),
    rule("ref_bits", ref_bits::check, &["range_order"]),
    rule("field_kinds", field_kinds::check, &["range_order"]),
    rule("list_roles", list_roles::check, &["layout_width"]),
    rule("entry_roles", entry_roles::check, &["list_roles"]),
    rule("fixed_values", fixed_values::check, &["range_order"]),
    rule("linked_roles", linked_roles::check, &["layout_width"]),
    rule("singleton", singleton::check, &[]),
    rule("leaf_identity", leaf_identity::check, &[]),
    rule("leaf_registers", leaf_registers::check, &[]),
    rule("leaf_types", leaf_types::check, &[]),
    rule("leaf_versions", leaf_versions::check, &[]),
    rule("leaf_resume", leaf_resume::check, &[]),
    rule("status_codes", status_codes::check, &[]),
    rule("operand_ids", operand_ids::check, &[]),
    rule("metadata_fields", metadata_fields::check, &[]),
    rule("struct_layout", struct_layout::check, &["layout_width"]),
    rule("struct_variants", struct_variants::check, &["struct_layout"]),
    rule("tdvmcalls", tdvmcalls::check, &[]),
    rule("tdvmcall_statuses", tdvmcall_statuses::check, &[]),
    rule("availability", availability::check, &[]),
];

/// Runs every rule; on success the tables become a [`Model`].
pub fn validate(tables: Tables) -> Result<Model, Diagnostics> {
    let diags = run_rules(&tables);
    if !diags.is_empty() {
        return Err(Diagnostics(diags).sorted());
    }
    let layouts = tables.layouts.iter().map(|l| (l.name.clone(), l.clone())).collect();
    // Rules passed, so resolution cannot fail; if it does, that is reported, not a panic.
    let resolved = crate::resolved::resolve(&tables).map_err(|d| Diagnostics(d).sorted())?;
    let crate::resolved::Resolved { lists, linked, leaves: (leaves, tdcalls), tdvmcalls } = resolved;
    let status_codes = tables.status_codes.iter().map(|s| (s.name.clone(), s.clone())).collect();
    let operand_ids = tables.operand_ids.iter().map(|o| (o.value, o.clone())).collect();
    let metadata_fields = tables.metadata_fields.iter().map(|m| ((m.scope, m.name.clone()), m.clone())).collect();
    let structs = struct_layout::with_nested_sizes(&tables.structs);
    let tdvmcall_statuses = tables.tdvmcall_statuses.iter().map(|s| (s.value, s.clone())).collect();
    Ok(Model {
        tables,
        layouts,
        lists,
        linked,
        leaves,
        tdcalls,
        status_codes,
        operand_ids,
        metadata_fields,
        structs,
        tdvmcalls,
        tdvmcall_statuses,
    })
}

/// The rule that checks every generated name against every other: the
/// costliest, run beside the others (their findings are sorted together).
const ALONGSIDE: &str = "name_collisions";

/// Every rule's findings, in no particular order.
fn run_rules(tables: &Tables) -> Vec<Diagnostic> {
    let run = |pick: &dyn Fn(&RuleSpec) -> bool| {
        let mut diags = Vec::new();
        for rule in RULES.iter().filter(|r| pick(r)) {
            (rule.check)(tables, &mut diags);
        }
        diags
    };
    std::thread::scope(|scope| {
        let alongside = scope.spawn(|| run(&|r| r.name == ALONGSIDE));
        let mut diags = run(&|r| r.name != ALONGSIDE);
        match alongside.join() {
            Ok(more) => diags.extend(more),
            // A rule that panicked panics here too, as it would have run alone.
            Err(panic) => std::panic::resume_unwind(panic),
        }
        diags
    })
}

/// True when the layout's width is one the other rules can check ranges against;
/// `layout_width` reports the others, and range rules skip them to avoid noise.
pub(crate) fn has_word_width(layout: &Layout) -> bool {
    [8, 16, 32, 64].contains(&layout.width)
}

/// A field or reserved range: the parts that must tile a layout's width.
pub(crate) struct Part<'a> {
    /// `field `X`` or `reserved range`.
    pub label: String,
    pub bits: BitRange,
    pub origin: &'a Origin,
    /// Key under the origin that holds the range (`bits` for fields).
    pub key: Option<&'static str>,
}

/// Every field and reserved range of `layout`, as written.
pub(crate) fn parts(layout: &Layout) -> Vec<Part<'_>> {
    let fields = layout.fields.iter().map(|f| Part {
        label: format!("field `{}`", f.name),
        bits: f.bits,
        origin: &f.origin,
        key: Some("bits"),
    });
    let reserved = layout.reserved.iter().map(|r| Part {
        label: format!("reserved range {}", r.bits),
        bits: r.bits,
        origin: &r.origin,
        key: None,
    });
    fields.chain(reserved).collect()
}

impl Part<'_> {
    /// The label with the range, unless the label already shows it.
    pub fn described(&self) -> String {
        if self.key.is_some() {
            format!("{} ({})", self.label, self.bits)
        } else {
            self.label.clone()
        }
    }
}

/// Runs `judge` on every part of every layout that `layouts` selects, reporting
/// each `(message, help)` it returns at the part.
pub(crate) fn report_parts(
    tables: &Tables,
    out: &mut Vec<Diagnostic>,
    layouts: impl Fn(&Layout) -> bool,
    judge: impl Fn(&Layout, &Part<'_>) -> Option<(String, String)>,
) {
    for l in tables.layouts.iter().filter(|l| layouts(l)) {
        for p in parts(l) {
            if let Some((message, help)) = judge(l, &p) {
                out.push(tables.layout_diag(l, p.origin, p.key, Some(p.label), message).with_help(help));
            }
        }
    }
}

/// Parts whose range is well-formed and inside the width; other rules report the rest.
pub(crate) fn sound_parts(layout: &Layout) -> Vec<Part<'_>> {
    parts(layout).into_iter().filter(|p| p.bits.hi >= p.bits.lo && p.bits.hi < layout.width.min(64)).collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::load::{load, TableSource};

    /// A one-layout table file: `fields` as (name, bits, extra keys), `reserved` ranges, extra layout keys.
    pub fn layout_yaml(
        name: &str,
        width: u32,
        fields: &[(&str, &str, &str)],
        reserved: &[&str],
        extra: &str,
    ) -> String {
        let mut y = format!(
            "layouts:\n  - name: {name}\n    width: {width}\n    summary: A test layout.\n    source:\n      repo: intel/tdx-module\n      path: include/tdx_api_defs.h\n    fields:\n"
        );
        for (fname, bits, more) in fields {
            y += &format!(
                "      - name: {fname}\n        bits: \"{bits}\"\n        description: A field.\n        ref: test\n"
            );
            for line in more.lines().filter(|l| !l.is_empty()) {
                y += &format!("        {line}\n");
            }
        }
        if !reserved.is_empty() {
            y += "    reserved:\n";
            for r in reserved {
                y += &format!("      - \"{r}\"\n");
            }
        }
        for line in extra.lines().filter(|l| !l.is_empty()) {
            y += &format!("    {line}\n");
        }
        y
    }

    /// A table file of leaves (given as YAML list items) with a file-level source.
    pub fn leaves_yaml(items: &str) -> String {
        format!("source: {{repo: intel/tdx-module, path: include/tdx_api_defs.h}}\nleaves:\n{items}")
    }

    /// The validated model of one table file.
    pub fn model_of(yaml: &str) -> Model {
        let sources = [TableSource { display_path: "t.yaml".into(), bytes: yaml.as_bytes().to_vec() }];
        load(&sources).and_then(validate).unwrap_or_else(|d| panic!("test tables must validate:\n{d}"))
    }

    /// Loads `files` and runs `rule` alone, returning each finding as `line:col message`.
    pub fn run(rule: Rule, files: &[&str]) -> Vec<String> {
        let sources: Vec<TableSource> = files
            .iter()
            .enumerate()
            .map(|(i, text)| TableSource { display_path: format!("t{i}.yaml"), bytes: text.as_bytes().to_vec() })
            .collect();
        let tables = load(&sources).unwrap_or_else(|d| panic!("test tables must load:\n{d}"));
        let mut out = Vec::new();
        rule(&tables, &mut out);
        out.iter()
            .map(|d| match d.location {
                Some(l) => format!("{}:{} {}", l.line, l.column, d.message),
                None => format!("{} {}", d.yaml_path, d.message),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::layout_yaml;
    use super::*;
    use crate::load::{load, TableSource};

    fn tables(text: &str) -> Tables {
        load(&[TableSource { display_path: "t.yaml".into(), bytes: text.as_bytes().to_vec() }]).unwrap()
    }

    #[test]
    fn every_rule_a_rule_leaves_input_to_is_in_the_table() {
        let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        for r in RULES {
            for d in r.leaves_to {
                assert!(names.contains(d), "rule `{}` leaves input to `{d}`, which is not a rule", r.name);
                assert_ne!(*d, r.name);
            }
        }
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "rule names are unique");
    }

    #[test]
    fn the_rule_run_alongside_is_a_rule() {
        assert_eq!(RULES.iter().filter(|r| r.name == ALONGSIDE).count(), 1);
    }

    #[test]
    fn a_sound_layout_becomes_a_model() {
        let model = validate(tables(&layout_yaml("W", 8, &[("A", "3:0", ""), ("B", "7:4", "")], &[], ""))).unwrap();
        assert_eq!(model.layouts.keys().collect::<Vec<_>>(), ["W"]);
    }

    #[test]
    fn every_rule_reports_and_no_model_is_built() {
        let err = validate(tables(&layout_yaml("W", 8, &[("A", "4:0", ""), ("b", "7:4", "")], &[], ""))).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("overlap"), "{text}");
        assert!(text.contains("`b`"), "{text}");
    }
}
