//! Bit diagrams of layouts, most significant bit on the left as the specs
//! draw them: a text diagram (rustdoc, review comments) and an SVG register
//! diagram in the style of WaveDrom's bitfield (generated docs).

mod segments;
mod svg;
mod text;

pub use segments::{segments, Segment};
pub use svg::svg;
pub use text::text;
