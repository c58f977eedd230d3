//! When an entry exists, resolved to what a caller tests at run time: a
//! module version, or a TDX_FEATURES0 bit by number (looked up in the
//! TDX_FEATURES0 layout when `since` names it only).

use crate::model::{Layout, Since};

/// What a caller tests to know an entry exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// The module reports this version or a later one.
    Module {
        /// Major version.
        major: u16,
        /// Minor version.
        minor: u16,
    },
    /// The module sets this TDX_FEATURES0 bit.
    Feature0 {
        /// The bit.
        bit: u32,
    },
    /// The VMM implements this GHCI version (asked with GetTdVmCallInfo, not the module).
    Ghci {
        /// Major version.
        major: u16,
        /// Minor version.
        minor: u16,
    },
    /// Nothing a program can test.
    Unstated,
}

/// The availability `since` states; a feature named without its bit takes it from `features0`.
pub fn resolve(since: &str, features0: Option<&Layout>) -> Availability {
    match Since::parse(since) {
        Since::Module { major, minor } => Availability::Module { major, minor },
        Since::Ghci { major, minor } => Availability::Ghci { major, minor },
        Since::Feature0 { name, bit } => {
            let from_layout = features0.and_then(|l| l.fields.iter().find(|f| f.name == name)).map(|f| f.bits.lo);
            // Validation held a written bit to the layout's; either one will do.
            match from_layout.or(bit) {
                Some(bit) => Availability::Feature0 { bit },
                None => Availability::Unstated,
            }
        }
        Since::Unstated => Availability::Unstated,
    }
}
