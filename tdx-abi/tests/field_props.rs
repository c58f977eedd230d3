//! Property tests of every generated field accessor; the cases themselves are
//! generated (one per field) into `field_props/generated.rs`.

#[macro_use]
mod support;

// Written by `cargo xtask regen` and formatted by the generator; rustfmt must not rewrite it.
#[rustfmt::skip]
#[path = "field_props/generated.rs"]
mod generated;
