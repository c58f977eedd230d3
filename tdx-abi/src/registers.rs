//! The SEAMCALL register block.

/// The registers a SEAMCALL takes and returns besides RAX, in the order of
/// the Linux kernel's `struct tdx_module_args` (RAX carries the leaf in and
/// the completion status out, and is not part of the block).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // one field per register, named after it
pub struct Registers {
    pub rcx: u64,
    pub rdx: u64,
    pub r8: u64,
    pub r9: u64,
    pub r10: u64,
    pub r11: u64,
    pub r12: u64,
    pub r13: u64,
    pub r14: u64,
    pub r15: u64,
    pub rbx: u64,
    pub rdi: u64,
    pub rsi: u64,
}

/// One register of the block, for code that chooses registers at run time
/// (resume handling, recording backends).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Reg {
    Rcx,
    Rdx,
    R8,
    R9,
    R10,
    R11,
    R12,
    R13,
    R14,
    R15,
    Rbx,
    Rdi,
    Rsi,
}

impl Reg {
    /// Every register of the block, in block order.
    pub const ALL: [Reg; 13] = [
        Reg::Rcx,
        Reg::Rdx,
        Reg::R8,
        Reg::R9,
        Reg::R10,
        Reg::R11,
        Reg::R12,
        Reg::R13,
        Reg::R14,
        Reg::R15,
        Reg::Rbx,
        Reg::Rdi,
        Reg::Rsi,
    ];

    /// The register's number in the x86 encoding (RAX 0, RCX 1, RDX 2, RBX 3,
    /// RSP 4, RBP 5, RSI 6, RDI 7, R8..R15 8..15): its bit in a TDG.VP.VMCALL
    /// exposure bitmap (RCX). tdx-codegen's `Register::gpr_index` is checked
    /// against this one (codegen/tests/register_map.rs).
    pub const fn gpr_index(self) -> u32 {
        match self {
            Reg::Rcx => 1,
            Reg::Rdx => 2,
            Reg::Rbx => 3,
            Reg::Rsi => 6,
            Reg::Rdi => 7,
            Reg::R8 => 8,
            Reg::R9 => 9,
            Reg::R10 => 10,
            Reg::R11 => 11,
            Reg::R12 => 12,
            Reg::R13 => 13,
            Reg::R14 => 14,
            Reg::R15 => 15,
        }
    }

    /// Lower-case register name, as the tables write it.
    pub const fn name(self) -> &'static str {
        match self {
            Reg::Rcx => "rcx",
            Reg::Rdx => "rdx",
            Reg::R8 => "r8",
            Reg::R9 => "r9",
            Reg::R10 => "r10",
            Reg::R11 => "r11",
            Reg::R12 => "r12",
            Reg::R13 => "r13",
            Reg::R14 => "r14",
            Reg::R15 => "r15",
            Reg::Rbx => "rbx",
            Reg::Rdi => "rdi",
            Reg::Rsi => "rsi",
        }
    }
}

impl Registers {
    /// The value of register `reg`.
    pub const fn get(&self, reg: Reg) -> u64 {
        match reg {
            Reg::Rcx => self.rcx,
            Reg::Rdx => self.rdx,
            Reg::R8 => self.r8,
            Reg::R9 => self.r9,
            Reg::R10 => self.r10,
            Reg::R11 => self.r11,
            Reg::R12 => self.r12,
            Reg::R13 => self.r13,
            Reg::R14 => self.r14,
            Reg::R15 => self.r15,
            Reg::Rbx => self.rbx,
            Reg::Rdi => self.rdi,
            Reg::Rsi => self.rsi,
        }
    }

    /// The registers `bitmap` names (bit i: the register numbered i in the x86
    /// encoding, see [`Reg::gpr_index`]) with their values; every other one zero.
    /// What a TDG.VP.VMCALL exposes to the VMM through RCX.
    pub fn only(&self, bitmap: u64) -> Registers {
        let mut out = Registers::default();
        for reg in Reg::ALL.into_iter().filter(|r| bitmap & (1 << r.gpr_index()) != 0) {
            out.set(reg, self.get(reg));
        }
        out
    }

    /// Sets register `reg` to `value`.
    pub fn set(&mut self, reg: Reg, value: u64) {
        let slot = match reg {
            Reg::Rcx => &mut self.rcx,
            Reg::Rdx => &mut self.rdx,
            Reg::R8 => &mut self.r8,
            Reg::R9 => &mut self.r9,
            Reg::R10 => &mut self.r10,
            Reg::R11 => &mut self.r11,
            Reg::R12 => &mut self.r12,
            Reg::R13 => &mut self.r13,
            Reg::R14 => &mut self.r14,
            Reg::R15 => &mut self.r15,
            Reg::Rbx => &mut self.rbx,
            Reg::Rdi => &mut self.rdi,
            Reg::Rsi => &mut self.rsi,
        };
        *slot = value;
    }
}

// The asm backend addresses the block by these offsets (the kernel's layout).
// `size_of` is qualified because it joined the prelude only in Rust 1.80 (MSRV is 1.78).
#[allow(unused_qualifications)]
const _: () = {
    assert!(core::mem::offset_of!(Registers, rcx) == 0);
    assert!(core::mem::offset_of!(Registers, r8) == 16);
    assert!(core::mem::offset_of!(Registers, r15) == 72);
    assert!(core::mem::offset_of!(Registers, rbx) == 80);
    assert!(core::mem::offset_of!(Registers, rdi) == 88);
    assert!(core::mem::offset_of!(Registers, rsi) == 96);
    assert!(core::mem::size_of::<Registers>() == 104);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_and_set_address_the_named_register_only() {
        for (i, reg) in Reg::ALL.iter().enumerate() {
            let mut regs = Registers::default();
            regs.set(*reg, 0x100 + i as u64);
            for other in Reg::ALL {
                let expected = if other == *reg { 0x100 + i as u64 } else { 0 };
                assert_eq!(regs.get(other), expected, "{} after setting {}", other.name(), reg.name());
            }
        }
    }
}
