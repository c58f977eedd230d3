//! The YAML schema as serde sees it. Every struct rejects unknown keys, so a
//! misspelt key is an error rather than a silently ignored line.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// One table file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Object layouts (bitfield words), including list types.
    #[serde(default)]
    pub layouts: Vec<RawLayout>,
}

impl RawFile {
    /// True when the file defines nothing (e.g. it is empty or only comments).
    pub fn is_empty(&self) -> bool {
        self.layouts.is_empty()
    }
}

/// A layout entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLayout {
    pub name: String,
    pub width: u32,
    pub summary: String,
    pub description: Option<String>,
    pub source: RawSource,
    pub fields: Vec<RawField>,
    #[serde(default)]
    pub reserved: Vec<RawBits>,
    pub list: Option<RawList>,
}

/// A citation: either `repo` + `path`, or `document` + `section`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub repo: Option<String>,
    pub path: Option<String>,
    pub commit: Option<String>,
    pub document: Option<String>,
    pub section: Option<String>,
}

/// A named field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    pub name: String,
    pub bits: RawBits,
    pub description: String,
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(default)]
    pub kind: RawKind,
}

/// How a field is read.
#[derive(Debug, Default, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum RawKind {
    #[default]
    Plain,
    Flag,
    HpaPfn,
    GpaPfn,
}

/// List roles.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawList {
    pub address_field: String,
    pub count_field: String,
    pub count_encoding: RawCountEncoding,
    pub cursor_field: Option<String>,
    pub capacity: u32,
    pub entry: RawEntry,
    pub entry_layout: Option<String>,
    pub singleton: Option<RawSingleton>,
}

/// How the count is stored.
#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum RawCountEncoding {
    MinusOne,
    Exact,
}

/// What an entry holds.
#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum RawEntry {
    PageHpa,
    Layout,
}

/// The singleton rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSingleton {
    pub count: u32,
    pub release_input: RawReleaseInput,
}

/// What a release leaf takes for a singleton.
#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum RawReleaseInput {
    Zero,
    ListPage,
}

/// A bit range as written: `"hi:lo"` or a single bit number. Parsed later, so a
/// malformed range is reported with its entry and field.
#[derive(Debug, Clone)]
pub struct RawBits(pub String);

impl<'de> Deserialize<'de> for RawBits {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct BitsVisitor;
        impl Visitor<'_> for BitsVisitor {
            type Value = RawBits;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a bit range written \"hi:lo\" (quoted), or a single bit number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBits, E> {
                Ok(RawBits(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawBits, E> {
                Ok(RawBits(v.to_string()))
            }
        }
        d.deserialize_any(BitsVisitor)
    }
}
