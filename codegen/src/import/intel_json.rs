//! Reading Intel's TDX ABI JSON: `{"Header": {...}, "Fields": [{...}]}` with
//! every value a string. Tolerated variations, all seen in published files:
//! keys with trailing spaces ("Host VMM Rd Mask for a Production TD "), keys
//! differing in case ("Migration TD wr Mask"), "Num Fields" renamed "Max Num
//! Fields" (2.0), "Description" as a string or a list of lines, numbers
//! written as numbers, `null` for absent values, and keys this importer does
//! not use. TD- and vCPU-scope records ("Control Structure" TDR, TDCS, TDVPS)
//! carry access strings per actor, checked against their read and write masks.

use crate::model::{MetadataAccess, MetadataScope, Rights};
use serde_json::{Map, Value};
use std::fmt;

/// One metadata field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntelField {
    /// "Field Name".
    pub name: String,
    /// "Base FIELD_ID (Hex)".
    pub field_id: u64,
    /// "Element Size (Bytes)".
    pub element_size: u32,
    /// "Num Fields" or "Max Num Fields".
    pub count: u32,
    /// "Num Elements".
    pub elements: u32,
    /// "Description", lines joined.
    pub description: Option<String>,
    /// "TDX_FEATURES Enum. Bits", unless "Always".
    pub features: Option<String>,
    /// From "Control Structure": TDR and TDCS are TD scope, TDVPS and TD VMCS vCPU scope.
    pub scope: MetadataScope,
    /// From the per-actor "... Access ..." strings, where the record has them.
    pub access: Option<MetadataAccess>,
    /// "Mutability", "Initial Value" and "VM Applicability", as sentences.
    pub lifecycle: Option<String>,
}

/// A parsed file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntelJson {
    /// Header "Info", e.g. `TDX Global Metadata`.
    pub info: Option<String>,
    /// Header "Version", e.g. `2.0`.
    pub version: Option<String>,
    /// The fields, in file order.
    pub fields: Vec<IntelField>,
}

/// Why a file was refused: where, and what would be valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The file, as given.
    pub file: String,
    /// Line and column, when the JSON itself is malformed.
    pub position: Option<(usize, usize)>,
    /// The entry (`Fields[3]`, `NUM_PKGS`) and key concerned.
    pub at: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What would be valid.
    pub help: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}\n  --> {}", self.message, self.file)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(at) = &self.at {
            write!(f, " (at {at})")?;
        }
        write!(f, "\n  = help: {}", self.help)
    }
}

/// Keys are compared without surrounding spaces and without regard to case
/// (published files have "Migration TD wr Mask" beside "Guest Wr Mask").
fn get<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    object.iter().find(|(k, _)| k.trim().eq_ignore_ascii_case(key)).map(|(_, v)| v).filter(|v| !v.is_null())
}

/// `key` as the record spells it (trailing spaces and case included), for messages.
fn as_written(object: &Map<String, Value>, key: &str) -> String {
    object.keys().find(|k| k.trim().eq_ignore_ascii_case(key)).map_or_else(|| key.to_string(), |k| k.clone())
}

/// The actors a record names: (access keys, read mask key, write mask key). A
/// TD-scope record tells the host of a production TD from the host of a debug
/// TD; a global record has one "Host VMM Access" for both.
const ACTORS: [(&[&str], &str, &str); 4] = [
    (
        &["Host VMM Access for a Production TD", "Host VMM Access"],
        "Host VMM Rd Mask for a Production TD",
        "Host VMM Wr Mask for a Production TD",
    ),
    (
        &["Host VMM Access for a Debug TD", "Host VMM Access"],
        "Host VMM Rd Mask for a Debug TD",
        "Host VMM Wr Mask for a Debug TD",
    ),
    (&["Guest Access"], "Guest Rd Mask", "Guest Wr Mask"),
    (&["Migration TD Access"], "Migration TD Rd Mask", "Migration TD Wr Mask"),
];

/// An access string: `RO`, `RW`, `WO`, or none (`None`, `N/A`, empty).
fn rights(text: &str) -> Option<Rights> {
    match text.trim().to_ascii_uppercase().as_str() {
        "RO" | "R" => Some(Rights::Read),
        "RW" => Some(Rights::ReadWrite),
        "WO" | "W" => Some(Rights::Write),
        "NONE" | "N/A" | "NA" | "-" | "" => Some(Rights::None),
        _ => None,
    }
}

/// A mask: `-1` (all bits), a decimal or a 0x hex number.
fn mask(text: &str) -> Option<u64> {
    let t = text.trim().replace('_', "");
    if t == "-1" {
        return Some(u64::MAX);
    }
    match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => t.parse().ok(),
    }
}

/// The scope "Control Structure" names.
fn scope(text: &str) -> Option<MetadataScope> {
    match text.trim().to_ascii_uppercase().as_str() {
        "TDR" | "TDCS" => Some(MetadataScope::Td),
        "TDVPS" | "TD VMCS" | "TDVMCS" | "TD-VMCS" => Some(MetadataScope::Vcpu),
        _ => None,
    }
}

/// A value written as a string (as Intel does) or as a number.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses `bytes` (the contents of `file`).
pub fn parse(file: &str, bytes: &[u8]) -> Result<IntelJson, ImportError> {
    let err = |at: Option<String>, message: String, help: &str| ImportError {
        file: file.to_string(),
        position: None,
        at,
        message,
        help: help.to_string(),
    };
    let root: Value = serde_json::from_slice(bytes).map_err(|e| ImportError {
        file: file.to_string(),
        position: Some((e.line(), e.column())),
        at: None,
        message: format!("not valid JSON: {e}"),
        help: "Intel's ABI JSON is one object: {\"Header\": {...}, \"Fields\": [...]}".into(),
    })?;
    let Some(root) = root.as_object() else {
        return Err(err(
            None,
            "the file is not a JSON object".into(),
            "expected {\"Header\": {...}, \"Fields\": [...]}",
        ));
    };
    let header = get(root, "Header").and_then(Value::as_object);
    let info = header.and_then(|h| get(h, "Info")).and_then(text);
    let version = header.and_then(|h| get(h, "Version")).and_then(text);
    let Some(fields) = get(root, "Fields").and_then(Value::as_array) else {
        return Err(err(
            None,
            "no \"Fields\" array".into(),
            "the fields are listed under a top-level \"Fields\": [...]",
        ));
    };
    let mut out = Vec::new();
    for (i, value) in fields.iter().enumerate() {
        let Some(object) = value.as_object() else {
            return Err(err(
                Some(format!("Fields[{i}]")),
                "a field is not a JSON object".into(),
                "each field is {\"Field Name\": ..., ...}",
            ));
        };
        out.push(field(object, i, &err)?);
    }
    if out.is_empty() {
        return Err(err(None, "\"Fields\" is empty".into(), "a metadata table needs at least one field"));
    }
    Ok(IntelJson { info, version, fields: out })
}

fn field(
    object: &Map<String, Value>,
    i: usize,
    err: &dyn Fn(Option<String>, String, &str) -> ImportError,
) -> Result<IntelField, ImportError> {
    let Some(name) = get(object, "Field Name").and_then(text).filter(|n| !n.is_empty()) else {
        let keys: Vec<&str> = object.keys().map(|k| k.trim()).collect();
        return Err(err(
            Some(format!("Fields[{i}]")),
            "missing \"Field Name\"".into(),
            &format!("every field names itself; this one has keys {keys:?}"),
        ));
    };
    let at = |key: &str| Some(format!("Fields[{i}] `{name}`, \"{key}\""));
    let number = |keys: &[&str], default: Option<u64>| -> Result<u64, ImportError> {
        let found = keys.iter().find_map(|k| get(object, k).map(|v| (*k, v)));
        let Some((key, value)) = found else {
            return default.ok_or_else(|| {
                err(
                    at(keys[0]),
                    format!("missing \"{}\"", keys[0]),
                    "add the key with a decimal or 0x hex number as a string",
                )
            });
        };
        let s = text(value).ok_or_else(|| {
            err(at(key), format!("{value} is not a number"), "write a decimal or 0x hex number as a string")
        })?;
        let parsed = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
            Some(hex) => u64::from_str_radix(&hex.replace('_', ""), 16),
            None => s.parse::<u64>(),
        };
        parsed.map_err(|_| {
            err(
                at(key),
                format!("`{s}` is not a number"),
                "write a decimal or 0x hex number, e.g. \"0x0800000200000000\"",
            )
        })
    };
    let small = |keys: &[&str], default: Option<u64>| -> Result<u32, ImportError> {
        let v = number(keys, default)?;
        u32::try_from(v).map_err(|_| err(at(keys[0]), format!("{v} is too large"), "sizes and counts fit in 32 bits"))
    };
    let description = get(object, "Description").and_then(|v| match v {
        Value::Array(lines) => {
            let lines: Vec<String> = lines.iter().filter_map(text).filter(|l| !l.is_empty()).collect();
            Some(lines.join(" "))
        }
        other => text(other),
    });
    let features = get(object, "TDX_FEATURES Enum. Bits")
        .and_then(text)
        .filter(|f| !f.eq_ignore_ascii_case("always") && !f.is_empty());
    let (element_size, count, elements) = (
        small(&["Element Size (Bytes)"], None)?,
        small(&["Num Fields", "Max Num Fields"], Some(1))?,
        small(&["Num Elements"], Some(1))?,
    );
    // The sizes a record states must add up: a mismatch is a misread record.
    // ("Field Size (Bytes)" is not checked: published files use it for an element's size and for a field's.)
    let sized = [("Overall Size (Bytes)", u64::from(element_size) * u64::from(elements) * u64::from(count))];
    for (key, expected) in sized {
        if get(object, key).is_some() {
            let stated = number(&[key], None)?;
            if stated != expected {
                return Err(err(
                    at(key),
                    format!("\"{key}\" is {stated}, but the element size, elements and fields make {expected}"),
                    "fix the sizes or the counts so they agree",
                ));
            }
        }
    }
    let scope = match get(object, "Control Structure").and_then(text) {
        None => MetadataScope::Global,
        Some(cs) => scope(&cs).ok_or_else(|| {
            err(
                at("Control Structure"),
                format!("`{cs}` is no control structure this importer knows"),
                "TD scope: TDR or TDCS; vCPU scope: TDVPS or TD VMCS",
            )
        })?,
    };
    let access = access(object, &at, err)?;
    let lifecycle: Vec<String> =
        [("Mutability", "Mutable by"), ("Initial Value", "Initial value"), ("VM Applicability", "Applies to")]
            .iter()
            .filter_map(|(key, label)| {
                get(object, key).and_then(text).filter(|t| !t.is_empty()).map(|t| format!("{label}: {t}."))
            })
            .collect();
    Ok(IntelField {
        field_id: number(&["Base FIELD_ID (Hex)"], None)?,
        element_size,
        count,
        elements,
        description: description.filter(|d| !d.is_empty()),
        features,
        scope,
        access,
        lifecycle: (!lifecycle.is_empty()).then(|| lifecycle.join(" ")),
        name,
    })
}

/// Each actor's rights from its access string, which must agree with its masks
/// (a right with a zero mask, or a non-zero mask without the right, is refused).
fn access(
    object: &Map<String, Value>,
    at: &dyn Fn(&str) -> Option<String>,
    err: &dyn Fn(Option<String>, String, &str) -> ImportError,
) -> Result<Option<MetadataAccess>, ImportError> {
    let mut found: Vec<Option<Rights>> = Vec::new();
    for (access_keys, rd_key, wr_key) in ACTORS {
        let Some((access_key, value)) = access_keys.iter().find_map(|k| get(object, k).map(|v| (*k, v))) else {
            found.push(None);
            continue;
        };
        let stated = text(value).unwrap_or_default();
        let r = rights(&stated).ok_or_else(|| {
            err(at(access_key), format!("`{stated}` is not an access right"), "write RO, RW, WO or None")
        })?;
        for (key, granted, what) in [
            (rd_key, matches!(r, Rights::Read | Rights::ReadWrite), "read"),
            (wr_key, matches!(r, Rights::Write | Rights::ReadWrite), "write"),
        ] {
            let Some(m) = get(object, key) else { continue };
            let key = as_written(object, key);
            let key = key.as_str();
            let raw = text(m).unwrap_or_default();
            let bits = mask(&raw).ok_or_else(|| {
                err(at(key), format!("`{raw}` is not a mask"), "write -1 (every bit), 0, or a 0x hex mask")
            })?;
            if granted != (bits != 0) {
                let msg = format!("\"{}\" says `{stated}`, but the {what} mask is {raw}", access_key);
                return Err(err(at(key), msg, "the access string and the masks must agree; fix the one that is wrong"));
            }
        }
        found.push(Some(r));
    }
    Ok(match found[..] {
        [Some(host), Some(host_debug), Some(guest), migtd] => Some(MetadataAccess { host, host_debug, guest, migtd }),
        [None, None, None, None] => None,
        _ => {
            return Err(err(
                at(ACTORS[0].0[0]),
                "the record gives access rights for some actors only".into(),
                "give the host (production and debug TD) and guest access strings together",
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_the_known_variations() {
        let json = r#"{"Header": {"Info": "TDX Global Metadata", "Version": "2.0"}, "Fields": [
            {"Field Name": "A", "Base FIELD_ID (Hex)": "0x0800000200000000", "Element Size (Bytes)": "4",
             "Max Num Fields": "8", "Num Elements": "1", "Description": ["one", "two"], "TDX_FEATURES Enum. Bits": "Always"},
            {"Field Name ": "B", "Base FIELD_ID (Hex) ": "0x0800000100000001", "Element Size (Bytes)": 2,
             "Num Fields": "1", "Num Elements": null, "Description": "just one", "TDX_FEATURES Enum. Bits": "TDX_FEATURES0[6]"}
        ]}"#;
        let parsed = parse("t.json", json.as_bytes()).unwrap();
        assert_eq!((parsed.info.as_deref(), parsed.version.as_deref()), (Some("TDX Global Metadata"), Some("2.0")));
        let [a, b] = &parsed.fields[..] else { panic!("two fields") };
        assert_eq!(
            (a.count, a.elements, a.description.as_deref(), a.features.as_deref()),
            (8, 1, Some("one two"), None)
        );
        assert_eq!((b.name.as_str(), b.field_id, b.element_size, b.elements), ("B", 0x0800000100000001, 2, 1));
        assert_eq!(b.features.as_deref(), Some("TDX_FEATURES0[6]"));
    }

    #[test]
    fn malformed_input_names_where_and_what() {
        let e = parse("t.json", b"{\"Fields\": [\n  {\"Field Name\": \"A\",}\n]}").unwrap_err();
        assert_eq!(e.position.map(|p| p.0), Some(2));
        let e = parse(
            "t.json",
            br#"{"Fields": [{"Field Name": "A", "Base FIELD_ID (Hex)": "0xZZ", "Element Size (Bytes)": "8"}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.at.as_deref(), Some("Fields[0] `A`, \"Base FIELD_ID (Hex)\""));
        assert!(e.message.contains("0xZZ"), "{e}");
        let e = parse("t.json", br#"{"Fields": [{"Base FIELD_ID (Hex)": "0x1"}]}"#).unwrap_err();
        assert!(e.message.contains("Field Name") && e.help.contains("Base FIELD_ID (Hex)"), "{e}");
        assert!(parse("t.json", br#"{"Header": {}}"#).unwrap_err().message.contains("Fields"));
    }
}
