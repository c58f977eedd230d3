//! The opt-in prefixed header, `tdx_abi_prefixed.h`: every name it declares is under
//! `TDX_ABI_` / `tdx_abi_`, every value equals the plain header's, and it builds in
//! either order beside definitions spelled as the kernel spells them.

mod c_support;

use c_support::{
    compile_and_run_with, compile_only, expected_macros, kernel_tree, parse_printed, print_macros, COMPILERS,
};
use std::path::PathBuf;

fn prefixed_header() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/tdx_abi_prefixed.h")).unwrap()
}

/// Every file-scope name a header declares: macros, functions, enum constants and tags.
fn declared_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_enum = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("#define ") {
            names.push(rest.split(|c: char| c.is_whitespace() || c == '(').next().unwrap().to_string());
        } else if let Some(rest) = line.strip_prefix("static inline ") {
            let name = rest.split('(').next().unwrap().rsplit([' ', '*']).next().unwrap();
            names.push(name.to_string());
        } else if let Some(rest) = line.strip_prefix("enum ").or_else(|| line.strip_prefix("struct ")) {
            if let Some(tag) = rest.strip_suffix(" {") {
                names.push(tag.to_string());
                in_enum = line.starts_with("enum ");
            }
        } else if in_enum && line.starts_with("};") {
            in_enum = false;
        } else if in_enum {
            let constant = line.trim().split([' ', ',']).next().unwrap();
            names.push(constant.to_string());
        }
    }
    names
}

#[test]
fn every_name_of_the_prefixed_header_is_under_the_prefix() {
    let names = declared_names(&prefixed_header());
    assert!(names.len() > 1000, "{} names", names.len());
    let outside: Vec<&String> =
        names.iter().filter(|n| !n.starts_with("TDX_ABI_") && !n.starts_with("tdx_abi_")).collect();
    assert!(outside.is_empty(), "names outside the prefix: {outside:?}");
    // The parser sees every kind of name the header declares.
    for kind in ["tdx_abi_hpa_array_t_encode_list", "TDX_ABI_LIST_OK", "tdx_abi_td_params", "TDX_ABI_TDX_SUCCESS"] {
        assert!(names.iter().any(|n| n == kind), "{kind}");
    }
}

/// Each prefixed macro has the plain header's value, in userspace and in a kernel build.
#[test]
fn prefixed_values_equal_the_plain_headers() {
    let macros = expected_macros();
    let prefixed: Vec<(String, u64)> = macros.iter().map(|(n, v)| (format!("TDX_ABI_{n}"), *v)).collect();
    let source = print_macros("#include \"tdx_abi_prefixed.h\"\n#include \"tdx_abi_prefixed.h\"\n", &prefixed);
    let got = parse_printed(&compile_and_run_with(&source, "prefixed", &["-std=c11", "-pedantic"], None));
    assert_eq!(got, prefixed);
    let dir = kernel_tree("prefixed-kernel", false);
    let kernel = compile_and_run_with(&source, "prefixed-kernel", &["-std=gnu11", "-D__KERNEL__"], Some(&dir));
    assert_eq!(parse_printed(&kernel), prefixed);
    std::fs::remove_dir_all(&dir).ok();
}

/// Beside every kernel-spelled definition the other tests use (the public and the private
/// headers' names), in either order, with nothing guarded away: no name can meet.
#[test]
fn prefixed_header_builds_beside_the_kernels_definitions_in_either_order() {
    let stand_ins = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/c");
    let kernel = "#include <stdint.h>\n#define BIT_ULL(n) (1ULL << (n))\n#define GENMASK_ULL(h, l) (((~0ULL) << (l)) & (~0ULL >> (63 - (h))))\n#include \"kernel_tdx_defs.h\"\n#include \"kernel_private_tdx_defs.h\"\n";
    let ours = "#include \"tdx_abi_prefixed.h\"\n";
    let body = "#include <stdio.h>\nint main(void)\n{\n\tuint64_t v = 0;\n\tstruct td_params k;\n\tstruct tdx_abi_td_params p;\n\t(void)k;\n\t(void)p;\n\tif (tdx_abi_hpa_array_t_encode_list(0x5000, 3, &v) != TDX_ABI_LIST_OK)\n\t\treturn 1;\n\tprintf(\"%llx %llx\\n\", (unsigned long long)v, (unsigned long long)(TDX_SUCCESS == TDX_ABI_TDX_SUCCESS));\n\treturn 0;\n}\n";
    for (name, includes) in [("kernel-first", format!("{kernel}{ours}")), ("ours-first", format!("{ours}{kernel}"))] {
        let printed = compile_and_run_with(&format!("{includes}{body}"), name, &["-std=gnu11"], Some(&stand_ins));
        assert_eq!(printed, "100000000005000 1\n", "{name}");
    }
}

#[test]
fn the_two_headers_refuse_to_be_included_together() {
    for cc in COMPILERS {
        let both = "#include \"tdx_abi.h\"\n#include \"tdx_abi_prefixed.h\"\n";
        let errors = compile_only(cc, both, "both-headers", &["-std=c11"], None).unwrap_err();
        assert!(errors.contains("include tdx_abi.h or tdx_abi_prefixed.h, not both"), "{cc}: {errors}");
    }
}
