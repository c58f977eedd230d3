//! "Did you mean": the closest of the valid words to a misspelt one.

/// The candidate nearest to `word` by edit distance (a swap of two adjacent
/// letters counts as one edit), if it is near enough to be a likely
/// misspelling (a third of the word's length, at least one edit).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&word.to_ascii_lowercase(), &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= limit && *c != word)
        .min()
        .map(|(_, c)| c)
}

/// ` (did you mean `X`?)` for a help text, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map(|c| format!("did you mean `{c}`? ")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested_and_far_ones_are_not() {
        let keys = ["name", "bits", "description", "ref", "kind"];
        assert_eq!(closest("dscription", keys), Some("description"));
        assert_eq!(closest("bit", keys), Some("bits"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(closest("PFNN", ["PFN", "LAST_ENTRY"]), Some("PFN"));
        assert_eq!(closest("widht", ["width", "name"]), Some("width"), "a swapped pair is one edit");
    }
}
