//! Rule: a range is written `hi:lo` with `hi >= lo`.

use super::report_parts;
use crate::diag::Diagnostic;
use crate::model::Tables;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    report_parts(
        tables,
        out,
        |_| true,
        |_, p| {
            (p.bits.hi < p.bits.lo).then(|| {
                let msg = format!("range {} is reversed: the high bit comes first", p.bits);
                (msg, format!("write it `{}:{}`", p.bits.lo, p.bits.hi))
            })
        },
    );
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    #[test]
    fn reversed_field_and_reserved_ranges_are_reported() {
        let y = layout_yaml("W", 8, &[("A", "0:3", "")], &["4:7"], "");
        assert_eq!(
            run(super::check, &[&y]),
            [
                "10:15 range 0:3 is reversed: the high bit comes first",
                "14:9 range 4:7 is reversed: the high bit comes first"
            ]
        );
        assert!(run(super::check, &[&layout_yaml("W", 8, &[("A", "3:3", "")], &["7:4"], "")]).is_empty());
    }
}
