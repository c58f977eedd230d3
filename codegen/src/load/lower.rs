//! Turns what the schema reader read into the model, reporting what the model cannot
//! represent (malformed ranges, half-written citations, entry formats that
//! name no layout) with file, position, entry and field.

use super::raw::*;
use crate::bits::BitRange;
use crate::diag::Diagnostic;
use crate::model::*;

/// Lowers one file's tables into `tables`, pushing problems onto `diags`.
pub fn lower_file(tables: &mut Tables, file: usize, raw: RawFile, diags: &mut Vec<Diagnostic>) {
    let mut lowered = Tables::default();
    // Lowered once, so a bad default is reported once, not per entry inheriting it.
    let file_source = raw.source.map(|r| {
        let mut cx = Cx { tables, diags, entry: "the file's default citation".into() };
        cx.source_at(r, Origin { file, path: "source".into() })
    });
    if let Some(Some(default)) = &file_source {
        tables.files[file].default_source = Some(default.clone());
    }
    for (i, layout) in raw.layouts.into_iter().enumerate() {
        let origin = Origin { file, path: format!("layouts[{i}]") };
        let mut cx = Cx { tables, diags, entry: format!("layout `{}`", layout.name) };
        lowered.layouts.extend(cx.layout(layout, origin));
    }
    for (i, leaf) in raw.leaves.into_iter().enumerate() {
        let origin = Origin { file, path: format!("leaves[{i}]") };
        let mut cx = Cx { tables, diags, entry: format!("leaf `{}`", leaf.name) };
        lowered.leaves.extend(cx.leaf(leaf, origin, file_source.as_ref()));
    }
    for (i, s) in raw.status_codes.into_iter().enumerate() {
        let origin = Origin { file, path: format!("status_codes[{i}]") };
        let mut cx = Cx { tables, diags, entry: format!("status code `{}`", s.name) };
        lowered.status_codes.extend(cx.status(s, file_source.as_ref(), origin));
    }
    for (i, o) in raw.operand_ids.into_iter().enumerate() {
        let origin = Origin { file, path: format!("operand_ids[{i}]") };
        let mut cx = Cx { tables, diags, entry: format!("operand ID `{}`", o.name) };
        if let Some(source) = cx.entry_source(o.source, file_source.as_ref(), &origin) {
            lowered.operand_ids.push(OperandId { name: o.name, value: o.value, source, note: o.note, origin });
        }
    }
    for (i, m) in raw.metadata_fields.into_iter().enumerate() {
        let origin = Origin { file, path: format!("metadata_fields[{i}]") };
        let mut cx = Cx { tables, diags, entry: format!("metadata field `{}`", m.name) };
        if let Some(source) = cx.entry_source(m.source, file_source.as_ref(), &origin) {
            lowered.metadata_fields.push(MetadataField {
                name: m.name,
                field_id: m.field_id.0,
                element_size: m.element_size,
                count: m.count,
                elements: m.elements,
                description: m.description,
                scope: match m.scope {
                    RawScope::Global => MetadataScope::Global,
                    RawScope::Td => MetadataScope::Td,
                    RawScope::Vcpu => MetadataScope::Vcpu,
                },
                access: m.access.map(|a| MetadataAccess {
                    host: rights(a.host),
                    host_debug: rights(a.host_debug),
                    guest: rights(a.guest),
                    migtd: a.migtd.map(rights),
                }),
                linux_field_id: m.linux_field_id.map(|v| v.0),
                json_field_id: m.json_field_id.map(|v| v.0),
                since: m.since,
                source,
                note: m.note,
                origin,
            });
        }
    }
    for (i, mut s) in raw.structs.into_iter().enumerate() {
        let origin = Origin { file, path: format!("structs[{i}]") };
        let mut cx = Cx { tables, diags, entry: format!("struct `{}`", s.name) };
        if let Some(source) = cx.entry_source(s.source.take(), file_source.as_ref(), &origin) {
            lowered.structs.push(lower_struct(s, source, origin, &mut cx));
        }
    }
    for (i, mut v) in raw.struct_variants.into_iter().enumerate() {
        let origin = Origin { file, path: format!("struct_variants[{i}]") };
        let mut cx = Cx { tables, diags, entry: format!("struct variants `{}`", v.name) };
        if let Some(source) = cx.entry_source(v.source.take(), file_source.as_ref(), &origin) {
            let cases = v
                .cases
                .into_iter()
                .enumerate()
                .map(|(j, c)| VariantCase {
                    value: c.value,
                    struct_name: c.struct_name,
                    reference: c.reference,
                    origin: Origin { file, path: format!("struct_variants[{i}].cases[{j}]") },
                })
                .collect();
            lowered.struct_variants.push(StructVariants {
                name: v.name,
                summary: v.summary,
                description: v.description,
                source,
                selector: v.selector.split('.').map(str::to_string).collect(),
                cases,
                origin,
            });
        }
    }
    for (i, t) in raw.tdvmcalls.into_iter().enumerate() {
        let origin = Origin { file, path: format!("tdvmcalls[{i}]") };
        let mut cx = Cx { tables, diags, entry: format!("TDVMCALL sub-function `{}`", t.name) };
        if let Some(source) = cx.entry_source(t.source, file_source.as_ref(), &origin) {
            lowered.tdvmcalls.push(Tdvmcall {
                name: t.name,
                code: t.code.0,
                ghci: t.ghci,
                since: t.since,
                description: t.description,
                inputs: reg_args(t.inputs, &origin, "inputs"),
                outputs: reg_args(t.outputs, &origin, "outputs"),
                source,
                note: t.note,
                origin,
            });
        }
    }
    for (i, s) in raw.tdvmcall_statuses.into_iter().enumerate() {
        let origin = Origin { file, path: format!("tdvmcall_statuses[{i}]") };
        let mut cx = Cx { tables, diags, entry: format!("TDVMCALL status `{}`", s.name) };
        lowered.tdvmcall_statuses.extend(cx.status(s, file_source.as_ref(), origin));
    }
    tables.layouts.extend(lowered.layouts);
    tables.structs.extend(lowered.structs);
    tables.struct_variants.extend(lowered.struct_variants);
    tables.leaves.extend(lowered.leaves);
    tables.status_codes.extend(lowered.status_codes);
    tables.operand_ids.extend(lowered.operand_ids);
    tables.metadata_fields.extend(lowered.metadata_fields);
    tables.tdvmcalls.extend(lowered.tdvmcalls);
    tables.tdvmcall_statuses.extend(lowered.tdvmcall_statuses);
}

fn rights(r: RawRights) -> Rights {
    match r {
        RawRights::None => Rights::None,
        RawRights::Read => Rights::Read,
        RawRights::Write => Rights::Write,
        RawRights::ReadWrite => Rights::ReadWrite,
    }
}

/// A leaf's or sub-function's registers, each located under `entry.key[i]`.
fn reg_args(list: Vec<RawRegArg>, entry: &Origin, key: &str) -> Vec<RegArg> {
    list.into_iter()
        .enumerate()
        .map(|(i, a)| RegArg {
            reg: a.reg,
            name: a.name,
            ty: a.ty,
            description: a.description,
            since_version: a.since_version,
            origin: Origin { file: entry.file, path: format!("{}.{key}[{i}]", entry.path) },
        })
        .collect()
}

struct Cx<'a> {
    tables: &'a Tables,
    diags: &'a mut Vec<Diagnostic>,
    entry: String,
}

impl Cx<'_> {
    fn error(&mut self, origin: &Origin, key: Option<&str>, field: Option<String>, message: String, help: &str) {
        let mut d = self.tables.diag(origin, key, message).with_help(help);
        d.entry = Some(self.entry.clone());
        d.field = field;
        self.diags.push(d);
    }

    fn layout(&mut self, raw: RawLayout, origin: Origin) -> Option<Layout> {
        let source = self.source(raw.source, &origin);
        let mut fields = Vec::new();
        for (i, f) in raw.fields.into_iter().enumerate() {
            let origin = Origin { file: origin.file, path: format!("{}.fields[{i}]", origin.path) };
            let bits = self.bits(&f.bits, &origin, Some(format!("field `{}`", f.name)));
            let kind = match f.kind {
                RawKind::Plain => FieldKind::Plain,
                RawKind::Flag => FieldKind::Flag,
                RawKind::HpaPfn => FieldKind::HpaPfn,
                RawKind::GpaPfn => FieldKind::GpaPfn,
                RawKind::GlaPfn => FieldKind::GlaPfn,
            };
            if let Some(bits) = bits {
                fields.push(Field {
                    name: f.name,
                    bits,
                    description: f.description,
                    reference: f.reference,
                    kind,
                    fixed: f.fixed.map(|v| v.0),
                    since: f.since,
                    origin,
                });
            }
        }
        let mut reserved = Vec::new();
        for (i, r) in raw.reserved.iter().enumerate() {
            let origin = Origin { file: origin.file, path: format!("{}.reserved[{i}]", origin.path) };
            if let Some(bits) = self.bits(r, &origin, Some("reserved range".into())) {
                reserved.push(Reserved { bits, origin });
            }
        }
        let list = raw.list.and_then(|l| self.list(l, &origin));
        let linked = raw.linked_list.map(|l| LinkedRoles {
            address_field: l.address_field,
            data_per_node: l.data_per_node,
            terminator: l.terminator.0,
            origin: Origin { file: origin.file, path: format!("{}.linked_list", origin.path) },
        });
        Some(Layout {
            name: raw.name,
            width: raw.width,
            summary: raw.summary,
            description: raw.description,
            source: source?,
            fields,
            reserved,
            list,
            linked,
            origin,
        })
    }

    fn bits(&mut self, raw: &RawBits, origin: &Origin, field: Option<String>) -> Option<BitRange> {
        // Reserved entries are the range itself; fields keep it under `bits`.
        let key = if origin.path.contains(".reserved[") { None } else { Some("bits") };
        match BitRange::parse(&raw.0) {
            Ok(bits) => Some(bits),
            Err(message) => {
                self.error(origin, key, field, message, "bit numbers count from 0 at the least significant bit");
                None
            }
        }
    }

    /// The entry's own citation, or else the file's (`Some(None)`: the file
    /// has one, already reported as malformed).
    fn entry_source(
        &mut self,
        own: Option<RawSource>,
        file: Option<&Option<Source>>,
        entry: &Origin,
    ) -> Option<Source> {
        match (own, file) {
            (Some(raw), _) => self.source(raw, entry),
            (None, Some(default)) => default.clone(),
            (None, None) => {
                let msg = "the entry cites no source, and the file has no default `source`".to_string();
                self.error(entry, None, None, msg, "add `source:` to the entry, or a top-level `source:` to the file");
                None
            }
        }
    }

    /// A status code (a module's or a VMM's), with its citation.
    fn status(&mut self, s: RawStatus, file_source: Option<&Option<Source>>, origin: Origin) -> Option<StatusCode> {
        let source = self.entry_source(s.source, file_source, &origin)?;
        Some(StatusCode {
            name: s.name,
            value: s.value.0,
            kernel_value: s.kernel_value.map(|k| k.0),
            description: s.description,
            source,
            note: s.note,
            origin,
        })
    }

    fn leaf(&mut self, raw: RawLeaf, origin: Origin, file_source: Option<&Option<Source>>) -> Option<Leaf> {
        let source = self.entry_source(raw.source, file_source, &origin);
        let args = |list: Option<Vec<RawRegArg>>, key: &str| list.map(|l| reg_args(l, &origin, key));
        let style = raw.resume.style;
        // A cursor or flag given to a style that has none is a contradiction the model cannot hold.
        let stray = match style {
            RawResumeStyle::ReissueOutputs => raw.resume.flag.as_ref().map(|_| "flag"),
            RawResumeStyle::ResumeFlag => raw.resume.cursor.as_ref().map(|_| "cursor"),
            RawResumeStyle::None | RawResumeStyle::ReissueInputs => {
                raw.resume.cursor.as_ref().map(|_| "cursor").or(raw.resume.flag.as_ref().map(|_| "flag"))
            }
        };
        if let Some(key) = stray {
            let at = Origin { file: origin.file, path: format!("{}.resume", origin.path) };
            let msg = format!("`resume.{key}` does not belong to this resume style");
            let help = "`cursor` goes with `style: reissue_outputs`, `flag` with `style: resume_flag`";
            self.error(&at, Some(key), Some("resume".into()), msg, help);
            return None;
        }
        let resume = match style {
            RawResumeStyle::None => ResumeRule::None,
            RawResumeStyle::ReissueOutputs => ResumeRule::ReissueOutputs { cursor: raw.resume.cursor },
            RawResumeStyle::ReissueInputs => ResumeRule::ReissueInputs,
            RawResumeStyle::ResumeFlag => ResumeRule::ResumeFlag { flag: raw.resume.flag },
        };
        Some(Leaf {
            name: raw.name,
            aliases: raw.aliases,
            number: raw.number,
            versions: raw.versions,
            since: raw.since,
            description: raw.description,
            inputs: args(raw.inputs, "inputs"),
            outputs: args(raw.outputs, "outputs"),
            resume,
            serialized: raw.serialized,
            source: source?,
            note: raw.note,
            origin,
        })
    }

    fn source(&mut self, raw: RawSource, layout: &Origin) -> Option<Source> {
        let origin = Origin { file: layout.file, path: format!("{}.source", layout.path) };
        self.source_at(raw, origin)
    }

    fn source_at(&mut self, raw: RawSource, origin: Origin) -> Option<Source> {
        let help = "cite `repo` (owner/name) with `path` (and optionally `commit`), or `document` with `section`";
        match raw {
            RawSource { repo: Some(repo), path: Some(path), commit, document: None, section: None } => {
                Some(Source::Repo { repo, path, commit })
            }
            RawSource { repo: None, path: None, commit: None, document: Some(document), section: Some(section) } => {
                Some(Source::Document { document, section })
            }
            _ => {
                self.error(
                    &origin,
                    None,
                    Some("source".into()),
                    "the citation is incomplete or mixes its two forms".into(),
                    help,
                );
                None
            }
        }
    }

    fn list(&mut self, raw: RawList, layout: &Origin) -> Option<ListRoles> {
        let origin = Origin { file: layout.file, path: format!("{}.list", layout.path) };
        let entry = match (raw.entry, raw.entry_layout) {
            (RawEntry::PageHpa, None) => Some(EntryFormat::PageHpa),
            (RawEntry::Layout, Some(name)) => Some(EntryFormat::Layout(name)),
            (RawEntry::PageHpa, Some(_)) => {
                let msg = "`entry_layout` is set but `entry` is `page_hpa`".to_string();
                self.error(
                    &origin,
                    Some("entry_layout"),
                    Some("list role `entry`".into()),
                    msg,
                    "set `entry: layout` to use `entry_layout`, or drop `entry_layout`",
                );
                None
            }
            (RawEntry::Layout, None) => {
                let msg = "`entry: layout` needs `entry_layout` naming the entry's layout".to_string();
                self.error(
                    &origin,
                    Some("entry"),
                    Some("list role `entry`".into()),
                    msg,
                    "add `entry_layout: NAME` naming a layout in the tables",
                );
                None
            }
        };
        let singleton = raw.singleton.map(|s| Singleton {
            count: s.count,
            release_input: match s.release_input {
                RawReleaseInput::Zero => ReleaseInput::Zero,
                RawReleaseInput::ListPage => ReleaseInput::ListPage,
            },
            origin: Origin { file: origin.file, path: format!("{}.singleton", origin.path) },
        });
        let encoding = |e: RawCountEncoding| match e {
            RawCountEncoding::MinusOne => CountEncoding::MinusOne,
            RawCountEncoding::Exact => CountEncoding::Exact,
        };
        let entry_pages = match (raw.entry_pages_field, raw.entry_pages_encoding) {
            (Some(field), Some(e)) => Some(EntryPages { field, encoding: encoding(e) }),
            (None, None) => None,
            (field, _) => {
                let (key, msg, help) = match field {
                    Some(_) => (
                        "entry_pages_field",
                        "`entry_pages_field` needs `entry_pages_encoding`",
                        "add `entry_pages_encoding: minus_one` or `exact`",
                    ),
                    None => (
                        "entry_pages_encoding",
                        "`entry_pages_encoding` is given without `entry_pages_field`",
                        "add `entry_pages_field` naming the entry's page-count field, or drop the encoding",
                    ),
                };
                self.error(&origin, Some(key), Some(format!("list role `{key}`")), msg.into(), help);
                return None;
            }
        };
        Some(ListRoles {
            address_field: raw.address_field,
            count_field: raw.count_field,
            count_encoding: encoding(raw.count_encoding),
            cursor_field: raw.cursor_field,
            capacity: raw.capacity,
            entry: entry?,
            entry_address_field: raw.entry_address_field,
            entry_pages,
            singleton,
            origin,
        })
    }
}

/// A struct as the model holds it: member types parsed (another name is a
/// nested struct until [`resolve_member_types`] finds it is a layout), an
/// integer's or a byte run's element size known now, a nested struct's once
/// validation has its size.
fn lower_struct(s: RawStruct, source: Source, origin: Origin, cx: &mut Cx<'_>) -> Struct {
    let members = s
        .members
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let origin = Origin { file: origin.file, path: format!("{}.members[{i}]", origin.path) };
            let ty = match m.ty.as_str() {
                "u8" => MemberType::Uint(1),
                "u16" => MemberType::Uint(2),
                "u32" => MemberType::Uint(4),
                "u64" => MemberType::Uint(8),
                "bytes" => MemberType::Bytes(m.size.unwrap_or(0)),
                other => MemberType::Struct(other.to_string()),
            };
            let elem_size = match ty {
                MemberType::Uint(n) => n,
                MemberType::Bytes(n) => n,
                MemberType::Struct(_) | MemberType::Layout(_) => 0,
            };
            if m.size.is_some() && !matches!(ty, MemberType::Bytes(_)) {
                let msg = format!("`size` is given for a `{}` member, whose size its type decides", m.ty);
                cx.error(
                    &origin,
                    Some("size"),
                    Some(format!("member `{}`", m.name)),
                    msg,
                    "drop `size`; only `type: bytes` members take one",
                );
            }
            if m.size.is_none() && matches!(ty, MemberType::Bytes(_)) {
                let msg = "a `type: bytes` member needs `size`, its length in bytes".to_string();
                cx.error(&origin, Some("type"), Some(format!("member `{}`", m.name)), msg, "add `size: N`");
            }
            Member {
                name: m.name,
                offset: m.offset,
                ty,
                elem_size,
                count: m.count,
                description: m.description,
                reference: m.reference,
                origin,
            }
        })
        .collect();
    let reserved = s
        .reserved
        .into_iter()
        .enumerate()
        .map(|(i, r)| ReservedBytes {
            offset: r.offset,
            size: r.size,
            origin: Origin { file: origin.file, path: format!("{}.reserved[{i}]", origin.path) },
        })
        .collect();
    Struct {
        name: s.name,
        size: s.size,
        align: s.align,
        summary: s.summary,
        description: s.description,
        source,
        members,
        reserved,
        origin,
    }
}

/// Once every file is lowered: a member typed by a layout's name (and not a
/// struct's) is a layout member, as wide as the layout. Unknown names stay
/// struct names, for `struct_layout` to report.
pub(super) fn resolve_member_types(tables: &mut Tables) {
    let structs: std::collections::BTreeSet<String> = tables.structs.iter().map(|s| s.name.clone()).collect();
    let widths: std::collections::BTreeMap<String, u32> =
        tables.layouts.iter().map(|l| (l.name.clone(), l.width)).collect();
    for m in tables.structs.iter_mut().flat_map(|s| s.members.iter_mut()) {
        let MemberType::Struct(name) = &m.ty else { continue };
        if let (false, Some(width)) = (structs.contains(name), widths.get(name)) {
            m.elem_size = width / 8;
            m.ty = MemberType::Layout(name.clone());
        }
    }
}
