//! Building and running C test programs against the generated headers, with
//! every compiler the header promises to work with.

#![allow(dead_code)] // each test crate uses its own part of it

use std::path::{Path, PathBuf};
use std::process::Command;
use tdx_abi::{
    MetadataScope, LAYOUTS, LEAVES, METADATA_FIELDS, OPERAND_IDS, STATUS_CODES, STRUCT_VARIANTS, TDCALLS, TDVMCALLS,
    TDVMCALL_STATUSES,
};

/// The generated header.
pub fn header() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("include/tdx_abi.h")
}

/// The names a C text `#define`s, in order.
pub fn defined_names(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("#define "))
        .map(|l| l.split(|c: char| c.is_whitespace() || c == '(').next().unwrap())
}

/// A program that prints `NAME hexvalue` for each macro, after `includes`.
pub fn print_macros(includes: &str, macros: &[(String, u64)]) -> String {
    let mut source = format!("#include <stdio.h>\n{includes}int main(void) {{\n");
    for (name, _) in macros {
        source += &format!("    printf(\"%s %llx\\n\", \"{name}\", (unsigned long long)({name}));\n");
    }
    source + "    return 0;\n}\n"
}

/// What a [`print_macros`] program printed, as (name, value) pairs in its order.
pub fn parse_printed(printed: &str) -> Vec<(String, u64)> {
    printed
        .lines()
        .map(|l| {
            let (name, hex) = l.split_once(' ').unwrap();
            (name.to_string(), u64::from_str_radix(hex, 16).unwrap())
        })
        .collect()
}

pub fn compile_and_run(source: &str, name: &str) -> String {
    compile_and_run_with(source, name, &["-std=c11", "-pedantic"], None)
}

/// The C compilers every test program is built with: each must accept it with
/// `-Wall -Wextra -Werror`, and each build must print the same.
pub const COMPILERS: &[&str] = &["gcc", "clang"];

/// Compiles `source` with every compiler of [`COMPILERS`], `flags` and `-Wall -Wextra -Werror`,
/// the header's directory and `extra_include` on the include path, runs each program, checks
/// they printed the same, and returns it.
pub fn compile_and_run_with(source: &str, name: &str, flags: &[&str], extra_include: Option<&Path>) -> String {
    let mut printed: Option<String> = None;
    for cc in COMPILERS {
        let out = compile_and_run_one(cc, source, name, flags, extra_include);
        if let Some(first) = &printed {
            assert!(*first == out, "{cc} built a program that printed otherwise than {} did", COMPILERS[0]);
        }
        printed = Some(out);
    }
    printed.unwrap()
}

/// A scratch directory for one test, unique per process.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("tdx-abi-c-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compiles `source` with `cc` (with `-Wall -Wextra -Werror`, no run): `Ok` or the diagnostics.
pub fn compile_only(
    cc: &str,
    source: &str,
    name: &str,
    flags: &[&str],
    extra_include: Option<&Path>,
) -> Result<(), String> {
    let dir = scratch(&format!("{name}-{cc}"));
    let src = dir.join(format!("{name}.c"));
    std::fs::write(&src, source).unwrap();
    let out = compiler(cc, flags, extra_include)
        .arg("-c")
        .arg(&src)
        .arg("-o")
        .arg(dir.join(format!("{name}.o")))
        .output()
        .unwrap_or_else(|e| panic!("cannot run C compiler `{cc}` (install gcc and clang; .ci/run does): {e}"));
    std::fs::remove_dir_all(&dir).ok();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// `cc` with `flags`, warnings as errors, and the include path.
fn compiler(cc: &str, flags: &[&str], extra_include: Option<&Path>) -> Command {
    let include = header().parent().unwrap().to_path_buf();
    let mut cmd = Command::new(cc);
    cmd.args(flags).args(["-Wall", "-Wextra", "-Werror", "-I"]).arg(&include);
    if let Some(dir) = extra_include {
        cmd.arg("-I").arg(dir);
    }
    cmd
}

fn compile_and_run_one(cc: &str, source: &str, name: &str, flags: &[&str], extra_include: Option<&Path>) -> String {
    let dir = scratch(&format!("{name}-{cc}"));
    let (src, exe) = (dir.join(format!("{name}.c")), dir.join(name));
    std::fs::write(&src, source).unwrap();
    let out = compiler(cc, flags, extra_include)
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .output()
        .unwrap_or_else(|e| panic!("cannot run C compiler `{cc}` (install gcc and clang; .ci/run does): {e}"));
    assert!(out.status.success(), "{cc} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let run = Command::new(&exe).output().unwrap();
    assert!(
        run.status.success(),
        "{name} built by {cc} failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
    String::from_utf8(run.stdout).unwrap()
}

/// A stand-in kernel include tree: `<linux/bits.h>` with only `GENMASK_ULL` and `BIT_ULL`,
/// `<linux/stddef.h>`, `<linux/types.h>`, and, with `kernel_tdx`, `<asm/tdx.h>` holding the
/// kernel-spelled definitions of `tests/c/kernel_tdx_defs.h` behind its include guard.
pub fn kernel_tree(name: &str, kernel_tdx: bool) -> PathBuf {
    let dir = scratch(&format!("{name}-include"));
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

/// (macro name, value the Rust side says it must have), for every macro the header defines.
pub fn expected_macros() -> Vec<(String, u64)> {
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

/// What a list type's C macros say, from its Rust `PageList` impl.
struct ListMacros;

impl ListMacros {
    fn of<L: tdx_abi::PageList>(name: &str) -> Vec<(String, u64)> {
        vec![
            (format!("{name}_CAPACITY"), L::CAPACITY as u64),
            (format!("{name}_MAX_ENTRY_PAGES"), L::MAX_ENTRY_PAGES as u64),
            (format!("{name}_SINGLETON"), u64::from(L::SINGLETON)),
            (format!("{name}_RESUMABLE"), u64::from(L::RESUMABLE)),
        ]
    }
}

/// The macros of the list or linked-list type `name`, if it is one.
fn list_macros(name: &'static str) -> Vec<(String, u64)> {
    struct Visit(&'static str);
    impl tdx_abi::ListTypeVisitor for Visit {
        type Out = Vec<(String, u64)>;
        fn host<L: tdx_abi::PageList<ListAddr = tdx_abi::PhysAddr, EntryAddr = tdx_abi::PhysAddr>>(self) -> Self::Out {
            ListMacros::of::<L>(self.0)
        }
        fn host_page<L: tdx_abi::PageList<ListAddr = tdx_abi::PhysAddr>>(self) -> Self::Out {
            ListMacros::of::<L>(self.0)
        }
        fn guest<L: tdx_abi::PageList>(self) -> Self::Out {
            ListMacros::of::<L>(self.0)
        }
        fn linked<L: tdx_abi::LinkedPageList>(self) -> Self::Out {
            vec![
                (format!("{}_DATA_PER_NODE", self.0), L::DATA_PER_NODE as u64),
                (format!("{}_TERMINATOR", self.0), L::TERMINATOR),
            ]
        }
    }
    tdx_abi::visit_list_type(name, Visit(name)).unwrap_or_default()
}

/// Field masks and reserved masks of every layout, and each list type's macros.
pub fn layout_macros() -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for layout in LAYOUTS {
        out.extend(list_macros(layout.name));
        for f in layout.fields {
            out.push((format!("{}_{}", layout.name, f.name), f.mask));
        }
        if layout.reserved_mask != 0 {
            out.push((format!("{}_RESERVED", layout.name), layout.reserved_mask));
        }
    }
    out
}
