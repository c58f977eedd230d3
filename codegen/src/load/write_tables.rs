//! Writing any loaded table file back as YAML, in one canonical form (keys in
//! schema order, defaults left out, codes and IDs in hex): the tree every
//! writer shares, what `fmt` writes (with the file's comments put back), and
//! what the round-trip test holds the loader to.

use super::write::{metadata_field, source, MetadataEntry};
use super::yaml::build::{document, flow_seq, hex64, number, seq, string, Map};
use super::yaml::{comments::Comments, emit::emit, tree::Node};
use crate::model::{
    EntryFormat, FieldKind, Layout, Leaf, MemberType, RegArg, ResumeRule, StatusCode, Struct, StructVariants, Tables,
    Tdvmcall,
};

fn bits(b: crate::bits::BitRange) -> Node {
    if b.hi == b.lo {
        number(b.lo)
    } else {
        string(&b.to_string())
    }
}

fn layout(l: &Layout) -> Node {
    let fields = l.fields.iter().map(|f| {
        Map::new()
            .with("name", string(&f.name))
            .with("bits", bits(f.bits))
            .with("description", string(&f.description))
            .with("ref", string(&f.reference))
            .with_some("kind", (f.kind != FieldKind::Plain).then(|| string(f.kind.spelling())))
            .with_some("fixed", f.fixed.map(number))
            .with_str("since", f.since.as_deref())
            .block()
    });
    let list = l.list.as_ref().map(|r| {
        let singleton = r.singleton.as_ref().map(|s| {
            Map::new().with("count", number(s.count)).with("release_input", string(s.release_input.spelling())).block()
        });
        let (entry, entry_layout) = match &r.entry {
            EntryFormat::Layout(name) => ("layout", Some(name.as_str())),
            EntryFormat::PageHpa => ("page_hpa", None),
        };
        Map::new()
            .with("address_field", string(&r.address_field))
            .with("count_field", string(&r.count_field))
            .with("count_encoding", string(r.count_encoding.spelling()))
            .with_str("cursor_field", r.cursor_field.as_deref())
            .with("capacity", number(r.capacity))
            .with("entry", string(entry))
            .with_str("entry_layout", entry_layout)
            .with_str("entry_address_field", r.entry_address_field.as_deref())
            .with_str("entry_pages_field", r.entry_pages.as_ref().map(|p| p.field.as_str()))
            .with_some("entry_pages_encoding", r.entry_pages.as_ref().map(|p| string(p.encoding.spelling())))
            .with_some("singleton", singleton)
            .block()
    });
    let reserved = (!l.reserved.is_empty()).then(|| seq(l.reserved.iter().map(|r| bits(r.bits)).collect()));
    let linked = l.linked.as_ref().map(|k| {
        Map::new()
            .with("address_field", string(&k.address_field))
            .with("data_per_node", number(k.data_per_node))
            .with("terminator", hex64(k.terminator))
            .block()
    });
    Map::new()
        .with("name", string(&l.name))
        .with("width", number(l.width))
        .with("summary", string(&l.summary))
        .with_str("description", l.description.as_deref())
        .with("source", source(&l.source))
        .with("fields", seq(fields.collect()))
        .with_some("reserved", reserved)
        .with_some("list", list)
        .with_some("linked_list", linked)
        .block()
}

/// A leaf's inputs or outputs, one register per line.
fn args(list: &Option<Vec<RegArg>>) -> Option<Node> {
    let arg = |a: &RegArg| {
        Map::new()
            .with("reg", string(&a.reg))
            .with("name", string(&a.name))
            .with("type", string(&a.ty))
            .with_str("description", a.description.as_deref())
            .with_some("since_version", a.since_version.map(number))
            .flow()
    };
    list.as_ref().map(|l| seq(l.iter().map(arg).collect()))
}

fn leaf(l: &Leaf, own_source: bool) -> Node {
    let style = |s: &str| Map::new().with("style", string(s));
    let resume = match &l.resume {
        ResumeRule::None => None,
        ResumeRule::ReissueOutputs { cursor } => Some(style("reissue_outputs").with_str("cursor", cursor.as_deref())),
        ResumeRule::ReissueInputs => Some(style("reissue_inputs")),
        ResumeRule::ResumeFlag { flag } => Some(style("resume_flag").with_str("flag", flag.as_deref())),
    };
    let versions = (l.versions != [0]).then(|| flow_seq(l.versions.iter().map(|v| number(*v)).collect()));
    Map::new()
        .with("name", string(&l.name))
        .with_some("aliases", (!l.aliases.is_empty()).then(|| flow_seq(l.aliases.iter().map(|a| string(a)).collect())))
        .with("number", number(l.number))
        .with_some("versions", versions)
        .with("since", string(&l.since))
        .with("description", string(&l.description))
        .with_some("inputs", args(&l.inputs))
        .with_some("outputs", args(&l.outputs))
        .with_some("resume", resume.map(Map::block))
        .with_some("serialized", l.serialized.then(|| number(true)))
        .with_some("source", own_source.then(|| source(&l.source)))
        .with_str("note", l.note.as_deref())
        .block()
}

fn tdvmcall(t: &Tdvmcall, own_source: bool) -> Node {
    let regs = |list: &[RegArg]| args(&Some(list.to_vec())).unwrap_or_else(|| seq(Vec::new()));
    Map::new()
        .with("name", string(&t.name))
        .with("code", number(format!("{:#X}", t.code)))
        .with("ghci", string(&t.ghci))
        .with("since", string(&t.since))
        .with("description", string(&t.description))
        .with("inputs", regs(&t.inputs))
        .with("outputs", regs(&t.outputs))
        .with_some("source", own_source.then(|| source(&t.source)))
        .with_str("note", t.note.as_deref())
        .block()
}

/// The entries `tables` loaded from file `file`, as a tree to write.
pub fn table_tree(tables: &Tables, file: usize) -> Node {
    let here = |o: &crate::model::Origin| o.file == file;
    // An entry that inherited the file's citation is written without one, as it was.
    let own = |o: &crate::model::Origin| tables.files[file].cites_own_source(&o.path);
    let section = |items: Vec<Node>| (!items.is_empty()).then(|| seq(items));
    let status = |s: &StatusCode| {
        Map::new()
            .with("name", string(&s.name))
            .with("value", hex64(s.value))
            .with_some("kernel_value", s.kernel_value.map(hex64))
            .with_str("description", s.description.as_deref())
            .with_some("source", own(&s.origin).then(|| source(&s.source)))
            .with_str("note", s.note.as_deref())
            .block()
    };
    let status_codes = tables.status_codes.iter().filter(|s| here(&s.origin)).map(status);
    let tdvmcall_statuses = tables.tdvmcall_statuses.iter().filter(|s| here(&s.origin)).map(status);
    let tdvmcalls = tables.tdvmcalls.iter().filter(|t| here(&t.origin)).map(|t| tdvmcall(t, own(&t.origin)));
    let operand_ids = tables.operand_ids.iter().filter(|o| here(&o.origin)).map(|o| {
        Map::new()
            .with("name", string(&o.name))
            .with("value", number(o.value))
            .with_some("source", own(&o.origin).then(|| source(&o.source)))
            .with_str("note", o.note.as_deref())
            .block()
    });
    let metadata = tables.metadata_fields.iter().filter(|m| here(&m.origin)).map(|m| {
        let entry = MetadataEntry { source: own(&m.origin).then(|| m.source.clone()), ..MetadataEntry::from(m) };
        metadata_field(&entry)
    });
    let root = Map::new()
        .with_some("source", tables.files[file].default_source.as_ref().map(source))
        .with_some("layouts", section(tables.layouts.iter().filter(|l| here(&l.origin)).map(layout).collect()))
        .with_some(
            "leaves",
            section(tables.leaves.iter().filter(|l| here(&l.origin)).map(|l| leaf(l, own(&l.origin))).collect()),
        )
        .with_some("status_codes", section(status_codes.collect()))
        .with_some("operand_ids", section(operand_ids.collect()))
        .with_some("metadata_fields", section(metadata.collect()))
        .with_some(
            "structs",
            section(
                tables.structs.iter().filter(|s| here(&s.origin)).map(|s| struct_node(s, own(&s.origin))).collect(),
            ),
        )
        .with_some(
            "struct_variants",
            section(
                tables
                    .struct_variants
                    .iter()
                    .filter(|v| here(&v.origin))
                    .map(|v| variants_node(v, own(&v.origin)))
                    .collect(),
            ),
        )
        .with_some("tdvmcalls", section(tdvmcalls.collect()))
        .with_some("tdvmcall_statuses", section(tdvmcall_statuses.collect()))
        .block();
    document(root)
}

/// The entries `tables` loaded from file `file`, as one canonical table file.
pub fn table_file(tables: &Tables, file: usize) -> String {
    emit(&table_tree(tables, file), &Comments::default())
}

fn struct_node(s: &Struct, own_source: bool) -> Node {
    let members = s.members.iter().map(|m| {
        let size = match m.ty {
            MemberType::Bytes(n) => Some(number(n)),
            MemberType::Uint(_) | MemberType::Struct(_) | MemberType::Layout(_) => None,
        };
        Map::new()
            .with("name", string(&m.name))
            .with("offset", number(m.offset))
            .with("type", string(&m.ty.spelling()))
            .with_some("size", size)
            .with_some("count", (m.count != 1).then(|| number(m.count)))
            .with("description", string(&m.description))
            .with("ref", string(&m.reference))
            .block()
    });
    let reserved =
        s.reserved.iter().map(|r| Map::new().with("offset", number(r.offset)).with("size", number(r.size)).flow());
    Map::new()
        .with("name", string(&s.name))
        .with("size", number(s.size))
        .with_some("align", (s.align != 1).then(|| number(s.align)))
        .with("summary", string(&s.summary))
        .with_str("description", s.description.as_deref())
        .with_some("source", own_source.then(|| source(&s.source)))
        .with("members", seq(members.collect()))
        .with_some("reserved", (!s.reserved.is_empty()).then(|| seq(reserved.collect())))
        .block()
}

fn variants_node(v: &StructVariants, own_source: bool) -> Node {
    let cases = v.cases.iter().map(|c| {
        Map::new()
            .with("value", number(c.value))
            .with("struct", string(&c.struct_name))
            .with("ref", string(&c.reference))
            .flow()
    });
    Map::new()
        .with("name", string(&v.name))
        .with("summary", string(&v.summary))
        .with_str("description", v.description.as_deref())
        .with_some("source", own_source.then(|| source(&v.source)))
        .with("selector", string(&v.selector.join(".")))
        .with("cases", seq(cases.collect()))
        .block()
}
