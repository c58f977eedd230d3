//! From registers to typed handler calls and back. The generated half
//! (`generated.rs`, written by `cargo xtask regen` from the tables) has one
//! handler trait per instruction, a reply struct per leaf and the dispatch
//! functions; this half holds what they share.

#[rustfmt::skip]
mod generated;

pub use generated::{seamcall, tdcall, tdvmcall};

use tdx_abi::{operand, Registers, TdxStatus};

/// What the module answers to a leaf number (or leaf version) it does not
/// know: OPERAND_INVALID naming RAX. Both dispatchers of intel/tdx-module do
/// this (src/td_dispatcher/tdx_td_dispatcher.c and
/// src/vmm_dispatcher/tdx_vmm_dispatcher.c @ 72d8cffb214b).
pub const UNKNOWN_LEAF: TdxStatus = operand_invalid(operand::RAX);

/// OPERAND_INVALID naming the operand at fault (status bits 31:0).
pub const fn operand_invalid(operand: u32) -> TdxStatus {
    TdxStatus::from_bits(TdxStatus::OPERAND_INVALID.into_bits() | operand as u64)
}

/// OPERAND_PAGE_METADATA_INCORRECT naming the operand whose page the module's
/// PAMT does not hold as the leaf needs (assigned where it must be free, or
/// of another page type).
pub const fn page_metadata_incorrect(operand: u32) -> TdxStatus {
    TdxStatus::from_bits(TdxStatus::PAGE_METADATA_INCORRECT.into_bits() | operand as u64)
}

/// Decodes the inputs from `regs`, hands them to `handle`, and on success
/// clears every register and writes the reply's outputs with `encode`. On an
/// error (an input that cannot be decoded, or the handler's refusal) the
/// registers are left as they were.
pub fn serve<I, R, E>(
    regs: &mut Registers,
    decode: impl FnOnce(&Registers) -> Result<I, E>,
    handle: impl FnOnce(&I) -> Result<R, E>,
    encode: impl FnOnce(&R, &mut Registers),
) -> Result<(), E> {
    let input = decode(regs)?;
    let reply = handle(&input)?;
    *regs = Registers::default();
    encode(&reply, regs);
    Ok(())
}
