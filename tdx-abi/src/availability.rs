//! Whether a leaf or sub-function exists on the module (or VMM) at hand,
//! answered at run time from what the module reports, never with per-version
//! cargo features: a program built once runs on every module and asks.

/// A TDX module version, as the global metadata fields MAJOR_VERSION and MINOR_VERSION report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModuleVersion {
    /// MAJOR_VERSION.
    pub major: u16,
    /// MINOR_VERSION.
    pub minor: u16,
}

impl ModuleVersion {
    /// Version `major.minor`.
    pub const fn new(major: u16, minor: u16) -> Self {
        ModuleVersion { major, minor }
    }
}

/// What the tables say a caller tests to know an entry exists (read from its `since`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Availability {
    /// From this module version on.
    Module(ModuleVersion),
    /// When the module sets this TDX_FEATURES0 bit.
    Feature0 {
        /// The bit.
        bit: u8,
    },
    /// From this GHCI version on: the VMM's, asked with `TDG.VP.VMCALL<GetTdVmCallInfo>`.
    Ghci {
        /// Major version.
        major: u16,
        /// Minor version.
        minor: u16,
    },
    /// The tables state nothing a program can test (a prototype ABI, an RFC series).
    Unstated,
}

impl Availability {
    /// Whether the entry exists on a module reporting `version` and TDX_FEATURES0 `features0`:
    /// `Some(true)` or `Some(false)` where the tables say, `None` where the module cannot tell
    /// (a GHCI sub-function, which the VMM implements or not, or an unstated entry).
    pub const fn on(self, version: ModuleVersion, features0: u64) -> Option<bool> {
        match self {
            Availability::Module(since) => {
                Some(version.major > since.major || (version.major == since.major && version.minor >= since.minor))
            }
            Availability::Feature0 { bit } => Some(bit < 64 && features0 & (1 << bit) != 0),
            Availability::Ghci { .. } | Availability::Unstated => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_major_then_minor_and_bits_by_number() {
        let v1_5 = Availability::Module(ModuleVersion::new(1, 5));
        assert_eq!(v1_5.on(ModuleVersion::new(1, 0), 0), Some(false));
        assert_eq!(v1_5.on(ModuleVersion::new(1, 5), 0), Some(true));
        assert_eq!(v1_5.on(ModuleVersion::new(2, 0), 0), Some(true));
        assert_eq!(Availability::Module(ModuleVersion::new(2, 1)).on(ModuleVersion::new(1, 9), 0), Some(false));
        let migration = Availability::Feature0 { bit: 0 };
        assert_eq!(migration.on(ModuleVersion::new(9, 9), 0b10), Some(false));
        assert_eq!(migration.on(ModuleVersion::new(1, 0), 0b01), Some(true));
        assert_eq!(Availability::Feature0 { bit: 64 }.on(ModuleVersion::new(1, 0), u64::MAX), Some(false));
        assert_eq!(Availability::Ghci { major: 1, minor: 5 }.on(ModuleVersion::new(9, 9), u64::MAX), None);
        assert_eq!(Availability::Unstated.on(ModuleVersion::new(9, 9), u64::MAX), None);
    }
}
