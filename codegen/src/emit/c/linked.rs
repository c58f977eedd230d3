//! The C helpers of a linked list of list pages (HPA_LINKED_LIST), from the same
//! resolved roles as its Rust `LinkedPageList` impl: page addresses per node, the
//! terminator, the value naming the first node, and a writer for one node.

use super::lists::{address_max, aligned, below, frame_checks, function, width_check, Names};
use super::style::CStyle;
use crate::model::FieldKind;
use crate::resolved::LinkedType;

/// Every helper of linked-list type `list`.
pub fn emit(style: CStyle, list: &str, r: &LinkedType) -> String {
    let n = Names { style, list };
    let ok = n.err("LIST_OK");
    let rows = [
        (n.mac("DATA_PER_NODE"), r.data_per_node.to_string()),
        (n.mac("TERMINATOR"), format!("{:#x}ULL", r.terminator)),
    ];
    let mut out = format!(
        "\n/* {list} as a linked list: 4 KiB nodes of {} page addresses, then the next node's address; \
         unused slots hold the terminator. */\n{}",
        r.data_per_node,
        super::header::defines(&rows)
    );
    out += &function(
        "Nodes a chain of `pages` page addresses needs (at least one).",
        &format!("size_t {}(size_t pages)", n.func("nodes_for")),
        &format!(
            "\tsize_t per_node = {dpn};\n\n\tif (pages <= per_node)\n\t\treturn 1;\n\treturn (pages + per_node - 1) / per_node;\n",
            dpn = n.mac("DATA_PER_NODE")
        ),
    );
    out += &function(
        "The value naming the chain whose first node is at `node`.",
        &format!("enum tdx_abi_list_error {}(uint64_t node, uint64_t *value_out)", n.func("encode_first_node")),
        &format!(
            "\tuint64_t value = 0, field;\n\n{}{}\t*value_out = value;\n\treturn {ok};\n",
            width_check(&n, &r.address, "node"),
            frame_checks(&n, list, &r.address, "node")
        ),
    );
    out += &function(
        "The first node a value names.",
        &format!("uint64_t {}(uint64_t value)", n.func("first_node")),
        &format!("\treturn {};\n", super::lists::frame_address(&n, list, &r.address, "value")),
    );
    // Nodes hold host page addresses, as a list of bare pages does.
    let max = address_max(FieldKind::HpaPfn).unwrap_or(u64::MAX);
    let page_ok: String = (below(&n, max, "addrs[first + i]") + &aligned(&n, "addrs[first + i]"))
        .lines()
        .map(|l| format!("\t{l}\n"))
        .collect();
    out += &function(
        "Writes node `index` of the chain of the `count` page addresses `addrs` into `node` (512 slots): \
         its share of the addresses, then `next` (the next node; the terminator for the last node), \
         the terminator in every other slot. Nothing is written for an address that names no page.",
        &format!(
            "enum tdx_abi_list_error {}(uint64_t *node, const uint64_t *addrs, size_t count, size_t index, uint64_t next)",
            n.func("fill_node")
        ),
        &format!(
            "\tsize_t first = index * {dpn}, here, i;\n\tint last;\n\n\
             \tif (index >= {nodes_for}(count))\n\t\treturn {range};\n\
             \there = count > first ? count - first : 0;\n\
             \tif (here > {dpn})\n\t\there = {dpn};\n\
             \tlast = index + 1 == {nodes_for}(count);\n\
             \tif (!last && next > {max:#x}ULL)\n\t\treturn {wide};\n\
             \tif (!last && (next & 0xfffULL))\n\t\treturn {misaligned};\n\
             \tfor (i = 0; i < here; i++) {{\n{page_ok}\t}}\n\
             \tfor (i = 0; i < 512; i++)\n\
             \t\tnode[i] = i < here ? addrs[first + i] : {term};\n\
             \tif (last)\n\t\tnext = {term};\n\tnode[{dpn}] = next;\n\treturn {ok};\n",
            dpn = n.mac("DATA_PER_NODE"),
            nodes_for = n.func("nodes_for"),
            range = n.err("LIST_COUNT_OUT_OF_RANGE"),
            misaligned = n.err("LIST_MISALIGNED"),
            wide = n.err("LIST_ADDR_TOO_WIDE"),
            term = n.mac("TERMINATOR"),
        ),
    );
    out
}
