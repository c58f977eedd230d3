//! Turns what serde read into the model, reporting what the model cannot
//! represent (malformed ranges, half-written citations, entry formats that
//! name no layout) with file, position, entry and field.

use super::raw::*;
use crate::bits::BitRange;
use crate::diag::Diagnostic;
use crate::model::*;

/// Lowers one file's layouts into `tables`, pushing problems onto `diags`.
pub fn lower_file(tables: &mut Tables, file: usize, raw: RawFile, diags: &mut Vec<Diagnostic>) {
    let mut lowered = Vec::new();
    for (i, layout) in raw.layouts.into_iter().enumerate() {
        let origin = Origin {
            file,
            path: format!("layouts[{i}]"),
        };
        let mut cx = Cx {
            tables,
            diags,
            entry: format!("layout `{}`", layout.name),
        };
        lowered.extend(cx.layout(layout, origin));
    }
    tables.layouts.extend(lowered);
}

struct Cx<'a> {
    tables: &'a Tables,
    diags: &'a mut Vec<Diagnostic>,
    entry: String,
}

impl Cx<'_> {
    fn error(
        &mut self,
        origin: &Origin,
        key: Option<&str>,
        field: Option<String>,
        message: String,
        help: &str,
    ) {
        let mut d = self.tables.diag(origin, key, message).with_help(help);
        d.entry = Some(self.entry.clone());
        d.field = field;
        self.diags.push(d);
    }

    fn layout(&mut self, raw: RawLayout, origin: Origin) -> Option<Layout> {
        let source = self.source(raw.source, &origin);
        let mut fields = Vec::new();
        for (i, f) in raw.fields.into_iter().enumerate() {
            let origin = Origin {
                file: origin.file,
                path: format!("{}.fields[{i}]", origin.path),
            };
            let bits = self.bits(&f.bits, &origin, Some(format!("field `{}`", f.name)));
            let kind = match f.kind {
                RawKind::Plain => FieldKind::Plain,
                RawKind::Flag => FieldKind::Flag,
                RawKind::HpaPfn => FieldKind::HpaPfn,
                RawKind::GpaPfn => FieldKind::GpaPfn,
            };
            if let Some(bits) = bits {
                fields.push(Field {
                    name: f.name,
                    bits,
                    description: f.description,
                    reference: f.reference,
                    kind,
                    origin,
                });
            }
        }
        let mut reserved = Vec::new();
        for (i, r) in raw.reserved.iter().enumerate() {
            let origin = Origin {
                file: origin.file,
                path: format!("{}.reserved[{i}]", origin.path),
            };
            if let Some(bits) = self.bits(r, &origin, Some("reserved range".into())) {
                reserved.push(Reserved { bits, origin });
            }
        }
        let list = raw.list.and_then(|l| self.list(l, &origin));
        Some(Layout {
            name: raw.name,
            width: raw.width,
            summary: raw.summary,
            description: raw.description,
            source: source?,
            fields,
            reserved,
            list,
            origin,
        })
    }

    fn bits(&mut self, raw: &RawBits, origin: &Origin, field: Option<String>) -> Option<BitRange> {
        // Reserved entries are the range itself; fields keep it under `bits`.
        let key = if origin.path.contains(".reserved[") {
            None
        } else {
            Some("bits")
        };
        match BitRange::parse(&raw.0) {
            Ok(bits) => Some(bits),
            Err(message) => {
                self.error(
                    origin,
                    key,
                    field,
                    message,
                    "bit numbers count from 0 at the least significant bit",
                );
                None
            }
        }
    }

    fn source(&mut self, raw: RawSource, layout: &Origin) -> Option<Source> {
        let origin = Origin {
            file: layout.file,
            path: format!("{}.source", layout.path),
        };
        let help = "cite `repo` (owner/name) with `path` (and optionally `commit`), or `document` with `section`";
        match raw {
            RawSource {
                repo: Some(repo),
                path: Some(path),
                commit,
                document: None,
                section: None,
            } => Some(Source::Repo { repo, path, commit }),
            RawSource {
                repo: None,
                path: None,
                commit: None,
                document: Some(document),
                section: Some(section),
            } => Some(Source::Document { document, section }),
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
        let origin = Origin {
            file: layout.file,
            path: format!("{}.list", layout.path),
        };
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
                let msg =
                    "`entry: layout` needs `entry_layout` naming the entry's layout".to_string();
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
            origin: Origin {
                file: origin.file,
                path: format!("{}.singleton", origin.path),
            },
        });
        Some(ListRoles {
            address_field: raw.address_field,
            count_field: raw.count_field,
            count_encoding: match raw.count_encoding {
                RawCountEncoding::MinusOne => CountEncoding::MinusOne,
                RawCountEncoding::Exact => CountEncoding::Exact,
            },
            cursor_field: raw.cursor_field,
            capacity: raw.capacity,
            entry: entry?,
            singleton,
            origin,
        })
    }
}
