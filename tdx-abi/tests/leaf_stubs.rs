//! Every typed leaf stub, checked against a recording backend: the cases are
//! generated (one per leaf) into `leaf_stubs/generated.rs`; the recorder is here.

mod support {
    use tdx_abi::{Instruction, Reg, Registers, Seamcall, Tdcall, TdxStatus};

    /// The value the recorder returns in register `reg`: distinct per register.
    pub fn output_value(reg: Reg) -> u64 {
        let index = Reg::ALL.iter().position(|r| *r == reg).unwrap() as u64;
        0xA000 + index
    }

    /// A backend (SEAMCALL and TDCALL) that records each call and answers success with
    /// `output_value` in every register.
    #[derive(Default)]
    pub struct Recorder {
        pub calls: Vec<(Instruction, u64, Registers)>,
        /// Answer as a VMM that completed a TDG.VP.VMCALL: R10 (its status) zero.
        pub vmm: bool,
    }

    /// The kernel's TDX_R* bits (arch/x86/include/asm/shared/tdx.h @ 6867849aac96): a
    /// register's bit in a TDG.VP.VMCALL exposure bitmap, written out here independently
    /// of the generator's numbering.
    fn expose_bit(reg: Reg) -> u64 {
        let bit = match reg {
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
            Reg::Rcx => panic!("RCX is the bitmap itself"),
        };
        1 << bit
    }

    /// The bitmap exposing R10, R11 (every TDG.VP.VMCALL's) and `regs`.
    pub fn exposing(regs: &[Reg]) -> u64 {
        [Reg::R10, Reg::R11].iter().chain(regs).fold(0, |bits, r| bits | expose_bit(*r))
    }

    impl Recorder {
        /// A recorder answering as a VMM that completed the call.
        pub fn vmm() -> Self {
            Recorder { vmm: true, ..Recorder::default() }
        }

        /// The registers every call returns.
        pub fn outputs(&self) -> Registers {
            let mut regs = Registers::default();
            for reg in Reg::ALL {
                regs.set(reg, output_value(reg));
            }
            if self.vmm {
                regs.r10 = 0;
            }
            regs
        }

        /// Exactly one call was made, with `instruction` and `rax`, and the inputs were exactly
        /// `expected` (all other registers 0).
        pub fn assert_one_call(&self, instruction: Instruction, rax: u64, expected: &[(Reg, u64)]) {
            assert_eq!(self.calls.len(), 1, "one call");
            let (got_instruction, got_rax, regs) = self.calls[0];
            assert_eq!((got_instruction, got_rax), (instruction, rax), "instruction and RAX");
            for reg in Reg::ALL {
                let want = expected.iter().find(|(r, _)| *r == reg).map_or(0, |(_, v)| *v);
                assert_eq!(regs.get(reg), want, "input register {}", reg.name());
            }
        }
    }

    impl Recorder {
        fn record(&mut self, instruction: Instruction, rax: u64, regs: &mut Registers) -> TdxStatus {
            self.calls.push((instruction, rax, *regs));
            *regs = self.outputs();
            TdxStatus::from_bits(0)
        }
    }

    impl Seamcall for Recorder {
        fn seamcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
            self.record(Instruction::Seamcall, rax, regs)
        }
    }

    impl Tdcall for Recorder {
        fn tdcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
            self.record(Instruction::Tdcall, rax, regs)
        }
    }
}

// Written by `cargo xtask regen` and formatted by the generator; rustfmt must not rewrite it.
#[rustfmt::skip]
#[path = "leaf_stubs/generated.rs"]
mod generated;
