//! Every typed leaf stub, checked against a recording backend: the cases are
//! generated (one per leaf) into `leaf_stubs/generated.rs`; the recorder is here.

mod support {
    use tdx_abi::{Reg, Registers, Seamcall, TdxStatus};

    /// The value the recorder returns in register `reg`: distinct per register.
    pub fn output_value(reg: Reg) -> u64 {
        let index = Reg::ALL.iter().position(|r| *r == reg).unwrap() as u64;
        0xA000 + index
    }

    /// A backend that records each call and answers success with `output_value` in every register.
    #[derive(Default)]
    pub struct Recorder {
        pub calls: Vec<(u64, Registers)>,
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

        /// Exactly one call was made, with `rax`, and the inputs were exactly `expected` (all other registers 0).
        pub fn assert_one_call(&self, rax: u64, expected: &[(Reg, u64)]) {
            assert_eq!(self.calls.len(), 1, "one SEAMCALL");
            let (got_rax, regs) = self.calls[0];
            assert_eq!(got_rax, rax, "RAX");
            for reg in Reg::ALL {
                let want = expected.iter().find(|(r, _)| *r == reg).map_or(0, |(_, v)| *v);
                assert_eq!(regs.get(reg), want, "input register {}", reg.name());
            }
        }
    }

    impl Seamcall for Recorder {
        fn seamcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
            self.calls.push((rax, *regs));
            *regs = self.outputs();
            TdxStatus::from_bits(0)
        }
    }
}

// Written by `cargo xtask regen` and formatted by the generator; rustfmt must not rewrite it.
#[rustfmt::skip]
#[path = "leaf_stubs/generated.rs"]
mod generated;
