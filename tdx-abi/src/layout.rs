//! What every generated layout has in common, for code that is generic over layouts.

/// One named field of a layout: an inclusive bit range `hi:lo`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// Spec name, e.g. `FIRST_ENTRY`.
    pub name: &'static str,
    /// Highest bit of the field (inclusive).
    pub hi: u32,
    /// Lowest bit of the field.
    pub lo: u32,
    /// The field's bits in place, the same value as the layout's `*_MASK` constant.
    pub mask: u64,
    /// The value the field always holds (`fixed:` in the tables), if any.
    pub fixed: Option<u64>,
    /// When the field exists (a bit of ATTRIBUTES that came with a feature); `Unstated` where the tables say nothing.
    pub availability: crate::Availability,
}

/// A layout's metadata, for code that iterates every layout (see [`crate::LAYOUTS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutSpec {
    /// Spec name, e.g. `HPA_LIST_INFO`.
    pub name: &'static str,
    /// Width of the word in bits.
    pub width: u32,
    /// Bits the spec reserves.
    pub reserved_mask: u64,
    /// Every named field, lowest bits first.
    pub fields: &'static [FieldSpec],
}

/// A fixed-width ABI word made of named fields and reserved bits.
///
/// Implemented by every generated layout; the inherent `const fn`s on each
/// type are the primary API, this trait exists for generic code and tests.
pub trait Layout: Copy + Eq + core::fmt::Debug {
    /// Spec name, e.g. `HPA_LIST_INFO`.
    const NAME: &'static str;
    /// Width of the word in bits.
    const WIDTH: u32;
    /// Bits the spec reserves; they must be zero.
    const RESERVED_MASK: u64;
    /// Every named field, lowest bits first.
    const FIELDS: &'static [FieldSpec];

    /// Wraps a raw value without checking reserved bits (the inherent
    /// `from_bits` takes the layout's own width; this one any `u64`, as
    /// generic code holds register values).
    fn from_bits(bits: u64) -> Self;
    /// The raw value, widened to `u64` (the inherent `into_bits` keeps the layout's width).
    fn into_bits(self) -> u64;
}
