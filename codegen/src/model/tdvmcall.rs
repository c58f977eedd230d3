//! TDG.VP.VMCALL sub-functions as the tables state them (see
//! `crate::resolved::Subfunction` for the typed form with its exposure bitmap).

use super::{Origin, RegArg, Source};

/// A TDG.VP.VMCALL sub-function of the GHCI: R10 = 0 (standard), R11 = its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tdvmcall {
    /// Name in the kernel's spelling without its prefix, e.g. `MAP_GPA` (`TDVMCALL_MAP_GPA`).
    pub name: String,
    /// The sub-function code the guest puts in R11.
    pub code: u64,
    /// The GHCI's own name, e.g. `MapGPA` or `Instruction.CPUID`.
    pub ghci: String,
    /// GHCI version that introduced it.
    pub since: String,
    /// One line.
    pub description: String,
    /// Input registers besides RCX, R10 and R11 (which the call itself sets).
    pub inputs: Vec<RegArg>,
    /// Output registers besides R10 (the status).
    pub outputs: Vec<RegArg>,
    /// Where the entry comes from.
    pub source: Source,
    /// Extra remarks.
    pub note: Option<String>,
    /// Where it was written.
    pub origin: Origin,
}
