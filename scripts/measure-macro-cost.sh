#!/usr/bin/env bash
# Clean-build cost of a small consumer crate, two ways:
#   checked-in: depends on tdx-abi and uses its checked-in generated code;
#   macro:      depends on tdx-abi and tdx-codegen-macros and generates the same
#               layouts, leaves and metadata fields from spec-tables/ at compile time.
# Usage: scripts/measure-macro-cost.sh [runs]   (default 3; prints seconds per clean build,
# then the macro crate's rebuild time after one table file is touched)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

make_crate() { # name, extra dependency lines, lib.rs body
    mkdir -p "$work/$1/src"
    cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.1.0"
edition = "2021"

[dependencies]
tdx-abi = { path = "$root/tdx-abi" }
$2

[workspace]
TOML
    printf '%s\n' "$3" > "$work/$1/src/lib.rs"
}

make_crate checked-in "" 'pub fn list(pfn: u64) -> u64 { tdx_abi::HpaListInfo::new().with_pfn(pfn).with_last_entry(511).into_bits() }'
make_crate macro "tdx-codegen-macros = { path = \"$root/codegen/macros\" }" \
'pub mod abi { tdx_codegen_macros::include_tables!("tables"); }
pub fn list(pfn: u64) -> u64 { abi::HpaListInfo::new().with_pfn(pfn).with_last_entry(511).into_bits() }'
# Everything but status codes, operand IDs and TDVMCALL statuses, which only tdx-abi itself may generate
# (codegen/tests/downstream_subset.rs checks that this set expands).
mkdir -p "$work/macro/tables/tdvmcall"
cp -r "$root/spec-tables/layouts" "$root/spec-tables/leaves" "$root/spec-tables/metadata" "$root/spec-tables/structs" \
    "$work/macro/tables/"
cp "$root/spec-tables/tdvmcall/ghci.yaml" "$work/macro/tables/tdvmcall/"

# Resolve dependencies once (not timed), with the workspace's lock file for identical versions.
for c in checked-in macro; do
    cp "$root/Cargo.lock" "$work/$c/Cargo.lock"
    (cd "$work/$c" && cargo fetch -q)
done

for c in checked-in macro; do
    times=()
    for _ in $(seq "$runs"); do
        rm -rf "$work/$c/target"
        start=$(date +%s.%N)
        (cd "$work/$c" && cargo build -q --offline)
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    printf '%-10s clean: %s\n' "$c" "${times[*]}"
done

# Rebuild after a table changes: cargo must notice (the expansion names each file in include_bytes!).
touch "$work/macro/tables/layouts/hpa_list_info.yaml"
start=$(date +%s.%N)
out=$(cd "$work/macro" && cargo build --offline 2>&1)
end=$(date +%s.%N)
echo "$out" | grep -q "Compiling macro" || { echo "a changed table did not trigger a rebuild" >&2; exit 1; }
printf '%-10s rebuild after touching one table: %s\n' macro "$(echo "$end - $start" | bc)"
