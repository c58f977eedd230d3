//! Rule: a layout is 8, 16, 32 or 64 bits wide (it becomes a `u8`..`u64` newtype).

use crate::diag::Diagnostic;
use crate::model::Tables;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for l in &tables.layouts {
        if ![8, 16, 32, 64].contains(&l.width) {
            let msg = format!("width {} is not a machine word size", l.width);
            out.push(
                tables
                    .layout_diag(l, &l.origin, Some("width"), Some("width".into()), msg)
                    .with_help("use 8, 16, 32 or 64"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    #[test]
    fn only_word_sizes_are_accepted() {
        assert!(run(super::check, &[&layout_yaml("W", 64, &[("A", "63:0", "")], &[], "")]).is_empty());
        let found = run(super::check, &[&layout_yaml("W", 48, &[("A", "47:0", "")], &[], "")]);
        assert_eq!(found, ["3:12 width 48 is not a machine word size"]);
    }
}
