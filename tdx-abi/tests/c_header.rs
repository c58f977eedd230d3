//! The generated C header compiles standalone with a strict C11 compiler, and
//! every mask it defines equals the Rust constant of the same field.

use std::path::PathBuf;
use std::process::Command;
use tdx_abi::{
    MetadataScope, LAYOUTS, LEAVES, METADATA_FIELDS, OPERAND_IDS, STATUS_CODES, STRUCT_VARIANTS, TDCALLS, TDVMCALLS,
    TDVMCALL_STATUSES,
};

fn header() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("include/tdx_abi.h")
}

/// (macro name, value the Rust side says it must have), for every macro the header defines.
fn expected_macros() -> Vec<(String, u64)> {
    let mut out = layout_macros();
    out.push(("TDX_VERSION_SHIFT".into(), 16));
    for leaf in LEAVES.iter().chain(TDCALLS) {
        let name = leaf.name.replace('.', "_");
        out.push((name.clone(), u64::from(leaf.number)));
        out.extend(leaf.aliases.iter().map(|a| (a.replace('.', "_"), u64::from(leaf.number))));
        for v in leaf.versions.iter().filter(|v| **v > 0) {
            out.push((format!("{name}_V{v}"), u64::from(leaf.number) | (u64::from(*v) << 16)));
        }
    }
    out.extend(STATUS_CODES.iter().map(|s| (s.name.to_string(), s.status.into_bits())));
    out.extend(OPERAND_IDS.iter().map(|o| (o.name.to_string(), u64::from(o.id))));
    for m in METADATA_FIELDS {
        let prefix = match m.scope {
            MetadataScope::Global => "MD_FIELD_ID",
            MetadataScope::Td => "MD_TDCS",
            MetadataScope::Vcpu => "MD_TDVPS",
        };
        out.push((format!("{prefix}_{}", m.name), m.field_id.into_bits()));
        if let Some(linux) = m.linux_form {
            out.push((format!("TDCS_{}", m.name), linux.into_bits()));
        }
    }
    for t in TDVMCALLS {
        out.push((format!("TDVMCALL_{}", t.name), t.code));
        out.push((format!("TDVMCALL_{}_EXPOSE", t.name), t.expose));
    }
    out.extend(TDVMCALL_STATUSES.iter().map(|s| (s.name.to_string(), s.status.into_bits())));
    for v in STRUCT_VARIANTS {
        out.push((format!("{}_SELECTOR_OFFSET", v.name), v.selector_offset as u64));
        out.extend(v.forms.iter().map(|f| (format!("{}_{}", v.name, f.name), f.value)));
    }
    out
}

/// Field masks and reserved masks of every layout.
fn layout_macros() -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for layout in LAYOUTS {
        for f in layout.fields {
            out.push((format!("{}_{}", layout.name, f.name), f.mask));
        }
        if layout.reserved_mask != 0 {
            out.push((format!("{}_RESERVED", layout.name), layout.reserved_mask));
        }
    }
    out
}

/// The names a C text `#define`s, in order.
fn defined_names(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("#define "))
        .map(|l| l.split(|c: char| c.is_whitespace() || c == '(').next().unwrap())
}

/// A program that prints `NAME hexvalue` for each macro, after `includes`.
fn print_macros(includes: &str, macros: &[(String, u64)]) -> String {
    let mut source = format!("#include <stdio.h>\n{includes}int main(void) {{\n");
    for (name, _) in macros {
        source += &format!("    printf(\"%s %llx\\n\", \"{name}\", (unsigned long long)({name}));\n");
    }
    source + "    return 0;\n}\n"
}

/// What a [`print_macros`] program printed, as (name, value) pairs in its order.
fn parse_printed(printed: &str) -> Vec<(String, u64)> {
    printed
        .lines()
        .map(|l| {
            let (name, hex) = l.split_once(' ').unwrap();
            (name.to_string(), u64::from_str_radix(hex, 16).unwrap())
        })
        .collect()
}

fn compile_and_run(source: &str, name: &str) -> String {
    compile_and_run_with(source, name, &["-std=c11", "-pedantic"], None)
}

/// Compiles `source` with `flags` (and `-Wall -Wextra -Werror`), the header's directory and
/// `extra_include` on the include path, runs it, and returns what it printed.
fn compile_and_run_with(source: &str, name: &str, flags: &[&str], extra_include: Option<&std::path::Path>) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("tdx-abi-c-header-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (src, exe) = (dir.join(format!("{name}.c")), dir.join(name));
    std::fs::write(&src, source).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| "gcc".into());
    let include = header().parent().unwrap().to_path_buf();
    let mut cmd = Command::new(&cc);
    cmd.args(flags).args(["-Wall", "-Wextra", "-Werror", "-I"]).arg(&include);
    if let Some(dir) = extra_include {
        cmd.arg("-I").arg(dir);
    }
    let out = cmd
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .output()
        .unwrap_or_else(|e| panic!("cannot run C compiler `{cc}` (install gcc): {e}"));
    assert!(out.status.success(), "{cc} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let run = Command::new(&exe).output().unwrap();
    assert!(run.status.success());
    std::fs::remove_dir_all(&dir).ok();
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn header_masks_equal_the_rust_constants() {
    let macros = expected_macros();
    let source =
        print_macros("#include \"tdx_abi.h\"\n#include \"tdx_abi.h\" /* the include guard holds */\n", &macros);
    let mut got = parse_printed(&compile_and_run(&source, "masks"));
    let mut macros = macros;
    got.sort();
    macros.sort();
    assert_eq!(got, macros);
}

#[test]
fn header_defines_nothing_the_rust_side_does_not_know() {
    let text = std::fs::read_to_string(header()).unwrap();
    let mut expected: Vec<String> = expected_macros().into_iter().map(|(n, _)| n).collect();
    expected.sort();
    let mut defined: Vec<&str> = defined_names(&text)
        // The include guard, the fallbacks and the helpers' internal macros are no values.
        .filter(|name| {
            !["TDX_ABI_H", "GENMASK_U64", "BIT_ULL", "TDX_ABI_FIELD_GET", "TDX_ABI_FIELD_PREP"].contains(name)
        })
        .collect();
    defined.sort_unstable();
    assert_eq!(defined, expected);
}

#[test]
fn header_is_marked_generated_and_reads_like_the_kernel() {
    let text = std::fs::read_to_string(header()).unwrap();
    assert!(text.contains("@generated by tdx-codegen"));
    assert!(text.contains("#define HPA_LIST_INFO_FIRST_ENTRY\tGENMASK_U64(11, 3)"));
    assert!(text.contains("#define HPA_ARRAY_T_PFN\t\tGENMASK_U64(51, 12)"));
    assert!(text.contains("(TDH_VP_INIT | (1ULL << TDX_VERSION_SHIFT))"));
    assert!(text.contains("TDX_OPERAND_BUSY"));
}

#[test]
fn header_structs_have_the_rust_sizes_and_offsets() {
    // The header's own `_Static_assert`s hold if it compiles; this also checks
    // they say what the Rust constants say.
    let mut source = String::from("#include <stdio.h>\n#include \"tdx_abi.h\"\nint main(void) {\n");
    let mut expected = Vec::new();
    for s in tdx_abi::STRUCTS {
        let tag = s.name.to_ascii_lowercase();
        source += &format!("    printf(\"%s %zu\\n\", \"{}\", sizeof(struct {tag}));\n", s.name);
        expected.push(format!("{} {}", s.name, s.size));
        for m in s.members {
            let member = m.name.to_ascii_lowercase();
            source +=
                &format!("    printf(\"%s %zu\\n\", \"{}.{}\", offsetof(struct {tag}, {member}));\n", s.name, m.name);
            expected.push(format!("{}.{} {}", s.name, m.name, m.offset));
        }
    }
    source += "    return 0;\n}\n";
    let printed = compile_and_run(&source, "structs");
    let got: Vec<String> = printed.lines().map(str::to_string).collect();
    assert_eq!(got, expected);
    assert!(expected.iter().any(|l| l == "REPORTMACSTRUCT.REPORTDATA 128"), "{expected:?}");
}

/// A kernel with only `GENMASK_ULL` and `BIT_ULL` (no `GENMASK_U64`, newer than the TDX host
/// code): the header builds under `__KERNEL__` against stand-ins for `<linux/bits.h>`,
/// `<linux/stddef.h>` and `<linux/types.h>` that define only what such a kernel does, and its
/// masks keep their values.
#[test]
fn header_builds_in_a_kernel_that_has_only_genmask_ull() {
    // Functionally the kernel's macros (include/linux/bits.h), written plainly.
    let dir = kernel_tree("genmask-ull", false);
    let macros = layout_macros();
    let source = print_macros("#include \"tdx_abi.h\"\n", &macros);
    let got = parse_printed(&compile_and_run_with(
        &source,
        "kernel-genmask-ull",
        &["-std=gnu11", "-D__KERNEL__"],
        Some(&dir),
    ));
    assert_eq!(got, macros);
    std::fs::remove_dir_all(&dir).ok();
}

/// Included after the kernel's own TDX definitions (spelled as the kernel spells them, cited in
/// `tests/c/kernel_tdx_defs.h`), with `-std=gnu11 -Wall -Wextra -Werror`: every macro of the
/// header is guarded, so no redefinition is reported (the five the issue lists were), the
/// kernel's definitions stay in effect, and every name the kernel does not define keeps its value.
#[test]
fn header_follows_the_kernels_own_definitions_without_redefinitions() {
    let stand_ins = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/c");
    let kernel = std::fs::read_to_string(stand_ins.join("kernel_tdx_defs.h")).unwrap();
    let kernel_names: std::collections::BTreeSet<&str> = defined_names(&kernel).collect();
    for name in
        ["TDX_SUCCESS", "TDX_NON_RECOVERABLE_TD", "TDX_SEAMCALL_UD", "TDX_SEAMCALL_GP", "TDX_SEAMCALL_VMFAILINVALID"]
    {
        assert!(kernel_names.contains(name), "{name}: one of the redefinitions the issue reported");
    }
    let macros = expected_macros();
    let source = print_macros(
        "#include <stdint.h>\n#define BIT_ULL(n) (1ULL << (n))\n#define GENMASK_ULL(h, l) (((~0ULL) << (l)) & (~0ULL >> (63 - (h))))\n#include \"kernel_tdx_defs.h\"\n#include \"tdx_abi.h\"\n",
        &macros,
    );
    let printed = compile_and_run_with(&source, "after-kernel", &["-std=gnu11"], Some(&stand_ins));
    let mut checked = 0;
    for (name, got) in parse_printed(&printed) {
        let ours = macros.iter().find(|(n, _)| *n == name).unwrap().1;
        if kernel_names.contains(name.as_str()) {
            // The kernel's definition is in effect; the codes it spells differently decode alike.
            if got != ours {
                assert_eq!(
                    tdx_abi::TdxStatus::from_bits(got).code_key(),
                    tdx_abi::TdxStatus::from_bits(ours).code_key(),
                    "{name}"
                );
            }
        } else {
            assert_eq!(got, ours, "{name} keeps the header's value");
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked}");
}

/// A stand-in kernel include tree: `<linux/bits.h>` with only `GENMASK_ULL` and `BIT_ULL`,
/// `<linux/stddef.h>`, `<linux/types.h>`, and, with `kernel_tdx`, `<asm/tdx.h>` holding the
/// kernel-spelled definitions of `tests/c/kernel_tdx_defs.h` behind its include guard.
fn kernel_tree(name: &str, kernel_tdx: bool) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("tdx-abi-c-header-{}-{name}-include", std::process::id()));
    std::fs::create_dir_all(dir.join("linux")).unwrap();
    let bits = "#ifndef STANDIN_BITS_H\n#define STANDIN_BITS_H\n#define BIT_ULL(nr) (1ULL << (nr))\n#define GENMASK_ULL(h, l) (((~0ULL) << (l)) & (~0ULL >> (63 - (h))))\n#endif\n";
    std::fs::write(dir.join("linux/bits.h"), bits).unwrap();
    std::fs::write(dir.join("linux/stddef.h"), "#include <stddef.h>\n").unwrap();
    std::fs::write(dir.join("linux/types.h"), "#include <stdint.h>\n#include <stdbool.h>\ntypedef uint64_t u64;\n")
        .unwrap();
    // Functionally the kernel's FIELD_GET / FIELD_PREP (include/linux/bitfield.h), without its build-time checks.
    let bitfield = "#define FIELD_GET(m, v) (((v) & (m)) >> __builtin_ctzll(m))\n#define FIELD_PREP(m, v) (((u64)(v) << __builtin_ctzll(m)) & (m))\n";
    std::fs::write(dir.join("linux/bitfield.h"), bitfield).unwrap();
    if kernel_tdx {
        std::fs::create_dir_all(dir.join("asm")).unwrap();
        let defs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/c/kernel_tdx_defs.h");
        let asm = format!("#include <linux/bits.h>\n{}", std::fs::read_to_string(defs).unwrap());
        std::fs::write(dir.join("asm/tdx.h"), asm).unwrap();
    }
    dir
}

/// In a kernel build the header may come before the kernel's `<asm/tdx.h>` too: it includes
/// that header first itself, so the kernel's definitions (spelled differently from the
/// header's for TDX_SUCCESS, TDX_NON_RECOVERABLE_TD, the SEAMCALL software codes, TD_CTLS_*)
/// are never redefined, with `-std=gnu11 -Wall -Wextra -Werror`.
#[test]
fn header_may_come_before_the_kernels_asm_tdx_h_in_a_kernel_build() {
    let dir = kernel_tree("before-kernel", true);
    let source = "#include <stdio.h>\n#include \"tdx_abi.h\"\n#include <asm/tdx.h>\nint main(void) {\n    printf(\"%llx %llx\\n\", (unsigned long long)TDX_SUCCESS, (unsigned long long)TD_CTLS_LOCK);\n    return 0;\n}\n";
    let printed = compile_and_run_with(source, "before-kernel", &["-std=gnu11", "-D__KERNEL__"], Some(&dir));
    assert_eq!(printed, "0 8000000000000000\n");
    std::fs::remove_dir_all(&dir).ok();
}

/// The field helpers against the Rust layouts: for every field of every layout, `_get` of a word,
/// `_prep` of a value that fits, and `_prep_checked` of one that does not (refused, the output
/// untouched) equal what the field's mask and position say — in userspace (shifts) and in a
/// kernel build (`FIELD_GET` / `FIELD_PREP`).
#[test]
fn field_helpers_equal_the_rust_layouts_in_userspace_and_kernel_builds() {
    let mut source =
        String::from("#include <stdio.h>\n#include \"tdx_abi.h\"\nint main(void) {\n    uint64_t out;\n    int ok;\n");
    let mut expected = String::new();
    // A fixed pseudo-random stream, so a failure reproduces.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for layout in LAYOUTS {
        for f in layout.fields {
            let base = format!("{}_{}", layout.name, f.name).to_ascii_lowercase();
            let width = f.hi - f.lo + 1;
            let max = if width == 64 { u64::MAX } else { (1u64 << width) - 1 };
            let word = next();
            let value = next() & max;
            source += &format!("    printf(\"%llx %llx\\n\", (unsigned long long){base}_get({word:#x}ULL), (unsigned long long){base}_prep({value:#x}ULL));\n");
            expected += &format!("{:x} {:x}\n", (word & f.mask) >> f.lo, value << f.lo);
            if width < 64 {
                let too_wide = max + 1;
                // The call first: C leaves the order of printf's arguments unspecified.
                source += &format!("    out = 7; ok = {base}_prep_checked({too_wide:#x}ULL, &out); printf(\"%d %llx\\n\", ok, (unsigned long long)out);\n");
                expected += "0 7\n";
                source += &format!("    ok = {base}_prep_checked({max:#x}ULL, &out); printf(\"%d %llx\\n\", ok, (unsigned long long)out);\n");
                expected += &format!("1 {:x}\n", max << f.lo);
            }
        }
    }
    source += "    return 0;\n}\n";
    assert_eq!(compile_and_run(&source, "field-helpers"), expected, "userspace");
    let dir = kernel_tree("field-helpers-kernel", false);
    let kernel = compile_and_run_with(&source, "field-helpers-kernel", &["-std=gnu11", "-D__KERNEL__"], Some(&dir));
    assert_eq!(kernel, expected, "kernel build");
    std::fs::remove_dir_all(&dir).ok();
}
