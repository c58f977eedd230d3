//! The C header's `static inline` helpers per layout field, in kernel style:
//! `hpa_list_info_pfn_get(word)`, `_prep(value)` and `_prep_checked(value, &prepared)`,
//! which refuses a value wider than the field instead of truncating it. In a
//! kernel build they use `FIELD_GET` / `FIELD_PREP`; elsewhere plain shifts.

use super::style::CStyle;
use crate::model::Layout;
use crate::names::{c_field_fn, c_macro};

/// The prelude's two macros the helpers use: `FIELD_GET` / `FIELD_PREP` in a kernel, shifts elsewhere.
pub const PRELUDE: &str = "\
#ifndef TDX_ABI_FIELD_GET
#ifdef __KERNEL__
#define TDX_ABI_FIELD_GET(mask, shift, word) FIELD_GET(mask, word)
#define TDX_ABI_FIELD_PREP(mask, shift, value) FIELD_PREP(mask, value)
#else
#define TDX_ABI_FIELD_GET(mask, shift, word) (((word) & (mask)) >> (shift))
#define TDX_ABI_FIELD_PREP(mask, shift, value) (((uint64_t)(value) << (shift)) & (mask))
#endif
#endif
";

/// The helpers of every field of `layout`.
pub fn emit(layout: &Layout, style: CStyle) -> String {
    let mut out = String::new();
    for f in layout.fields_by_position() {
        let mask = style.upper(&c_macro(&layout.name, &f.name));
        let [get, prep, checked] =
            ["get", "prep", "prep_checked"].map(|what| style.lower(&c_field_fn(&layout.name, &f.name, what)));
        let shift = f.bits.lo;
        out += &format!(
            "\n/* {}.{} (bits {}): read it from a word, place a value in it, or refuse one that does not fit. */\n\
             static inline uint64_t {get}(uint64_t word)\n{{\n\treturn TDX_ABI_FIELD_GET({mask}, {shift}, word);\n}}\n\n\
             static inline uint64_t {prep}(uint64_t value)\n{{\n\treturn TDX_ABI_FIELD_PREP({mask}, {shift}, value);\n}}\n\n\
             static inline bool {checked}(uint64_t value, uint64_t *prepared)\n{{\n\
             \tif (value > ({mask} >> {shift}))\n\t\treturn false;\n\t*prepared = {prep}(value);\n\treturn true;\n}}\n",
            layout.name, f.name, f.bits
        );
    }
    out
}
