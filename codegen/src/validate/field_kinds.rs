//! Rule: a field's kind fits its width: flags are one bit, frame numbers at
//! most 40 bits (so the address they name fits TDX's 52-bit physical space),
//! linear frame numbers at most 52 (a 64-bit address).

use crate::diag::Diagnostic;
use crate::model::{FieldKind, Tables};

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for l in &tables.layouts {
        for f in &l.fields {
            if f.bits.hi < f.bits.lo {
                continue; // left to range_order (RULES)
            }
            let field = Some(format!("field `{}`", f.name));
            let (ok, help) = match f.kind {
                FieldKind::Flag => (f.bits.bit_len() == 1, "a flag is one bit; use `kind: plain` for wider fields"),
                FieldKind::HpaPfn | FieldKind::GpaPfn => {
                    (f.bits.bit_len() <= 40, "a 4 KiB frame number of a 52-bit address is at most 40 bits")
                }
                FieldKind::GlaPfn => {
                    (f.bits.bit_len() <= 52, "a 4 KiB frame number of a 64-bit linear address is at most 52 bits")
                }
                FieldKind::Plain => (true, ""),
            };
            if !ok {
                let msg = format!("a `kind: {}` field cannot be {} bits wide", f.kind.spelling(), f.bits.bit_len());
                out.push(tables.layout_diag(l, &f.origin, Some("kind"), field, msg).with_help(help));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    #[test]
    fn kinds_must_fit_their_width() {
        let y = layout_yaml(
            "W",
            64,
            &[("F", "1:0", "kind: flag"), ("P", "42:2", "kind: hpa_pfn"), ("Q", "63:43", "")],
            &[],
            "",
        );
        assert_eq!(
            run(super::check, &[&y]),
            [
                "13:15 a `kind: flag` field cannot be 2 bits wide",
                "18:15 a `kind: hpa_pfn` field cannot be 41 bits wide"
            ]
        );
        let y =
            layout_yaml("W", 64, &[("F", "0", "kind: flag"), ("P", "51:12", "kind: gpa_pfn")], &["11:1", "63:52"], "");
        assert!(run(super::check, &[&y]).is_empty());
        // A linear frame number may be 52 bits (a 64-bit address), not more.
        let y = layout_yaml("W", 64, &[("P", "63:12", "kind: gla_pfn")], &["11:0"], "");
        assert!(run(super::check, &[&y]).is_empty());
        let y = layout_yaml("W", 64, &[("P", "63:11", "kind: gla_pfn")], &["10:0"], "");
        assert_eq!(run(super::check, &[&y]), ["13:15 a `kind: gla_pfn` field cannot be 53 bits wide"]);
    }
}
