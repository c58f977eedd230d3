//! Keeps the C header within the kernel's 100 columns (tabs count 8), as
//! checkpatch wants: one pass over the finished text that wraps comments at
//! word boundaries, function signatures after a comma (continuations aligned
//! with the opening parenthesis) and `_Static_assert`s before their message.

/// The widest line the header may have.
pub const MAX_COLUMNS: usize = 100;

fn width(line: &str) -> usize {
    // Most lines have tabs only in front: those count 8 each and the rest one per character.
    let rest = line.trim_start_matches('\t');
    if !rest.as_bytes().contains(&b'\t') {
        let chars = if rest.is_ascii() { rest.len() } else { rest.chars().count() };
        return (line.len() - rest.len()) * 8 + chars;
    }
    // By bytes: a character is the byte that starts it (not a UTF-8 continuation byte).
    line.bytes().fold(0, |col, b| match b {
        b'\t' => (col / 8 + 1) * 8,
        _ if b & 0xc0 == 0x80 => col,
        _ => col + 1,
    })
}

/// Whitespace that brings a line to column `col`: tabs, then spaces.
fn indent_to(col: usize) -> String {
    format!("{}{}", "\t".repeat(col / 8), " ".repeat(col % 8))
}

/// `words` filled into lines of at most `room` columns after `lead`.
fn fill(lead: &str, words: &str, room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let lead_width = width(lead);
    for word in words.split_whitespace() {
        if !line.is_empty() && lead_width + line.len() + 1 + word.len() > room {
            lines.push(format!("{lead}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(format!("{lead}{line}"));
    }
    lines
}

/// Breaks `line` after commas outside nested parentheses, continuations aligned one
/// column after the first `(`. `None` if it has no such place.
fn wrap_call(line: &str) -> Option<Vec<String>> {
    let open = line.find('(')?;
    let align = indent_to(width(&line[..=open]));
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in line.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 1 => {
                parts.push(&line[start..=i]);
                start = i + 2; // skip the space after the comma
            }
            _ => {}
        }
    }
    if parts.is_empty() {
        return None;
    }
    parts.push(&line[start.min(line.len())..]);
    // Aligned with the parenthesis where that fits, else two tabs in.
    let lead = &line[..line.len() - line.trim_start().len()];
    let longest = parts[1..].iter().map(|p| p.len()).max().unwrap_or(0);
    let align = if width(&align) + longest <= MAX_COLUMNS { align } else { format!("{lead}\t\t") };
    let mut lines: Vec<String> = vec![parts[0].to_string()];
    for part in &parts[1..] {
        let last = lines.last_mut().unwrap();
        if width(last) + 1 + part.len() <= MAX_COLUMNS {
            last.push(' ');
            last.push_str(part);
        } else {
            lines.push(format!("{align}{part}"));
        }
    }
    Some(lines)
}

/// Breaks a `#define` whose value ORs several masks before each ` | ` that would pass
/// the limit, with a backslash continuation one tab in.
fn wrap_define(line: &str) -> Option<Vec<String>> {
    let mut parts = line.split(" | ");
    let mut lines = vec![parts.next()?.to_string()];
    for part in parts {
        let last = lines.last_mut().unwrap();
        if width(last) + 3 + part.len() + 4 <= MAX_COLUMNS {
            last.push_str(" | ");
            last.push_str(part);
        } else {
            last.push_str(" | \\");
            lines.push(format!("\t{part}"));
        }
    }
    (lines.len() > 1).then_some(lines)
}

/// One line, wrapped where it is too wide and a rule applies.
fn wrap_line(line: &str) -> Vec<String> {
    if width(line) <= MAX_COLUMNS {
        return vec![line.to_string()];
    }
    let trimmed = line.trim_start();
    let lead = &line[..line.len() - trimmed.len()];
    if let Some(text) = trimmed.strip_prefix("/* ").and_then(|t| t.strip_suffix(" */")) {
        let mut out = vec![format!("{lead}/*")];
        out.extend(fill(&format!("{lead} * "), text, MAX_COLUMNS));
        out.push(format!("{lead} */"));
        return out;
    }
    if let Some(text) = trimmed.strip_prefix("* ") {
        return fill(&format!("{lead}* "), text, MAX_COLUMNS);
    }
    if trimmed.starts_with("#define ") {
        if let Some(lines) = wrap_define(line) {
            return lines;
        }
    }
    if trimmed.starts_with("static inline ") || trimmed.starts_with("_Static_assert(") {
        if let Some(lines) = wrap_call(line) {
            return lines;
        }
    }
    vec![line.to_string()]
}

/// The header with every line it can wrap within [`MAX_COLUMNS`].
pub fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.lines() {
        // Most lines fit: copied without building a wrapped form.
        if width(line) <= MAX_COLUMNS {
            out += line;
            out.push('\n');
            continue;
        }
        for l in wrap_line(line) {
            out += &l;
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_characters_and_tab_stops() {
        assert_eq!(width("a\tb"), 9);
        // Two-byte and three-byte characters are one column each.
        assert_eq!(width("é→\tx"), 9);
        assert_eq!(width("\t\t"), 16);
        assert_eq!(width("abcdefgh\t"), 16);
    }

    #[test]
    fn a_long_comment_becomes_a_block() {
        let long = format!("/* {} */", "word ".repeat(30).trim());
        let wrapped = wrap(&long);
        assert!(wrapped.starts_with("/*\n * word word"), "{wrapped}");
        assert!(wrapped.ends_with(" */\n"));
        assert!(wrapped.lines().all(|l| width(l) <= MAX_COLUMNS));
        assert_eq!(wrapped.split_whitespace().filter(|w| *w == "word").count(), 30);
    }

    #[test]
    fn a_long_signature_breaks_after_a_comma_aligned_with_its_parenthesis() {
        let sig = "static inline enum tdx_abi_list_error gla_list_info_check_release(uint64_t released, uint64_t list_page, const uint64_t *entries, size_t count)";
        let wrapped = wrap(sig);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 1);
        let paren = width(&sig[..=sig.find('(').unwrap()]);
        for l in &lines[1..] {
            assert_eq!(width(&l[..l.len() - l.trim_start().len()]), paren, "{l:?}");
        }
        assert_eq!(wrapped.split_whitespace().collect::<Vec<_>>(), sig.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn short_lines_and_lines_without_a_rule_stay() {
        assert_eq!(wrap("#define A\t1\n"), "#define A\t1\n");
        let long = format!("#define LONG {}", "x".repeat(120));
        assert_eq!(wrap(&long), format!("{long}\n"));
    }

    #[test]
    fn a_wide_or_of_masks_continues_on_the_next_line() {
        let line = format!("#define X_RESERVED\t\t({})", ["GENMASK_U64(31, 24)"; 6].join(" | "));
        let wrapped = wrap(&line);
        assert!(wrapped.lines().count() > 1 && wrapped.lines().all(|l| width(l) <= MAX_COLUMNS), "{wrapped}");
        assert!(wrapped.lines().rev().skip(1).all(|l| l.ends_with('\\')), "{wrapped}");
        assert_eq!(wrapped.replace(" \\\n\t", " "), format!("{line}\n"));
    }

    #[test]
    fn nested_parentheses_are_not_broken() {
        let line = format!("_Static_assert(offsetof(struct a, b) == 8, \"{}\");", "m".repeat(90));
        let wrapped = wrap(&line);
        assert!(wrapped.starts_with("_Static_assert(offsetof(struct a, b) == 8,\n"), "{wrapped}");
    }
}
