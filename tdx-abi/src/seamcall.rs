//! Issuing leaves: the backend traits (SEAMCALL for the host, TDCALL for the
//! guest), and the one place that applies a leaf's resume style (generated
//! stubs pass their table entry's style in).

use crate::{Reg, Registers, TdxStatus};
use core::fmt;

/// Something that can issue SEAMCALL: the real instruction
/// (`SeamcallInstruction`, with feature `asm` on x86_64), a
/// kernel's own wrapper, or a simulator.
pub trait Seamcall {
    /// Issues one SEAMCALL with `rax` (leaf and version) and the input
    /// registers in `regs`; writes the output registers back into `regs` and
    /// returns the completion status (RAX). A backend that could not issue the
    /// call at all returns [`TdxStatus::SEAMCALL_VMFAILINVALID`], as the kernel does.
    fn seamcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus;
}

impl<S: Seamcall + ?Sized> Seamcall for &mut S {
    fn seamcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
        (**self).seamcall(rax, regs)
    }
}

/// Something that can issue TDCALL from inside a TD: the real instruction
/// (`TdcallInstruction`, with feature `asm` on x86_64), a guest kernel's own
/// wrapper, or a simulator.
pub trait Tdcall {
    /// Issues one TDCALL with `rax` (leaf and version) and the input registers
    /// in `regs`; writes the output registers back into `regs` and returns the
    /// completion status (RAX).
    fn tdcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus;
}

impl<T: Tdcall + ?Sized> Tdcall for &mut T {
    fn tdcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
        (**self).tdcall(rax, regs)
    }
}

/// The instruction a leaf is issued with; leaf numbers are per instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Instruction {
    /// SEAMCALL, the host's (TDH.* leaves).
    Seamcall,
    /// TDCALL, the guest's (TDG.* leaves).
    Tdcall,
}

impl Instruction {
    /// The name of leaf `number` of this instruction, if the tables have it.
    pub fn leaf_name(self, number: u16) -> Option<&'static str> {
        match self {
            Instruction::Seamcall => crate::leaf_name(number),
            Instruction::Tdcall => crate::tdcall_name(number),
        }
    }
}

/// How an interrupted leaf (status `INTERRUPTED_RESUMABLE`) is continued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Not resumable: an interruption is an error like any other.
    None,
    /// Re-issue with the registers the module returned (it wrote its cursor back).
    ReissueOutputs,
    /// Re-issue with the original inputs (the module kept its own state).
    ReissueInputs,
    /// Re-issue with the given input register set to 1 (0 on the first call).
    ResumeFlag(Reg),
}

/// The default bound on how often a resumable leaf is re-issued.
pub const DEFAULT_MAX_RESUMES: u32 = 1024;

/// A leaf that completed (successfully, or with a warning).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Completion {
    /// The final status: success, or a warning.
    pub status: TdxStatus,
    /// The output registers of the final call.
    pub regs: Registers,
    /// How often the leaf was re-issued after an interruption.
    pub resumes: u32,
}

/// Why a leaf did not complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeafErrorKind {
    /// The module returned an error status.
    Failed,
    /// The leaf was still interrupted after the allowed number of resumes.
    ResumeLimit,
    /// The requested leaf version is not one the tables list; nothing was issued.
    UnsupportedVersion(u8),
}

/// A leaf failed; carries the raw status and the registers of the last call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeafError {
    /// The instruction the leaf was issued with.
    pub instruction: Instruction,
    /// The leaf number (RAX bits 15:0); [`Instruction::leaf_name`] gives its name.
    pub leaf: u16,
    /// What went wrong.
    pub kind: LeafErrorKind,
    /// The status of the last call (zero if nothing was issued).
    pub status: TdxStatus,
    /// The output registers of the last call.
    pub regs: Registers,
    /// How often the leaf had been re-issued (saturating at `u16::MAX`, which keeps the
    /// error, registers included, under clippy's 128-byte threshold for error types).
    pub resumes: u16,
}

impl fmt::Display for LeafError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.instruction.leaf_name(self.leaf) {
            Some(name) => f.write_str(name)?,
            None => write!(f, "leaf {}", self.leaf)?,
        }
        match self.kind {
            LeafErrorKind::Failed => write!(f, " failed: {:?}", self.status),
            LeafErrorKind::ResumeLimit => {
                write!(f, " still interrupted after {} resumes: {:?}", self.resumes, self.status)
            }
            LeafErrorKind::UnsupportedVersion(v) => write!(f, " has no version {v}"),
        }
    }
}

/// The RAX value that issues version `version` of leaf `leaf` (a
/// [`leaf`](crate::leaf) number), as the tables' `LEAF_AND_VERSION` lays it out:
/// the leaf in bits 15:0, the version in bits 23:16.
pub const fn rax(leaf: u16, version: u8) -> u64 {
    crate::LeafAndVersion::new().with_leaf(leaf).with_version(version).into_bits()
}

/// Issues the SEAMCALL leaf in `rax` (see [`rax`]) and continues it per `resume`, re-issuing at
/// most `max_resumes` times. BUSY and every other error are returned, never retried.
pub fn run<S: Seamcall + ?Sized>(
    seam: &mut S,
    rax: u64,
    inputs: Registers,
    resume: Resume,
    max_resumes: u32,
) -> Result<Completion, LeafError> {
    let call = Call { instruction: Instruction::Seamcall, rax, inputs, resume, max_resumes };
    call.run(|rax, regs| seam.seamcall(rax, regs))
}

/// [`run`] for a TDCALL leaf, through a [`Tdcall`] backend.
pub fn run_tdcall<T: Tdcall + ?Sized>(
    td: &mut T,
    rax: u64,
    inputs: Registers,
    resume: Resume,
    max_resumes: u32,
) -> Result<Completion, LeafError> {
    let call = Call { instruction: Instruction::Tdcall, rax, inputs, resume, max_resumes };
    call.run(|rax, regs| td.tdcall(rax, regs))
}

/// One leaf to issue, whatever the instruction: the resume engine.
struct Call {
    instruction: Instruction,
    rax: u64,
    inputs: Registers,
    resume: Resume,
    max_resumes: u32,
}

impl Call {
    fn run(self, mut issue: impl FnMut(u64, &mut Registers) -> TdxStatus) -> Result<Completion, LeafError> {
        let Call { instruction, rax, inputs, resume, max_resumes } = self;
        let mut next = inputs;
        if let Resume::ResumeFlag(flag) = resume {
            next.set(flag, 0);
        }
        // RAX carries the leaf as LEAF_AND_VERSION lays it out.
        let leaf = crate::LeafAndVersion::from_bits(rax).leaf();
        let mut resumes = 0;
        loop {
            let mut regs = next;
            let status = issue(rax, &mut regs);
            let interrupted = status.is(TdxStatus::INTERRUPTED_RESUMABLE);
            if interrupted && resume != Resume::None {
                if resumes == max_resumes {
                    let (kind, resumes) = (LeafErrorKind::ResumeLimit, saturate(resumes));
                    return Err(LeafError { instruction, leaf, kind, status, regs, resumes });
                }
                resumes += 1;
                match resume {
                    Resume::ReissueOutputs => next = regs,
                    Resume::ResumeFlag(flag) => next.set(flag, 1),
                    Resume::ReissueInputs | Resume::None => {}
                }
                continue;
            }
            if status.is_error() {
                let (kind, resumes) = (LeafErrorKind::Failed, saturate(resumes));
                return Err(LeafError { instruction, leaf, kind, status, regs, resumes });
            }
            return Ok(Completion { status, regs, resumes });
        }
    }
}

fn saturate(resumes: u32) -> u16 {
    u16::try_from(resumes).unwrap_or(u16::MAX)
}

/// The error for a version the tables do not list (nothing is issued).
pub fn unsupported_version(instruction: Instruction, leaf: u16, version: u8) -> LeafError {
    LeafError {
        instruction,
        leaf,
        kind: LeafErrorKind::UnsupportedVersion(version),
        status: TdxStatus::from_bits(0),
        regs: Registers::default(),
        resumes: 0,
    }
}
