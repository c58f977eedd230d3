//! Writing any loaded table file back as YAML, in one canonical form (keys in
//! schema order, defaults left out, numbers that are IDs in hex): the
//! serializer every writer shares, and what the round-trip test holds the
//! loader to. Comments are not kept (serde does not see them).

use super::write::{out_field, MetadataEntry, OutMetadataField, OutSource};
use crate::model::{CountEncoding, EntryFormat, FieldKind, Layout, Leaf, RegArg, ResumeRule, Tables};
use serde::Serialize;

fn is_false(v: &bool) -> bool {
    !*v
}

#[derive(Serialize)]
struct OutField<'a> {
    name: &'a str,
    bits: String,
    description: &'a str,
    #[serde(rename = "ref")]
    reference: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
}

#[derive(Serialize)]
struct OutSingleton {
    count: u32,
    release_input: &'static str,
}

#[derive(Serialize)]
struct OutList<'a> {
    address_field: &'a str,
    count_field: &'a str,
    count_encoding: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor_field: Option<&'a str>,
    capacity: u32,
    entry: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry_layout: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    singleton: Option<OutSingleton>,
}

#[derive(Serialize)]
struct OutLayout<'a> {
    name: &'a str,
    width: u32,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    source: OutSource<'a>,
    fields: Vec<OutField<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reserved: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    list: Option<OutList<'a>>,
}

#[derive(Serialize)]
struct OutArg<'a> {
    reg: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    ty: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    since_version: Option<u32>,
}

#[derive(Serialize)]
struct OutResume<'a> {
    style: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flag: Option<&'a str>,
}

#[derive(Serialize)]
struct OutLeaf<'a> {
    name: &'a str,
    number: u32,
    #[serde(skip_serializing_if = "is_version_zero")]
    versions: &'a [u32],
    since: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    inputs: Option<Vec<OutArg<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outputs: Option<Vec<OutArg<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resume: Option<OutResume<'a>>,
    #[serde(skip_serializing_if = "is_false")]
    serialized: bool,
    source: OutSource<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

fn is_version_zero(v: &&[u32]) -> bool {
    *v == [0]
}

#[derive(Serialize)]
struct OutStatus<'a> {
    name: &'a str,
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kernel_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    source: OutSource<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct OutOperand<'a> {
    name: &'a str,
    value: u32,
    source: OutSource<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct OutFile<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    layouts: Vec<OutLayout<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    leaves: Vec<OutLeaf<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    status_codes: Vec<OutStatus<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    operand_ids: Vec<OutOperand<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    metadata_fields: Vec<OutMetadataField<'a>>,
}

fn bits(b: crate::bits::BitRange) -> String {
    if b.hi == b.lo {
        b.lo.to_string()
    } else {
        b.to_string()
    }
}

fn layout(l: &Layout) -> OutLayout<'_> {
    let fields = l
        .fields
        .iter()
        .map(|f| OutField {
            name: &f.name,
            bits: bits(f.bits),
            description: &f.description,
            reference: &f.reference,
            kind: (f.kind != FieldKind::Plain).then(|| f.kind.spelling()),
        })
        .collect();
    let list = l.list.as_ref().map(|r| OutList {
        address_field: &r.address_field,
        count_field: &r.count_field,
        count_encoding: CountEncoding::spelling(r.count_encoding),
        cursor_field: r.cursor_field.as_deref(),
        capacity: r.capacity,
        entry: match r.entry {
            EntryFormat::PageHpa => "page_hpa",
            EntryFormat::Layout(_) => "layout",
        },
        entry_layout: match &r.entry {
            EntryFormat::Layout(name) => Some(name.as_str()),
            EntryFormat::PageHpa => None,
        },
        singleton: r
            .singleton
            .as_ref()
            .map(|s| OutSingleton { count: s.count, release_input: s.release_input.spelling() }),
    });
    OutLayout {
        name: &l.name,
        width: l.width,
        summary: &l.summary,
        description: l.description.as_deref(),
        source: (&l.source).into(),
        fields,
        reserved: l.reserved.iter().map(|r| bits(r.bits)).collect(),
        list,
    }
}

fn args(list: &Option<Vec<RegArg>>) -> Option<Vec<OutArg<'_>>> {
    list.as_ref().map(|l| {
        l.iter()
            .map(|a| OutArg {
                reg: &a.reg,
                name: &a.name,
                ty: &a.ty,
                description: a.description.as_deref(),
                since_version: a.since_version,
            })
            .collect()
    })
}

fn leaf(l: &Leaf) -> OutLeaf<'_> {
    let resume = match &l.resume {
        ResumeRule::None => None,
        ResumeRule::ReissueOutputs { cursor } => {
            Some(OutResume { style: "reissue_outputs", cursor: cursor.as_deref(), flag: None })
        }
        ResumeRule::ReissueInputs => Some(OutResume { style: "reissue_inputs", cursor: None, flag: None }),
        ResumeRule::ResumeFlag { flag } => {
            Some(OutResume { style: "resume_flag", cursor: None, flag: flag.as_deref() })
        }
    };
    OutLeaf {
        name: &l.name,
        number: l.number,
        versions: &l.versions,
        since: &l.since,
        description: &l.description,
        inputs: args(&l.inputs),
        outputs: args(&l.outputs),
        resume,
        serialized: l.serialized,
        source: (&l.source).into(),
        note: l.note.as_deref(),
    }
}

/// The entries `tables` loaded from file `file`, as one canonical table file.
pub fn table_file(tables: &Tables, file: usize) -> Result<String, String> {
    let here = |o: &crate::model::Origin| o.file == file;
    let metadata: Vec<MetadataEntry> =
        tables.metadata_fields.iter().filter(|m| here(&m.origin)).map(MetadataEntry::from).collect();
    let out = OutFile {
        layouts: tables.layouts.iter().filter(|l| here(&l.origin)).map(layout).collect(),
        leaves: tables.leaves.iter().filter(|l| here(&l.origin)).map(leaf).collect(),
        status_codes: tables
            .status_codes
            .iter()
            .filter(|s| here(&s.origin))
            .map(|s| OutStatus {
                name: &s.name,
                value: format!("{:#018x}", s.value),
                kernel_value: s.kernel_value.map(|k| format!("{k:#018x}")),
                description: s.description.as_deref(),
                source: (&s.source).into(),
                note: s.note.as_deref(),
            })
            .collect(),
        operand_ids: tables
            .operand_ids
            .iter()
            .filter(|o| here(&o.origin))
            .map(|o| OutOperand { name: &o.name, value: o.value, source: (&o.source).into(), note: o.note.as_deref() })
            .collect(),
        metadata_fields: metadata.iter().map(out_field).collect(),
    };
    serde_norway::to_string(&out).map_err(|e| format!("cannot write the table as YAML: {e}"))
}
