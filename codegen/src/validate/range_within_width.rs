//! Rule: every range lies inside the layout's width.

use super::{has_word_width, report_parts};
use crate::diag::Diagnostic;
use crate::model::Tables;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    report_parts(tables, out, has_word_width, |l, p| {
        let top = p.bits.hi.max(p.bits.lo);
        (top >= l.width).then(|| {
            let msg = format!("range {} reaches bit {top}, past the {}-bit width", p.bits, l.width);
            (msg, format!("bits are numbered {}..=0", l.width - 1))
        })
    });
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    #[test]
    fn ranges_past_the_width_are_reported() {
        let y = layout_yaml("W", 8, &[("A", "8:0", "")], &["9"], "");
        assert_eq!(
            run(super::check, &[&y]),
            [
                "10:15 range 8:0 reaches bit 8, past the 8-bit width",
                "14:9 range 9:9 reaches bit 9, past the 8-bit width"
            ]
        );
        assert!(run(super::check, &[&layout_yaml("W", 8, &[("A", "7:0", "")], &[], "")]).is_empty());
    }

    #[test]
    fn layouts_with_an_invalid_width_are_left_to_layout_width() {
        assert!(run(super::check, &[&layout_yaml("W", 48, &[("A", "63:0", "")], &[], "")]).is_empty());
    }
}
