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

/// Why a simulated leaf did not complete: the status, and the outputs the
/// module writes anyway, if any (an interrupted leaf's moved cursor, which the
/// caller re-issues). A plain status converts into one without outputs, so a
/// handler's `?` on `Result<_, TdxStatus>` works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused<R> {
    /// The status the leaf returns.
    pub status: TdxStatus,
    /// The outputs written with it; `None` leaves the registers as they were.
    pub outputs: Option<R>,
}

impl<R> Refused<R> {
    /// `status`, with `outputs` written to their registers.
    pub fn with_outputs(status: TdxStatus, outputs: R) -> Self {
        Refused { status, outputs: Some(outputs) }
    }
}

impl<R> From<TdxStatus> for Refused<R> {
    fn from(status: TdxStatus) -> Self {
        Refused { status, outputs: None }
    }
}

/// What a leaf handler returns: its outputs, or why it did not complete.
pub type Outcome<R> = Result<R, Refused<R>>;

/// Serves one typed leaf: decodes the inputs from `regs` (an input that
/// cannot be decoded is refused with the registers as they were), hands them
/// to `handle`, and returns its status. Whenever the handler gives outputs
/// (on success, or with a refusal that carries them) every register is cleared
/// and the outputs are written with `encode`.
pub fn serve_leaf<I, R>(
    regs: &mut Registers,
    decode: impl FnOnce(&Registers) -> Result<I, TdxStatus>,
    handle: impl FnOnce(&I) -> Outcome<R>,
    encode: impl FnOnce(&R, &mut Registers),
) -> TdxStatus {
    let input = match decode(regs) {
        Ok(input) => input,
        Err(status) => return status,
    };
    let (status, outputs) = match handle(&input) {
        Ok(reply) => (TdxStatus::SUCCESS, Some(reply)),
        Err(Refused { status, outputs }) => (status, outputs),
    };
    if let Some(reply) = outputs {
        *regs = Registers::default();
        encode(&reply, regs);
    }
    status
}

/// Serves one TDG.VP.VMCALL sub-function for a VMM (whose refusals carry no
/// outputs): decodes the inputs from `regs`, hands them to `handle`, and on success
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
