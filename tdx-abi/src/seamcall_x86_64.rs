//! The SEAMCALL and TDCALL instructions themselves (x86_64, feature `asm`).
//! The only module of tdx-abi that contains `unsafe`.

use crate::{Registers, Seamcall, Tdcall, TdxStatus};

/// Issues SEAMCALL (66 0F 01 CF) on the current logical processor.
///
/// Follows the kernel's `__seamcall_saved_ret`: every register of the block is
/// loaded before and stored after the call, RBX and RBP are preserved around
/// it (old TDX modules could clobber RBP), and CF=1 (VMfailInvalid: no TDX
/// module) is reported as [`TdxStatus::SEAMCALL_VMFAILINVALID`].
#[derive(Debug)]
pub struct SeamcallInstruction {
    _private: (),
}

impl SeamcallInstruction {
    /// A handle to the instruction.
    ///
    /// # Safety
    ///
    /// SEAMCALL may only run in VMX root operation at CPL 0 on a platform with
    /// TDX enabled (it raises #UD or #GP otherwise), and the TDX module it
    /// enters acts on the physical addresses passed to it: the caller must
    /// uphold every precondition the TDX module ABI states for each leaf it
    /// issues through this handle (pages it hands over are not otherwise in use,
    /// and so on). The kernel's rules for SEAMCALL callers apply, e.g. no
    /// preemption to another CPU in the middle of a per-CPU sequence.
    pub const unsafe fn new() -> Self {
        SeamcallInstruction { _private: () }
    }
}

/// Loads every register of `Registers` from `$block`, runs the instruction
/// bytes `$op`, stores every register back, then runs `$after` (status fix-ups
/// that may test the flags the instruction left), preserving RBX and RBP around
/// it all. Evaluates to RAX. One body for SEAMCALL and TDCALL, which take and
/// return the same register block.
macro_rules! call_with_register_block {
    ($rax:expr, $block:expr, $op:literal, [$($after:literal),*]) => {{
        let status: u64;
        // SAFETY: the caller's handle was made through an `unsafe fn new` whose
        // caller vouched that the instruction may run here. The asm reads and
        // writes only `*$block`, a valid exclusive borrow; it saves and restores
        // RBX and RBP itself (they cannot be operands) and declares every other
        // register it touches as clobbered. Stack use is balanced (no
        // `nostack`), and offsets match `Registers` (asserted in registers.rs).
        unsafe {
            core::arch::asm!(
                "push rbp",
                "push rbx",
                "push rdi",
                "mov rcx, [rdi + 0]",
                "mov rdx, [rdi + 8]",
                "mov r8,  [rdi + 16]",
                "mov r9,  [rdi + 24]",
                "mov r10, [rdi + 32]",
                "mov r11, [rdi + 40]",
                "mov r12, [rdi + 48]",
                "mov r13, [rdi + 56]",
                "mov r14, [rdi + 64]",
                "mov r15, [rdi + 72]",
                "mov rbx, [rdi + 80]",
                "mov rsi, [rdi + 96]",
                "mov rdi, [rdi + 88]",
                $op,
                // None of the moves below change the flags.
                "xchg rdi, [rsp]",
                "mov [rdi + 0],  rcx",
                "mov [rdi + 8],  rdx",
                "mov [rdi + 16], r8",
                "mov [rdi + 24], r9",
                "mov [rdi + 32], r10",
                "mov [rdi + 40], r11",
                "mov [rdi + 48], r12",
                "mov [rdi + 56], r13",
                "mov [rdi + 64], r14",
                "mov [rdi + 72], r15",
                "mov [rdi + 80], rbx",
                "mov [rdi + 96], rsi",
                "pop rcx",
                "mov [rdi + 88], rcx",
                $($after,)*
                "pop rbx",
                "pop rbp",
                inout("rax") $rax => status,
                inout("rdi") $block => _,
                out("rcx") _,
                out("rdx") _,
                out("rsi") _,
                out("r8") _,
                out("r9") _,
                out("r10") _,
                out("r11") _,
                out("r12") _,
                out("r13") _,
                out("r14") _,
                out("r15") _,
            );
        }
        status
    }};
}

impl Seamcall for SeamcallInstruction {
    #[inline(never)]
    fn seamcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
        let block: *mut Registers = regs;
        // SEAMCALL is 66 0F 01 CF. CF=1 after it is VMfailInvalid (no TDX module):
        // report the kernel's TDX_SEAMCALL_VMFAILINVALID.
        let status = call_with_register_block!(
            rax,
            block,
            ".byte 0x66, 0x0f, 0x01, 0xcf",
            ["jnc 2f", "mov rax, 0x8000FF00FFFF0000", "2:"]
        );
        TdxStatus::from_bits(status)
    }
}

/// Issues TDCALL (66 0F 01 CC) from inside a TD.
///
/// Like [`SeamcallInstruction`]: every register of the block is loaded before
/// and stored after the call, and RBX and RBP are preserved around it (a
/// TDG.VP.VMCALL may hand RBP to the host when the TD's NO_RBP_MOD is clear).
#[derive(Debug)]
pub struct TdcallInstruction {
    _private: (),
}

impl TdcallInstruction {
    /// A handle to the instruction.
    ///
    /// # Safety
    ///
    /// TDCALL may only run inside a TD (it raises #UD otherwise), at the
    /// privilege the leaf requires, and the module acts on the guest physical
    /// addresses passed to it: the caller must uphold every precondition the
    /// TDX module ABI states for each leaf it issues (the pages named are the
    /// TD's own and not otherwise in use, and so on).
    pub const unsafe fn new() -> Self {
        TdcallInstruction { _private: () }
    }
}

impl Tdcall for TdcallInstruction {
    #[inline(never)]
    fn tdcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
        let block: *mut Registers = regs;
        TdxStatus::from_bits(call_with_register_block!(rax, block, ".byte 0x66, 0x0f, 0x01, 0xcc", []))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn the_backend_contains_the_seamcall_instruction() {
        // Keep the method in the binary, then read it back with objdump.
        let f: fn(&mut SeamcallInstruction, u64, &mut Registers) -> TdxStatus =
            <SeamcallInstruction as Seamcall>::seamcall;
        std::hint::black_box(f);
        let exe = std::env::current_exe().unwrap();
        let out = Command::new("objdump")
            .args(["-d", "-M", "intel"])
            .arg(&exe)
            .output()
            .expect("objdump (binutils) must be installed");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        let line =
            text.lines().find(|l| l.contains("66 0f 01 cf")).expect("no SEAMCALL (66 0f 01 cf) in the disassembly");
        assert!(line.contains("seamcall"), "objdump decodes it as SEAMCALL: {line}");
        let seamcalls = text.lines().filter(|l| l.contains("66 0f 01 cf")).count();
        assert_eq!(seamcalls, 1, "exactly one SEAMCALL site");
    }

    #[test]
    fn the_guest_backend_contains_the_tdcall_instruction() {
        let f: fn(&mut TdcallInstruction, u64, &mut Registers) -> TdxStatus = <TdcallInstruction as Tdcall>::tdcall;
        std::hint::black_box(f);
        let exe = std::env::current_exe().unwrap();
        let out = Command::new("objdump").args(["-d", "-M", "intel"]).arg(&exe).output().expect("objdump");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        let sites: Vec<&str> = text.lines().filter(|l| l.contains("66 0f 01 cc")).collect();
        assert_eq!(sites.len(), 1, "exactly one TDCALL (66 0f 01 cc) site: {sites:?}");
        assert!(sites[0].contains("tdcall"), "objdump decodes it as TDCALL: {}", sites[0]);
    }

    #[test]
    fn vmfailinvalid_in_the_asm_is_the_kernel_value() {
        assert_eq!(TdxStatus::SEAMCALL_VMFAILINVALID.into_bits(), 0x8000_FF00_FFFF_0000);
    }
}
