//! Mutations that keep inputs near the valid tables, where the interesting
//! bugs are: YAML punctuation, numbers at and beyond the edges, swapped and
//! repeated lines, truncation.

use crate::rng::Rng;

/// Bytes with meaning in YAML and in our tables.
const PUNCTUATION: &[u8] = b":-[]{}\"'#|>&*!%@`,\n \t0123456789xX";

/// Numbers at the edges of what the tables accept.
const EDGES: &[&str] = &[
    "0",
    "1",
    "-1",
    "7",
    "8",
    "63",
    "64",
    "65",
    "511",
    "512",
    "513",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "0x",
    "0xffffffffffffffff",
    "1e9",
    "\"63:0\"",
    "\"64:0\"",
    "\"0:63\"",
    "\"5\"",
    "~",
    "[]",
    "{}",
    "null",
    "true",
];

/// Applies one to four mutations to `input`.
pub fn mutate(input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(8) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(out.len() + 1);
                out.insert(i, *rng.pick(PUNCTUATION));
            }
            2 if !out.is_empty() => {
                let i = rng.below(out.len());
                let n = 1 + rng.below(16.min(out.len() - i));
                out.drain(i..i + n);
            }
            3 => replace_number(&mut out, rng),
            4 => shuffle_lines(&mut out, rng, false),
            5 => shuffle_lines(&mut out, rng, true),
            6 if !out.is_empty() => out.truncate(rng.below(out.len())),
            _ => replace_number(&mut out, rng),
        }
    }
    out
}

/// Replaces one run of digits with an edge value.
fn replace_number(out: &mut Vec<u8>, rng: &mut Rng) {
    let starts: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].is_ascii_digit() && (i == 0 || !out[i - 1].is_ascii_alphanumeric()))
        .collect();
    if starts.is_empty() {
        return;
    }
    let start = *rng.pick(&starts);
    let end = (start..out.len()).find(|&i| !out[i].is_ascii_alphanumeric()).unwrap_or(out.len());
    out.splice(start..end, rng.pick(EDGES).bytes());
}

/// Swaps two lines, or duplicates one.
fn shuffle_lines(out: &mut Vec<u8>, rng: &mut Rng, duplicate: bool) {
    let mut lines: Vec<Vec<u8>> = out.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    if lines.len() < 2 {
        return;
    }
    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
    if duplicate {
        let line = lines[a].clone();
        lines.insert(b, line);
    } else {
        lines.swap(a, b);
    }
    *out = lines.join(&b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutation_is_deterministic_per_seed_and_changes_the_input() {
        let input = b"layouts:\n  - name: A\n    width: 64\n";
        let a = mutate(input, &mut Rng::new(7));
        let b = mutate(input, &mut Rng::new(7));
        assert_eq!(a, b);
        let changed = (1..50).filter(|s| mutate(input, &mut Rng::new(*s)) != input).count();
        assert!(changed > 40, "only {changed} of 49 seeds changed the input");
    }
}
