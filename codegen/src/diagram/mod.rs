//! Bit diagrams of layouts, most significant bit on the left as the specs
//! draw them: a text diagram (rustdoc, review comments) and an SVG register
//! diagram in the style of WaveDrom's bitfield (generated docs); and byte
//! maps of memory structures.

mod bytes;
mod segments;
mod svg;
mod text;

pub use bytes::byte_map;
pub use segments::{segments, Segment};
pub use svg::svg;
pub use text::text;
