//! The text diagram: one box per segment, bit range above the name.
//!
//! ```text
//! +------------+----------+-------+-------------+----------+
//! |   63:55    |  54:52   | 51:12 |    11:3     |   2:0    |
//! | LAST_ENTRY | reserved |  PFN  | FIRST_ENTRY | reserved |
//! +------------+----------+-------+-------------+----------+
//! ```

use super::segments::segments;
use crate::model::Layout;

fn centred(text: &str, width: usize) -> String {
    let pad = width - text.len();
    format!("{}{text}{}", " ".repeat(pad / 2), " ".repeat(pad - pad / 2))
}

/// The layout's text diagram, four lines, no trailing newline.
pub fn text(layout: &Layout) -> String {
    let segs = segments(layout);
    let widths: Vec<usize> = segs.iter().map(|s| s.label().len().max(s.range_label().len()) + 2).collect();
    let rule: String = widths.iter().map(|w| format!("+{}", "-".repeat(*w))).collect::<String>() + "+";
    let row = |cell: &dyn Fn(usize) -> String| -> String {
        segs.iter().enumerate().map(|(i, _)| format!("|{}", centred(&cell(i), widths[i]))).collect::<String>() + "|"
    };
    let ranges = row(&|i| segs[i].range_label());
    let names = row(&|i| segs[i].label().to_string());
    format!("{rule}\n{ranges}\n{names}\n{rule}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::model_of;

    #[test]
    fn draws_fields_and_reserved_bits_from_the_top_bit_down() {
        let model = model_of(
            r#"
layouts:
  - name: T
    width: 16
    summary: s
    source: {document: d, section: s}
    fields:
      - {name: LOW, bits: "3:0", description: d, ref: r}
      - {name: TOP, bits: "15", description: d, ref: r}
    reserved: ["14:8", "7:4"]
"#,
        );
        let expected = "\
+-----+----------+-----+
| 15  |   14:4   | 3:0 |
| TOP | reserved | LOW |
+-----+----------+-----+";
        assert_eq!(text(&model.layouts["T"]), expected);
    }
}
