//! Rule: every bit of the word is a field or reserved; gaps are reported as
//! ranges, so an undocumented bit cannot slip into generated masks.

use super::{has_word_width, parts};
use crate::bits::BitRange;
use crate::diag::Diagnostic;
use crate::model::Tables;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for l in tables.layouts.iter().filter(|l| has_word_width(l)) {
        let mut covered = 0u64;
        // A range another rule rejects (reversed, or past the width) still covers the
        // bits it names inside the word, so one mistake is reported once.
        for p in parts(l) {
            let (lo, hi) = (p.bits.lo.min(p.bits.hi), p.bits.hi.max(p.bits.lo).min(l.width - 1));
            if lo <= hi {
                covered |= BitRange { hi, lo }.mask();
            }
        }
        let is_covered = |bit: u32| covered >> bit & 1 == 1;
        let mut bit = 0;
        let width = l.width;
        while bit < width {
            if is_covered(bit) {
                bit += 1;
                continue;
            }
            let lo = bit;
            while bit < width && !is_covered(bit) {
                bit += 1;
            }
            let msg = format!("bits {}:{lo} are neither a field nor reserved", bit - 1);
            let help = format!("add a field for them, or list \"{}:{lo}\" under `reserved`", bit - 1);
            out.push(tables.layout_diag(l, &l.origin, Some("fields"), None, msg).with_help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    #[test]
    fn each_gap_is_reported_as_a_range() {
        let y = layout_yaml("W", 16, &[("A", "3:1", ""), ("B", "11:8", "")], &[], "");
        assert_eq!(
            run(super::check, &[&y]),
            [
                "9:7 bits 0:0 are neither a field nor reserved",
                "9:7 bits 7:4 are neither a field nor reserved",
                "9:7 bits 15:12 are neither a field nor reserved",
            ]
        );
    }

    #[test]
    fn fields_and_reserved_together_cover_the_word() {
        assert!(run(super::check, &[&layout_yaml("W", 16, &[("A", "7:0", "")], &["15:8"], "")]).is_empty());
    }

    #[test]
    fn a_range_other_rules_reject_is_not_also_reported_as_a_gap() {
        let reversed = layout_yaml("W", 16, &[("A", "7:0", ""), ("B", "8:15", "")], &[], "");
        assert!(run(super::check, &[&reversed]).is_empty());
        let too_far = layout_yaml("W", 16, &[("A", "7:0", ""), ("B", "16:8", "")], &[], "");
        assert!(run(super::check, &[&too_far]).is_empty());
    }
}
