//! A validated TDG.VP.VMCALL sub-function: registers and types as enums, the
//! RCX exposure bitmap derived from its register map (never written by hand),
//! and its generated names.

use super::leaf::{arg, Arg, Unresolved};
use super::Register;
use crate::model::{Origin, Source, Tdvmcall};
use crate::names::{tdvmcall_expose_const, tdvmcall_fn, tdvmcall_macro, tdvmcall_type};

/// The registers every TDG.VP.VMCALL exposes whatever its sub-function: R10
/// (0 in: a standard GHCI call; the status out) and R11 (the sub-function code in).
pub const ALWAYS_EXPOSED: [Register; 2] = [Register::R10, Register::R11];

/// The names a sub-function's generated items take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubfunctionNames {
    /// `MAP_GPA`: the constant in `tdvmcall`.
    pub konst: String,
    /// `MAP_GPA_EXPOSE`: its exposure bitmap's constant in `tdvmcall`.
    pub expose: String,
    /// `TDVMCALL_MAP_GPA`: the C macro (the kernel's name).
    pub c_macro: String,
    /// `map_gpa`: the stub.
    pub func: String,
    /// `MapGpaIn`.
    pub input: String,
    /// `MapGpaOut`.
    pub output: String,
}

/// A validated TDG.VP.VMCALL sub-function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subfunction {
    /// Spec name, `MAP_GPA`.
    pub name: String,
    /// The code R11 carries.
    pub code: u64,
    /// The GHCI's name, `MapGPA`.
    pub ghci: String,
    /// GHCI version that introduced it.
    pub since: String,
    /// What a caller tests to know it exists, read from `since`.
    pub availability: super::Availability,
    /// One line.
    pub description: String,
    /// Input registers (besides RCX, R10, R11).
    pub inputs: Vec<Arg>,
    /// Output registers (besides R10).
    pub outputs: Vec<Arg>,
    /// RCX: bit n set exposes GPR n (RDX = 2, RBX = 3, RSI = 6, RDI = 7, R8..R15 = 8..15).
    pub expose: u64,
    /// Where the entry comes from.
    pub source: Source,
    /// Extra remarks.
    pub note: Option<String>,
    /// Where it was written.
    pub origin: Origin,
    /// Its generated names.
    pub names: SubfunctionNames,
}

/// The exposure bitmap of a register map: R10, R11, and every register it names.
pub fn expose_bitmap<'a>(registers: impl IntoIterator<Item = &'a Register>) -> u64 {
    ALWAYS_EXPOSED.iter().chain(registers).fold(0, |bits, r| bits | (1u64 << r.gpr_index()))
}

/// The resolved form of a sub-function the validation rules accepted.
pub fn resolve(t: &Tdvmcall, features0: Option<&crate::model::Layout>) -> Result<Subfunction, Unresolved> {
    let inputs: Vec<Arg> = t.inputs.iter().map(arg).collect::<Result<_, _>>()?;
    let outputs: Vec<Arg> = t.outputs.iter().map(arg).collect::<Result<_, _>>()?;
    let expose = expose_bitmap(inputs.iter().chain(&outputs).map(|a| &a.reg));
    Ok(Subfunction {
        name: t.name.clone(),
        code: t.code,
        ghci: t.ghci.clone(),
        since: t.since.clone(),
        availability: super::availability::resolve(&t.since, features0),
        description: t.description.clone(),
        inputs,
        outputs,
        expose,
        source: t.source.clone(),
        note: t.note.clone(),
        origin: t.origin.clone(),
        names: SubfunctionNames {
            konst: t.name.clone(),
            expose: tdvmcall_expose_const(&t.name),
            c_macro: tdvmcall_macro(&t.name),
            func: tdvmcall_fn(&t.name),
            input: format!("{}In", tdvmcall_type(&t.name)),
            output: format!("{}Out", tdvmcall_type(&t.name)),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bitmap_is_r10_r11_and_the_registers_named() {
        // The kernel's TDX_R* bits (arch/x86/include/asm/shared/tdx.h): RDX 2, RBX 3, RSI 6, RDI 7, Rn n.
        assert_eq!(expose_bitmap([]), (1 << 10) | (1 << 11));
        let all =
            expose_bitmap(&[Register::Rdx, Register::Rbx, Register::Rsi, Register::Rdi, Register::R8, Register::R9]);
        assert_eq!(all, (1 << 2) | (1 << 3) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11));
        assert_eq!(expose_bitmap(&[Register::R12, Register::R15]), 0x9c00);
    }
}
