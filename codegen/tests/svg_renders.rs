//! The SVG diagrams of the bundled layouts render: each is parsed and
//! rasterised with resvg, and the picture is not blank — it has the black box
//! outlines, the field colour and, where the layout has reserved bits, the
//! reserved shading, in about the proportions the layout's bits imply.

use std::path::Path;
use tdx_codegen::{diagram, load, validate};

fn bundled() -> tdx_codegen::model::Model {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let sources = load::read_dir(&root.join("spec-tables"), root).unwrap();
    load::load(&sources).and_then(validate::validate).unwrap()
}

/// Pixels matching `(r, g, b)` in an RGBA buffer.
fn count(pixels: &[u8], rgb: (u8, u8, u8)) -> usize {
    pixels.chunks_exact(4).filter(|p| (p[0], p[1], p[2]) == rgb && p[3] == 255).count()
}

#[test]
fn every_bundled_layout_diagram_rasterises_to_a_non_blank_picture() {
    let model = bundled();
    assert!(!model.layouts.is_empty());
    for layout in model.layouts.values() {
        let svg = diagram::svg(layout);
        let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default())
            .unwrap_or_else(|e| panic!("{}: the SVG does not parse: {e}", layout.name));
        let size = tree.size().to_int_size();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
        let pixels = pixmap.data();
        let total = pixels.len() / 4;
        let black = pixels.chunks_exact(4).filter(|p| p[0] < 128 && p[1] < 128 && p[2] < 128 && p[3] > 0).count();
        let field = count(pixels, (0xe8, 0xf0, 0xfe));
        let reserved = count(pixels, (0xd9, 0xd9, 0xd9));
        assert!(black > 100, "{}: no outlines ({black} black pixels)", layout.name);
        // Reserved area against field area follows the bit counts (within the outlines' share).
        let reserved_bits = layout.reserved_mask().count_ones() as f64;
        let field_bits = f64::from(layout.width) - reserved_bits;
        // A mostly reserved word (CONFIG_FLAGS: 3 of 64 bits) draws little field area, but some.
        let least = total as f64 / 20.0 * field_bits / f64::from(layout.width);
        assert!(field as f64 > least, "{}: fields not drawn ({field} of {total} pixels)", layout.name);
        let ratio = reserved as f64 / field as f64;
        let expected = reserved_bits / field_bits;
        assert!(
            (ratio - expected).abs() < 0.15 * expected.max(0.1),
            "{}: reserved/field {ratio:.2}, bits say {expected:.2}",
            layout.name
        );
    }
}
