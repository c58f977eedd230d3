//! Rule: no bit belongs to two fields, or to a field and a reserved range.
//! Compares the parts' masks pairwise, so each pair is reported once with the
//! span of the bits they share.

use super::sound_parts;
use crate::bits::BitRange;
use crate::diag::Diagnostic;
use crate::model::Tables;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for l in &tables.layouts {
        let parts = sound_parts(l);
        for (i, later) in parts.iter().enumerate() {
            for earlier in &parts[..i] {
                let shared = later.bits.mask() & earlier.bits.mask();
                if shared == 0 {
                    continue;
                }
                let common = BitRange { hi: 63 - shared.leading_zeros(), lo: shared.trailing_zeros() };
                let msg = format!("{} overlaps {} at bits {common}", later.described(), earlier.described());
                let help = "every bit belongs to exactly one field or reserved range";
                let note = tables.note(earlier.origin, earlier.key, format!("{} is here", earlier.described()));
                out.push(
                    tables
                        .layout_diag(l, later.origin, later.key, Some(later.label.clone()), msg)
                        .with_help(help)
                        .with_note(note),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    #[test]
    fn overlaps_are_reported_with_the_shared_bits() {
        let y = layout_yaml("W", 16, &[("A", "7:0", ""), ("B", "12:7", "")], &["15:12"], "");
        assert_eq!(
            run(super::check, &[&y]),
            [
                "14:15 field `B` (12:7) overlaps field `A` (7:0) at bits 7:7",
                "18:9 reserved range 15:12 overlaps field `B` (12:7) at bits 12:12",
            ]
        );
    }

    #[test]
    fn adjacent_ranges_do_not_overlap() {
        assert!(run(super::check, &[&layout_yaml("W", 16, &[("A", "7:0", ""), ("B", "11:8", "")], &["15:12"], "")])
            .is_empty());
    }
}
