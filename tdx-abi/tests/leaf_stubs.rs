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
    }

    impl Recorder {
        /// The registers every call returns.
        pub fn outputs(&self) -> Registers {
            let mut regs = Registers::default();
            for reg in Reg::ALL {
                regs.set(reg, output_value(reg));
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
