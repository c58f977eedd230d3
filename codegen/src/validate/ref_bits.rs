//! Rule: a field's `ref` that names bits (`GENMASK_U64(51, 12)`, `BIT_ULL(3)`,
//! `Bits 54:52`, `Bit 63`) names the field's own bits. A reference that
//! disagrees with the table is a copying mistake in one of them.

use crate::bits::BitRange;
use crate::diag::Diagnostic;
use crate::model::Tables;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for l in &tables.layouts {
        for f in &l.fields {
            if f.bits.hi < f.bits.lo {
                continue; // left to range_order (RULES)
            }
            for (text, named) in mentions(&f.reference) {
                if named != f.bits {
                    let msg = format!(
                        "the reference's `{text}` names bits {named}, but field `{}` is bits {}",
                        f.name, f.bits
                    );
                    let help = "correct `bits` or `ref` so they agree (one of them was copied wrongly)";
                    let field = Some(format!("field `{}`", f.name));
                    out.push(tables.layout_diag(l, &f.origin, Some("ref"), field, msg).with_help(help));
                }
            }
        }
    }
}

/// Every bit range `text` names, with the words that name it.
fn mentions(text: &str) -> Vec<(String, BitRange)> {
    let mut found = Vec::new();
    let lower = text.to_ascii_lowercase();
    for (at, _) in lower.match_indices("genmask") {
        let rest = &text[at..];
        let Some(open) = rest.find('(') else { continue };
        // Only the macro's own suffix (`_ULL`, `_U64`) may stand between its name and `(`.
        if !rest[..open].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        if let Some((args, len)) = numbers_in_parens(&rest[open..]) {
            if let [hi, lo] = args[..] {
                found.push((rest[..open + len].to_string(), BitRange { hi, lo }));
            }
        }
    }
    for (at, _) in lower.match_indices("bit") {
        let rest = &text[at..];
        let word_start =
            at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric() && lower.as_bytes()[at - 1] != b'_';
        if !word_start {
            continue;
        }
        let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let name = &lower[at..at + name_len];
        let after = &rest[name_len..];
        if ["bit", "bit_ull", "bit_u64"].contains(&name) && after.starts_with('(') {
            if let Some((args, len)) = numbers_in_parens(after) {
                if let [n] = args[..] {
                    found.push((rest[..name_len + len].to_string(), BitRange { hi: n, lo: n }));
                }
            }
        } else if name == "bit" || name == "bits" {
            // Prose: "Bits 54:52", "Bit 63".
            let spaces = after.len() - after.trim_start_matches(' ').len();
            if spaces == 0 {
                continue;
            }
            let range = &after[spaces..];
            let len = range.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(range.len());
            if let Ok(bits) = BitRange::parse(&range[..len]) {
                found.push((rest[..name_len + spaces + len].to_string(), bits));
            }
        }
    }
    found
}

/// `(12, 3)` at the start of `s`: the numbers and the length consumed.
fn numbers_in_parens(s: &str) -> Option<(Vec<u32>, usize)> {
    let close = s.find(')')?;
    let inner = &s[1..close];
    let numbers: Result<Vec<u32>, _> = inner.split(',').map(|n| n.trim().parse::<u32>()).collect();
    numbers.ok().map(|n| (n, close + 1))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};
    use super::*;

    #[test]
    fn bit_mentions_are_found_in_macros_and_prose() {
        let m = |t: &str| mentions(t).into_iter().map(|(s, b)| format!("{s}={b}")).collect::<Vec<_>>();
        assert_eq!(m("#define X GENMASK_U64(51, 12)"), ["GENMASK_U64(51, 12)=51:12"]);
        assert_eq!(m("md_field_id_t.context_code (Bits 54:52)"), ["Bits 54:52=54:52"]);
        assert_eq!(m("api_error_code_t.error (bit 63)"), ["bit 63=63:63"]);
        assert_eq!(m("BIT_ULL(5) | BIT(6)"), ["BIT_ULL(5)=5:5", "BIT(6)=6:6"]);
        assert_eq!(m("hpa (uint64_t hpa : 40), bitmap, orbit 3, GENMASK(n, 0)"), Vec::<String>::new());
    }

    #[test]
    fn a_reference_naming_other_bits_is_reported() {
        let y = layout_yaml("W", 64, &[("PFN", "51:12", "")], &["11:0", "63:52"], "")
            .replace("ref: test", "ref: \"#define W_PFN GENMASK_U64(47, 12)\"");
        assert_eq!(
            run(check, &[&y]),
            ["12:14 the reference's `GENMASK_U64(47, 12)` names bits 47:12, but field `PFN` is bits 51:12"]
        );
        let y = layout_yaml("W", 64, &[("PFN", "51:12", "")], &["11:0", "63:52"], "")
            .replace("ref: test", "ref: \"#define W_PFN GENMASK_U64(51, 12)\"");
        assert!(run(check, &[&y]).is_empty());
    }
}
