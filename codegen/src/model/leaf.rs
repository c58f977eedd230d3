//! Leaves as the tables state them (see `crate::resolved` for the typed form).

use super::{Origin, Source};

/// One register a leaf takes or returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegArg {
    /// Register, lower case: `rcx`, `rdx`, `r8`..`r15`, `rbx`, `rdi`, `rsi`.
    pub reg: String,
    /// Argument name, `snake_case`.
    pub name: String,
    /// `u64`, `hpa`, `gpa`, or a layout name.
    pub ty: String,
    /// What the register carries.
    pub description: Option<String>,
    /// The first leaf version that uses the register, if not all do.
    pub since_version: Option<u32>,
    /// Where the argument was written.
    pub origin: Origin,
}

/// How an interrupted leaf is continued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResumeRule {
    /// Not resumable.
    None,
    /// Re-issue with the output registers; `cursor` is the register the module advances.
    ReissueOutputs {
        /// The register holding the module's cursor.
        cursor: Option<String>,
    },
    /// Re-issue with the original inputs.
    ReissueInputs,
    /// Re-issue with `flag` set to 1.
    ResumeFlag {
        /// The input register holding the resume flag.
        flag: Option<String>,
    },
}

/// A SEAMCALL leaf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    /// Spec name, e.g. `TDH.MNG.CREATE`.
    pub name: String,
    /// Other names public sources give the same leaf (leaf 27: TDG.VP.INVGLA beside TDG.VP.INVVPID).
    pub aliases: Vec<String>,
    /// Leaf number.
    pub number: u32,
    /// Supported versions.
    pub versions: Vec<u32>,
    /// Module version or TDX_FEATURES0 bit that introduced the leaf.
    pub since: String,
    /// One line.
    pub description: String,
    /// Input registers, if public.
    pub inputs: Option<Vec<RegArg>>,
    /// Output registers, if tabulated.
    pub outputs: Option<Vec<RegArg>>,
    /// Resume style.
    pub resume: ResumeRule,
    /// One caller at a time.
    pub serialized: bool,
    /// Where the entry comes from.
    pub source: Source,
    /// Extra remarks (disagreements, what is not public).
    pub note: Option<String>,
    /// Where the leaf was written.
    pub origin: Origin,
}
