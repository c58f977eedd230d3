//! How the C header spells the names it defines: as the kernel does
//! (`HPA_LIST_INFO_PFN`, `hpa_array_t_placement`), or, for the opt-in prefixed
//! header, every name under `TDX_ABI_` / `tdx_abi_` so nothing can meet a name
//! another header defines.

/// The prefix every name of the prefixed header starts with (upper case for
/// macros and enum constants, lower case for functions and struct tags).
const PREFIX: &str = "TDX_ABI_";

/// A C header's naming style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CStyle {
    /// Names as the kernel writes them; macros guarded so the kernel's own come first.
    Kernel,
    /// Every name under `TDX_ABI_` / `tdx_abi_`.
    Prefixed,
}

impl CStyle {
    /// A macro or enum constant: `HPA_ARRAY_T_PFN` or `TDX_ABI_HPA_ARRAY_T_PFN`.
    /// Names already under the prefix (the header's own helpers) stay as they are.
    pub fn upper(self, name: &str) -> String {
        match self {
            CStyle::Prefixed if !name.starts_with(PREFIX) => format!("{PREFIX}{name}"),
            _ => name.to_string(),
        }
    }

    /// A function or struct tag: `hpa_array_t_placement` or `tdx_abi_hpa_array_t_placement`.
    pub fn lower(self, name: &str) -> String {
        let prefix = PREFIX.to_ascii_lowercase();
        match self {
            CStyle::Prefixed if !name.starts_with(&prefix) => format!("{prefix}{name}"),
            _ => name.to_string(),
        }
    }

    /// A struct tag. Always under the prefix: the kernel has its own `struct td_params`
    /// and `struct tdmr_info` with other member names, and a tag cannot be guarded.
    pub fn struct_tag(self, spec: &str) -> String {
        format!("{}{}", PREFIX.to_ascii_lowercase(), spec.to_ascii_lowercase())
    }

    /// `GENMASK_U64(h, l)` / `BIT_ULL(n)`, or the prefixed header's own spellings.
    pub fn mask(self, hi: u32, lo: u32) -> String {
        let own = if self == CStyle::Prefixed { PREFIX } else { "" };
        if hi == lo {
            format!("{own}BIT_ULL({lo})")
        } else {
            format!("{own}GENMASK_U64({hi}, {lo})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CStyle;

    #[test]
    fn prefixed_names_carry_the_prefix_once() {
        assert_eq!(CStyle::Kernel.upper("TDX_SUCCESS"), "TDX_SUCCESS");
        assert_eq!(CStyle::Prefixed.upper("TDX_SUCCESS"), "TDX_ABI_TDX_SUCCESS");
        assert_eq!(CStyle::Prefixed.upper("TDX_ABI_FIELD_GET"), "TDX_ABI_FIELD_GET");
        assert_eq!(CStyle::Prefixed.lower("hpa_array_t_pfn_get"), "tdx_abi_hpa_array_t_pfn_get");
        assert_eq!(CStyle::Kernel.lower("hpa_array_t_pfn_get"), "hpa_array_t_pfn_get");
        assert_eq!(CStyle::Kernel.struct_tag("TD_PARAMS"), "tdx_abi_td_params");
        assert_eq!(CStyle::Prefixed.mask(51, 12), "TDX_ABI_GENMASK_U64(51, 12)");
        assert_eq!(CStyle::Kernel.mask(63, 63), "BIT_ULL(63)");
    }
}
