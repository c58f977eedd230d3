//! The SVG register diagram, in the style of WaveDrom's bitfield: lanes of
//! up to 32 bits, most significant bit on the left, each segment a box with
//! its bit numbers above and its name inside; reserved bits shaded. One
//! element per line and no blank lines, so it can sit in a rustdoc comment as
//! an HTML block.

use super::segments::segments;
use crate::model::Layout;

const CELL: u32 = 22;
const MARGIN: u32 = 10;
const LABELS: u32 = 14;
const BOX: u32 = 28;
const GAP: u32 = 10;
const FONT: f64 = 11.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The layout's SVG diagram.
pub fn svg(layout: &Layout) -> String {
    let lane_bits = layout.width.min(32);
    let lanes = layout.width.div_ceil(lane_bits);
    let (w, h) = (2 * MARGIN + lane_bits * CELL, lanes * (LABELS + BOX + GAP) + GAP);
    let name = escape(&layout.name);
    let mut out = vec![
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="{FONT}" shape-rendering="crispEdges" role="img" aria-label="{name} bit layout">"#
        ),
        format!(r#"<rect x="0" y="0" width="{w}" height="{h}" fill="white"/>"#),
    ];
    for lane in 0..lanes {
        let lane_hi = layout.width - 1 - lane * lane_bits;
        let lane_lo = lane_hi + 1 - lane_bits;
        let top = GAP + lane * (LABELS + BOX + GAP);
        for seg in segments(layout) {
            if seg.bits.lo > lane_hi || seg.bits.hi < lane_lo {
                continue;
            }
            let (hi, lo) = (seg.bits.hi.min(lane_hi), seg.bits.lo.max(lane_lo));
            let x = MARGIN + (lane_hi - hi) * CELL;
            let width = (hi - lo + 1) * CELL;
            let fill = if seg.name.is_some() { "#e8f0fe" } else { "#d9d9d9" };
            let y = top + LABELS;
            out.push(format!(
                r##"<rect x="{x}" y="{y}" width="{width}" height="{BOX}" fill="{fill}" stroke="#000"/>"##
            ));
            let label_y = top + LABELS - 3;
            if hi == lo {
                out.push(format!(r#"<text x="{}" y="{label_y}" text-anchor="middle">{hi}</text>"#, x + width / 2));
            } else {
                out.push(format!(r#"<text x="{}" y="{label_y}">{hi}</text>"#, x + 2));
                out.push(format!(r#"<text x="{}" y="{label_y}" text-anchor="end">{lo}</text>"#, x + width - 2));
            }
            let label = escape(seg.label());
            // Shrink the name to fit its box (about 0.62 em per character).
            let fit = f64::from(width - 4) / (0.62 * label.len() as f64);
            let size = fit.clamp(4.0, FONT);
            out.push(format!(
                r#"<text x="{}" y="{}" font-size="{size:.1}" text-anchor="middle" dominant-baseline="central">{label}</text>"#,
                x + width / 2,
                y + BOX / 2
            ));
        }
    }
    out.push("</svg>".to_string());
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::model_of;

    const TABLE: &str = r#"
layouts:
  - name: T
    width: 64
    summary: s
    source: {document: d, section: s}
    fields:
      - {name: ADDR, bits: "51:12", kind: hpa_pfn, description: d, ref: r}
      - {name: FLAG, bits: "0", kind: flag, description: d, ref: r}
    reserved: ["63:52", "11:1"]
"#;

    #[test]
    fn a_64_bit_layout_draws_two_lanes_and_splits_fields_at_the_lane_boundary() {
        let svg = svg(&model_of(TABLE).layouts["T"]);
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(!svg.contains("\n\n"), "a blank line would end the rustdoc HTML block");
        // ADDR spans bits 51:32 in the top lane and 31:12 in the bottom one.
        assert_eq!(svg.matches(">ADDR</text>").count(), 2);
        assert!(svg.contains(">51</text>") && svg.contains(">32</text>") && svg.contains(">31</text>"));
        assert_eq!(svg.matches(r##"fill="#d9d9d9""##).count(), 2, "two reserved boxes");
    }
}
