//! The SEAMCALL registers, as a type: tables name them as strings once, and
//! everything after validation uses this enum (tdx-abi's `Reg` mirrors it;
//! `codegen/tests/register_map.rs` checks the two agree).

/// A register a leaf takes or returns besides RAX, in the kernel's
/// `struct tdx_module_args` order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Register {
    /// RCX.
    Rcx,
    /// RDX.
    Rdx,
    /// R8.
    R8,
    /// R9.
    R9,
    /// R10.
    R10,
    /// R11.
    R11,
    /// R12.
    R12,
    /// R13.
    R13,
    /// R14.
    R14,
    /// R15.
    R15,
    /// RBX.
    Rbx,
    /// RDI.
    Rdi,
    /// RSI.
    Rsi,
}

impl Register {
    /// Every register, in `tdx_module_args` order.
    pub const ALL: [Register; 13] = [
        Register::Rcx,
        Register::Rdx,
        Register::R8,
        Register::R9,
        Register::R10,
        Register::R11,
        Register::R12,
        Register::R13,
        Register::R14,
        Register::R15,
        Register::Rbx,
        Register::Rdi,
        Register::Rsi,
    ];

    /// The name tables and `tdx_abi::Registers` fields use: `rcx`.
    pub fn name(self) -> &'static str {
        match self {
            Register::Rcx => "rcx",
            Register::Rdx => "rdx",
            Register::R8 => "r8",
            Register::R9 => "r9",
            Register::R10 => "r10",
            Register::R11 => "r11",
            Register::R12 => "r12",
            Register::R13 => "r13",
            Register::R14 => "r14",
            Register::R15 => "r15",
            Register::Rbx => "rbx",
            Register::Rdi => "rdi",
            Register::Rsi => "rsi",
        }
    }

    /// The `tdx_abi::Reg` variant: `Rcx`.
    pub fn variant(self) -> String {
        let name = self.name();
        name[..1].to_ascii_uppercase() + &name[1..]
    }

    /// The register's number in the x86 encoding (RAX 0, RCX 1, RDX 2, RBX 3, RSP 4,
    /// RBP 5, RSI 6, RDI 7, R8..R15 8..15): its bit in a TDG.VP.VMCALL exposure bitmap.
    pub fn gpr_index(self) -> u32 {
        match self {
            Register::Rcx => 1,
            Register::Rdx => 2,
            Register::Rbx => 3,
            Register::Rsi => 6,
            Register::Rdi => 7,
            Register::R8 => 8,
            Register::R9 => 9,
            Register::R10 => 10,
            Register::R11 => 11,
            Register::R12 => 12,
            Register::R13 => 13,
            Register::R14 => 14,
            Register::R15 => 15,
        }
    }

    /// The register a table names, if it is one.
    pub fn parse(name: &str) -> Option<Register> {
        Register::ALL.into_iter().find(|r| r.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::Register;

    #[test]
    fn names_round_trip_and_variants_are_capitalised() {
        for r in Register::ALL {
            assert_eq!(Register::parse(r.name()), Some(r));
        }
        assert_eq!((Register::R8.variant(), Register::Rsi.variant()), ("R8".to_string(), "Rsi".to_string()));
        assert_eq!(Register::parse("rax"), None);
    }
}
