//! The C header, in kernel style: `#define HPA_LIST_INFO_PFN GENMASK_U64(51, 12)`,
//! with fallbacks so it also compiles outside Linux.

use super::style::CStyle;
use crate::bits::BitRange;
use crate::emit::banner;
use crate::model::{Layout, Model};
use crate::names::c_macro;

const KERNEL_PRELUDE: &str = "\
/*
 * Beside the kernel's own TDX headers, with -Werror:
 * - Every macro is guarded (#ifndef): a name another header defined first keeps that
 *   definition. In a kernel build (__KERNEL__) this header first includes <asm/tdx.h>
 *   and <asm/shared/tdx_errno.h> where they exist, so either order works with them.
 * - The private headers (arch/x86/virt/vmx/tdx/tdx.h, arch/x86/kvm/vmx/tdx_arch.h)
 *   cannot be included from here: include them first. After this header they redefine
 *   only TDX_FEATURES0_NO_RBP_MOD (written BIT(18) there, the same value).
 * - Struct tags start with tdx_abi_ (the kernel has its own struct td_params and
 *   struct tdmr_info); helpers are static inline, named after their layout.
 * For every name under TDX_ABI_ / tdx_abi_ instead, include <tdx_abi_prefixed.h>.
 */
#ifndef TDX_ABI_H
#define TDX_ABI_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/stddef.h>
#include <linux/types.h>
/* GENMASK_U64 is newer than the TDX host code; GENMASK_ULL is in every kernel. */
#ifndef GENMASK_U64
#define GENMASK_U64(h, l) GENMASK_ULL(h, l)
#endif
/* The kernel's own definitions first (see above); x86 kernels only. */
#if defined(__has_include)
#if __has_include(<asm/tdx.h>)
#include <asm/tdx.h>
#endif
#if __has_include(<asm/shared/tdx_errno.h>)
#include <asm/shared/tdx_errno.h>
#endif
#endif
#include <linux/bitfield.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#ifndef GENMASK_U64
#define GENMASK_U64(h, l) \\
\t(((~(uint64_t)0) >> (63 - (h))) & ((~(uint64_t)0) << (l)))
#endif
#ifndef BIT_ULL
#define BIT_ULL(n) ((uint64_t)1 << (n))
#endif
#endif
";

/// The prefixed header: every name under `TDX_ABI_` / `tdx_abi_`, nothing taken from or
/// given way to another header, the same in a kernel and elsewhere but for the includes.
const PREFIXED_PRELUDE: &str = "\
/*
 * Every name this header defines starts with TDX_ABI_ or tdx_abi_, so it cannot meet a
 * name of the kernel's TDX headers or any other. Include it or <tdx_abi.h>, not both.
 */
#ifndef TDX_ABI_PREFIXED_H
#define TDX_ABI_PREFIXED_H
#ifdef TDX_ABI_H
#error \"include tdx_abi.h or tdx_abi_prefixed.h, not both\"
#endif

#ifdef __KERNEL__
#include <linux/bitfield.h>
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif
#define TDX_ABI_GENMASK_U64(h, l) \\
\t(((~(uint64_t)0) >> (63 - (h))) & ((~(uint64_t)0) << (l)))
#define TDX_ABI_BIT_ULL(n) ((uint64_t)1 << (n))
";

fn mask(style: CStyle, bits: BitRange) -> String {
    style.mask(bits.hi, bits.lo)
}

/// `#define NAME<tabs>VALUE` lines, values aligned on a tab stop as kernel headers do.
fn define_lines(rows: &[(String, String)]) -> Vec<String> {
    let width = rows.iter().map(|(n, _)| "#define ".len() + n.len()).max().unwrap_or(0);
    let column = (width / 8 + 1) * 8;
    rows.iter()
        .map(|(name, value)| {
            let used = "#define ".len() + name.len();
            let tabs = (column - used).div_ceil(8);
            format!("#define {name}{}{value}\n", "\t".repeat(tabs))
        })
        .collect()
}

/// The rows as guarded definitions: a name some other header (the kernel's own
/// TDX headers) defined first is left as it is, so this header may follow it.
pub(super) fn defines(rows: &[(String, String)]) -> String {
    rows.iter().zip(define_lines(rows)).map(|((name, _), line)| format!("#ifndef {name}\n{line}#endif\n")).collect()
}

/// Table text made safe inside a C block comment: `*/` would end it early and
/// `/*` trips `-Wcomment`; a line break would leave the ` * ` column.
fn comment_text(text: &str) -> String {
    text.trim().replace("*/", "*\\/").replace("/*", "/\\*").replace(['\n', '\r'], " ")
}

fn layout_block(model: &Model, layout: &Layout, style: CStyle) -> String {
    let mut rows: Vec<(String, String)> = layout
        .fields_by_position()
        .iter()
        .map(|f| (style.upper(&c_macro(&layout.name, &f.name)), mask(style, f.bits)))
        .collect();
    if !layout.reserved.is_empty() {
        let mut parts: Vec<BitRange> = layout.reserved.iter().map(|r| r.bits).collect();
        parts.sort_by_key(|b| b.lo);
        let masks: Vec<String> = parts.into_iter().map(|b| mask(style, b)).collect();
        let value = if masks.len() == 1 { masks[0].clone() } else { format!("({})", masks.join(" | ")) };
        rows.push((style.upper(&c_macro(&layout.name, "RESERVED")), value));
    }
    let list = model.lists.get(&layout.name).map(|r| super::lists::emit(style, &layout.name, r)).unwrap_or_default()
        + &model.linked.get(&layout.name).map(|r| super::linked::emit(style, &layout.name, r)).unwrap_or_default();
    format!(
        "\n/*\n * {}: {}\n * Source: {}\n */\n{}{}{list}",
        layout.name,
        comment_text(&layout.summary),
        comment_text(&layout.source.citation()),
        defines(&rows),
        super::helpers::emit(layout, style)
    )
}

fn block(title: &str, rows: &[(String, String)]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    format!("\n/* {title} */\n{}", defines(rows))
}

fn leaves_block(model: &Model, style: CStyle) -> String {
    if model.leaves.is_empty() && model.tdcalls.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let shift_name = style.upper("TDX_VERSION_SHIFT");
    let mut shift = Some((shift_name.clone(), crate::resolved::VERSION_SHIFT.to_string()));
    for instruction in crate::resolved::Instruction::ALL {
        let leaves = model.leaves_of(instruction);
        if leaves.is_empty() {
            continue;
        }
        // The shift macro once, with the first block.
        let mut rows: Vec<(String, String)> = shift.take().into_iter().collect();
        for leaf in leaves.values() {
            let name = style.upper(&leaf.names.konst);
            rows.push((name.clone(), leaf.number.to_string()));
            for (_, alias) in &leaf.aliases {
                rows.push((style.upper(alias), name.clone()));
            }
            for v in leaf.versions.iter().filter(|v| **v > 0) {
                let macro_name = style.upper(&crate::names::leaf_version_macro(&leaf.names.konst, u32::from(*v)));
                rows.push((macro_name, format!("({name} | ({v}ULL << {shift_name}))")));
            }
        }
        let title = format!("{} leaves: the leaf in RAX bits 15:0, its version in bits 23:16.", instruction.mnemonic());
        out += &block(&title, &rows);
    }
    out
}

fn status_block(model: &Model, style: CStyle) -> String {
    let mut codes: Vec<_> = model.status_codes.values().collect();
    codes.sort_by_key(|s| (crate::validate::status_key(s.value), s.name.clone()));
    let rows: Vec<(String, String)> =
        codes.iter().map(|s| (style.upper(&s.name), format!("0x{:016X}ULL", s.value))).collect();
    let mut out = block("Completion status codes (RAX after SEAMCALL).", &rows);
    for s in codes.iter().filter(|s| s.kernel_value.is_some()) {
        out += &format!(
            "/* {}: the Linux kernel defines 0x{:016X}; both are this code. */\n",
            style.upper(&s.name),
            s.kernel_value.unwrap_or_default()
        );
    }
    let ops: Vec<(String, String)> =
        model.operand_ids.values().map(|o| (style.upper(&o.name), format!("0x{:02x}", o.value))).collect();
    out + &block("Operand IDs: bits 31:0 of an operand error.", &ops)
}

/// TDG.VP.VMCALL: sub-function codes (R11), each one's exposure bitmap (RCX,
/// derived from its register map), and the VMM's statuses (R10).
fn tdvmcall_block(model: &Model, style: CStyle) -> String {
    let mut rows = Vec::new();
    for t in model.tdvmcalls.values() {
        rows.push((style.upper(&t.names.c_macro), format!("0x{:X}", t.code)));
        rows.push((style.upper(&format!("{}_EXPOSE", t.names.c_macro)), format!("0x{:X}ULL", t.expose)));
    }
    let mut out = block(
        "TDG.VP.VMCALL sub-functions (R11, with R10 = 0) and the registers each exposes (RCX, bit n = GPR n).",
        &rows,
    );
    let statuses: Vec<(String, String)> =
        model.tdvmcall_statuses.values().map(|s| (style.upper(&s.name), format!("0x{:016X}ULL", s.value))).collect();
    out += &block("TDG.VP.VMCALL statuses (R10 after the call; RAX holds the module's).", &statuses);
    out
}

fn metadata_block(model: &Model, style: CStyle) -> String {
    use crate::model::MetadataScope;
    let mut out = String::new();
    let titles = [
        (MetadataScope::Global, "Global metadata field IDs (TDH.SYS.RD, TDG.SYS.RD)."),
        (MetadataScope::Td, "TD-scope metadata field IDs (TDH.MNG.RD/WR, TDG.VM.RD/WR), in the module's form."),
        (MetadataScope::Vcpu, "vCPU-scope metadata field IDs (TDH.VP.RD/WR, TDG.VP.RD/WR), in the module's form."),
    ];
    for (scope, title) in titles {
        let rows: Vec<(String, String)> = model
            .metadata_fields
            .values()
            .filter(|m| m.scope == scope)
            .map(|m| (style.upper(&crate::names::metadata_macro(scope, &m.name)), format!("0x{:016X}ULL", m.field_id)))
            .collect();
        out += &block(title, &rows);
    }
    // The kernel's own macros, token for token, so either header may come first.
    let linux: Vec<(String, String)> = model
        .metadata_fields
        .values()
        .filter_map(|m| {
            m.linux_field_id.map(|l| (style.upper(&crate::names::linux_metadata_macro(&m.name)), format!("0x{l:016X}")))
        })
        .collect();
    out + &block("TD-scope field IDs as the Linux kernel writes them (arch/x86/include/asm/shared/tdx.h).", &linux)
}

/// A memory structure: a packed struct of fixed-width members, its size and
/// every member's offset asserted at compile time.
fn struct_block(s: &crate::model::Struct, style: CStyle) -> String {
    use crate::model::MemberType;
    let tag = style.struct_tag(&s.name);
    let mut parts: Vec<(u32, String, String)> = Vec::new();
    for m in &s.members {
        let name = m.name.to_ascii_lowercase();
        let count = if m.count > 1 { format!("[{}]", m.count) } else { String::new() };
        let decl = match &m.ty {
            MemberType::Uint(n) => format!("uint{}_t {name}{count};", n * 8),
            MemberType::Bytes(n) => format!("uint8_t {name}{count}[{n}];"),
            MemberType::Struct(inner) => format!("struct {} {name}{count};", style.struct_tag(inner)),
            // A bit word: the header's masks for the layout apply to it.
            MemberType::Layout(layout) => format!("uint{}_t {name}{count}; /* {layout} */", m.elem_size * 8),
        };
        parts.push((m.offset, decl, name));
    }
    for r in &s.reserved {
        parts.push((r.offset, format!("uint8_t reserved_{}[{}];", r.offset, r.size), String::new()));
    }
    parts.sort_by_key(|p| p.0);
    let body: String = parts.iter().map(|(_, decl, _)| format!("\t{decl}\n")).collect();
    let align = if s.align > 1 { format!(", __aligned__({})", s.align) } else { String::new() };
    let mut asserts =
        format!("_Static_assert(sizeof(struct {tag}) == {}, \"{} is {} bytes\");\n", s.size, s.name, s.size);
    for (offset, _, name) in parts.iter().filter(|p| !p.2.is_empty()) {
        asserts += &format!(
            "_Static_assert(offsetof(struct {tag}, {name}) == {offset}, \"{}.{} is at byte {offset}\");\n",
            s.name,
            name.to_ascii_uppercase()
        );
    }
    format!(
        "\n/*\n * {}: {}\n * Source: {}\n */\nstruct {tag} {{\n{body}}} __attribute__((__packed__{align}));\n{asserts}",
        s.name,
        comment_text(&s.summary),
        comment_text(&s.source.citation()),
    )
}

/// A versioned struct: where its selector is and which struct each value names.
fn variants_block(model: &Model, v: &crate::model::StructVariants, style: CStyle) -> String {
    let first = v.cases.first().map(|c| c.struct_name.as_str()).unwrap_or_default();
    let Ok((offset, width)) = crate::model::selector_place(|n| model.structs.get(n), first, &v.selector) else {
        return String::new();
    };
    let mut text = format!(
        "\n/*\n * {}: {}\n * Selector {} (uint{}_t) at byte {offset}:\n",
        v.name,
        comment_text(&v.summary),
        v.selector.join("."),
        width * 8
    );
    let mut rows = vec![(style.upper(&c_macro(&v.name, "SELECTOR_OFFSET")), offset.to_string())];
    for c in &v.cases {
        text += &format!(" *   {}: struct {}\n", c.value, style.struct_tag(&c.struct_name));
        rows.push((style.upper(&c_macro(&v.name, &c.struct_name)), c.value.to_string()));
    }
    text += &format!(" * Source: {}\n */\n", comment_text(&v.source.citation()));
    text + &defines(&rows)
}

/// Structs in an order C accepts: every nested struct before its user.
fn structs_in_order(model: &Model) -> Vec<&crate::model::Struct> {
    let mut done: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    while out.len() < model.structs.len() {
        let before = out.len();
        for s in model.structs.values() {
            if done.contains(&s.name.as_str()) {
                continue;
            }
            let ready = s.members.iter().all(|m| match &m.ty {
                crate::model::MemberType::Struct(inner) => done.contains(&inner.as_str()),
                _ => true,
            });
            if ready {
                done.push(&s.name);
                out.push(s);
            }
        }
        if out.len() == before {
            break; // validation rules out cycles; never loop forever
        }
    }
    out
}

/// The whole header, in `style`.
pub fn emit(model: &Model, style: CStyle) -> String {
    let banner: String = banner::lines("spec-tables").iter().map(|l| format!(" * {l}\n")).collect();
    let (prelude, guard) = match style {
        CStyle::Kernel => (KERNEL_PRELUDE, "TDX_ABI_H"),
        CStyle::Prefixed => (PREFIXED_PRELUDE, "TDX_ABI_PREFIXED_H"),
    };
    let mut out = format!(
        "/* SPDX-License-Identifier: MIT OR Apache-2.0 */\n/*\n{banner} */\n{prelude}{}",
        super::helpers::PRELUDE
    );
    if !model.lists.is_empty() || !model.linked.is_empty() {
        out += &super::lists::prelude(style);
    }
    for layout in model.layouts.values() {
        out += &layout_block(model, layout, style);
    }
    for s in structs_in_order(model) {
        out += &struct_block(s, style);
    }
    for v in &model.tables.struct_variants {
        out += &variants_block(model, v, style);
    }
    out += &leaves_block(model, style);
    out += &status_block(model, style);
    out += &tdvmcall_block(model, style);
    out += &metadata_block(model, style);
    out += &format!("\n#endif /* {guard} */\n");
    super::format::wrap(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_read_like_the_kernel_s() {
        assert_eq!(mask(CStyle::Kernel, BitRange { hi: 11, lo: 3 }), "GENMASK_U64(11, 3)");
        assert_eq!(mask(CStyle::Kernel, BitRange { hi: 63, lo: 63 }), "BIT_ULL(63)");
    }

    #[test]
    fn table_text_cannot_end_a_comment_early() {
        assert_eq!(comment_text(" ends */ here /* and\nwraps "), "ends *\\/ here /\\* and wraps");
    }

    #[test]
    fn values_align_on_one_tab_stop() {
        let rows = [
            ("HPA_LIST_INFO_PFN".to_string(), "A".to_string()),
            ("HPA_LIST_INFO_FIRST_ENTRY".to_string(), "B".to_string()),
        ];
        assert_eq!(define_lines(&rows), ["#define HPA_LIST_INFO_PFN\t\tA\n", "#define HPA_LIST_INFO_FIRST_ENTRY\tB\n"]);
        assert!(defines(&rows).starts_with("#ifndef HPA_LIST_INFO_PFN\n#define HPA_LIST_INFO_PFN\t\tA\n#endif\n"));
    }
}
