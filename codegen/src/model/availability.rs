//! When a leaf or sub-function exists, read from its `since` text: a module
//! version (`TDX module 1.5`), a TDX_FEATURES0 bit (`TDX_FEATURES0.TD_MIGRATION
//! (bit 0)`), a GHCI version (the VMM's side: asked at run time with
//! GetTdVmCallInfo), or nothing a program can test (`Superseded ... prototype`).

/// The layout whose bits `TDX_FEATURES0.NAME` in a `since` names.
pub const FEATURES0_LAYOUT: &str = "TDX_FEATURES0";

/// What `since` says a caller can test at run time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Since {
    /// From this TDX module version on.
    Module {
        /// Major version.
        major: u16,
        /// Minor version.
        minor: u16,
    },
    /// When this TDX_FEATURES0 bit is set; `bit` when the text states it.
    Feature0 {
        /// The bit's name in the TDX_FEATURES0 layout.
        name: String,
        /// The bit number written beside it, if any.
        bit: Option<u32>,
    },
    /// From this GHCI version on (a VMM's; not the module's).
    Ghci {
        /// Major version.
        major: u16,
        /// Minor version.
        minor: u16,
    },
    /// Nothing testable (a prototype, an RFC series).
    Unstated,
}

/// `X.Y` at the start of `text`.
fn version(text: &str) -> Option<(u16, u16)> {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (major, minor) = text[..end].trim_end_matches('.').split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

impl Since {
    /// Reads `since`: the first `TDX_FEATURES0.NAME` (with a following `bit N`), else
    /// `TDX module X.Y`, else `GHCI X.Y`, else [`Since::Unstated`].
    pub fn parse(since: &str) -> Since {
        if let Some(i) = since.find("TDX_FEATURES0.") {
            let rest = &since[i + "TDX_FEATURES0.".len()..];
            let end =
                rest.find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')).unwrap_or(rest.len());
            let after = &rest[end..];
            let bit = after.find("bit ").and_then(|j| {
                let digits: String = after[j + 4..].chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            });
            return Since::Feature0 { name: rest[..end].to_string(), bit };
        }
        for (prefix, module) in [("TDX module ", true), ("GHCI ", false)] {
            if let Some((major, minor)) = since.find(prefix).and_then(|i| version(&since[i + prefix.len()..])) {
                return if module { Since::Module { major, minor } } else { Since::Ghci { major, minor } };
            }
        }
        Since::Unstated
    }
}

#[cfg(test)]
mod tests {
    use super::Since;

    #[test]
    fn reads_versions_feature_bits_and_gives_up_plainly() {
        assert_eq!(Since::parse("TDX module 1.5"), Since::Module { major: 1, minor: 5 });
        assert_eq!(Since::parse("Dynamic PAMT (TDX module 2.0)"), Since::Module { major: 2, minor: 0 });
        assert_eq!(
            Since::parse("TDX_FEATURES0.TD_MIGRATION (bit 0)"),
            Since::Feature0 { name: "TD_MIGRATION".into(), bit: Some(0) }
        );
        assert_eq!(
            Since::parse("TDX Connect (TDX_FEATURES0.TDXCONNECT, bit 6)"),
            Since::Feature0 { name: "TDXCONNECT".into(), bit: Some(6) }
        );
        assert_eq!(Since::parse("TDX_FEATURES0.EXT"), Since::Feature0 { name: "EXT".into(), bit: None });
        assert_eq!(Since::parse("GHCI 1.5"), Since::Ghci { major: 1, minor: 5 });
        assert_eq!(Since::parse("TDX module extensions (TDX Connect series)"), Since::Unstated);
        assert_eq!(Since::parse("Superseded prototype ABI (intel/tdx-module 2.0 sources)"), Since::Unstated);
    }
}
