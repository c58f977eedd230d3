//! Every stub tdx-abi generates, served by the simulator's generated dispatch:
//! the two are written from the same table entries, and this checks they agree
//! on every register, in both directions.

mod support {
    use tdx_abi::{Reg, Registers, Seamcall, Tdcall, TdxStatus};
    use tdx_sim::dispatch::{seamcall, tdcall};

    /// The value a test handler answers in `reg` (distinct per register).
    pub fn output_value(reg: Reg) -> u64 {
        let index = Reg::ALL.iter().position(|r| *r == reg).unwrap() as u64;
        0xB000 + index
    }

    /// A handler for every leaf and sub-function: it records the input it was
    /// given (its `Debug` form) and answers `output_value` in each output.
    #[derive(Default)]
    pub struct Handler {
        pub seen: String,
    }

    /// A backend serving each call through the generated dispatch (one
    /// instantiation: the handler is a trait object).
    pub struct Served<'a, H: ?Sized>(pub &'a mut H);

    impl Seamcall for Served<'_, dyn seamcall::SeamcallLeaves + '_> {
        fn seamcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
            seamcall::dispatch(self.0, rax, regs)
        }
    }

    impl Tdcall for Served<'_, dyn tdcall::TdcallLeaves + '_> {
        fn tdcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
            tdcall::dispatch(self.0, rax, regs)
        }
    }

    /// A TDCALL backend that answers TDG.VP.VMCALL as a VMM through the
    /// generated TDVMCALL dispatch, seeing only the registers RCX exposes.
    pub struct Vmcalls<'a>(pub &'a mut Handler);

    impl Tdcall for Vmcalls<'_> {
        fn tdcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
            assert_eq!(rax, 0, "TDG.VP.VMCALL");
            tdx_sim::guest::serve_vmcall(self.0, regs)
        }
    }
}

// Written by `cargo xtask regen` and formatted by the generator; rustfmt must not rewrite it.
#[rustfmt::skip]
#[path = "served_stubs/generated.rs"]
mod generated;
