//! Reading a [`Node`] tree into serde types. Errors carry the position and
//! path of the node they are about, and an unknown key carries what was valid.

use super::tree::{Node, Value};
use crate::diag::Location;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::fmt;

/// Why a node does not fit the type asked of it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Error {
    /// What is wrong, in serde's words.
    pub message: String,
    /// The node (or key) it is about, once known.
    pub at: Option<Location>,
    /// That node's path.
    pub path: String,
    /// For a misspelt key or value: the words that would be valid.
    pub expected: &'static [&'static str],
    /// For a misspelt key or value: what was written.
    pub found: Option<String>,
}

impl Error {
    /// Places an error not yet placed at `node`.
    fn at(mut self, node_at: Location, path: &str) -> Self {
        if self.at.is_none() {
            self.at = Some(node_at);
            self.path = path.to_owned();
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error { message: msg.to_string(), ..Error::default() }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error {
            expected,
            found: Some(field.to_owned()),
            ..Self::custom(de::value::Error::unknown_field(field, expected))
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let message = de::value::Error::unknown_variant(variant, expected);
        Error { expected, found: Some(variant.to_owned()), ..Self::custom(message) }
    }
}

/// Reads `T` from `node`.
pub fn from_node<'a, T: de::Deserialize<'a>>(node: &'a Node) -> Result<T, Error> {
    T::deserialize(node)
}

/// What a plain scalar means under YAML 1.2's core schema.
enum Plain<'a> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(&'a str),
}

fn resolve(text: &str) -> Plain<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix('+').unwrap_or(text);
    let unsigned = if let Some(hex) = text.strip_prefix("0x") {
        u64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = text.strip_prefix("0o") {
        u64::from_str_radix(oct, 8).ok()
    } else if all_digits(digits) {
        digits.parse().ok()
    } else {
        None
    };
    if let Some(v) = unsigned {
        return Plain::Unsigned(v);
    }
    if let Some(v) = text.strip_prefix('-').filter(|d| all_digits(d)).and_then(|_| text.parse().ok()) {
        return Plain::Signed(v);
    }
    match float(text) {
        Some(v) => Plain::Float(v),
        None => Plain::Text(text),
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `[-+]?(.digits|digits(.digits?)?)([eE][-+]?digits)?`, `.inf` and `.nan` (YAML 1.2 core schema).
fn float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let sign = if text.starts_with('-') { -1.0 } else { 1.0 };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(sign * f64::INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let well_formed =
        digits_ok(int) && digits_ok(frac) && !(int.is_empty() && frac.is_empty()) && exponent.is_none_or(all_digits);
    if well_formed {
        text.parse().ok()
    } else {
        None
    }
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.value {
            Value::Scalar { text, plain: false } => visitor.visit_str(text),
            Value::Scalar { text, plain: true } => match resolve(text) {
                Plain::Null => visitor.visit_unit(),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Unsigned(v) => visitor.visit_u64(v),
                Plain::Signed(v) => visitor.visit_i64(v),
                Plain::Float(v) => visitor.visit_f64(v),
                Plain::Text(t) => visitor.visit_str(t),
            },
            Value::Seq(items) => visitor.visit_seq(Items { items: items.iter() }),
            Value::Map(entries) => visitor.visit_map(Entries { entries: entries.iter(), value: None }),
        };
        result.map_err(|e| e.at(self.at, &self.path))
    }

    /// Any scalar reads as text, so `since: 1.5` is the string the key wants;
    /// null and collections are still type errors.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, plain } if !plain || !matches!(resolve(text), Plain::Null) => {
                visitor.visit_str::<Error>(text).map_err(|e| e.at(self.at, &self.path))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, plain: true } if matches!(resolve(text), Plain::Null) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, .. } => {
                let access: de::value::StrDeserializer<'_, Error> = text.as_str().into_deserializer();
                visitor.visit_enum(access).map_err(|e| e.at(self.at, &self.path))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

struct Items<'de> {
    items: std::slice::Iter<'de, Node>,
}

impl<'de> de::SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.items.next().map(|n| seed.deserialize(n)).transpose()
    }
}

struct Entries<'de> {
    entries: std::slice::Iter<'de, super::tree::Entry>,
    value: Option<&'de Node>,
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else { return Ok(None) };
        self.value = Some(&entry.value);
        let key: de::value::StrDeserializer<'_, Error> = entry.key.as_str().into_deserializer();
        // An unknown key is about the key, but inside the entry that holds it.
        let parent = entry.value.path.rsplit_once('.').map_or("", |(p, _)| p);
        seed.deserialize(key).map(Some).map_err(|e| e.at(entry.key_at, parent))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let node = self.value.take().ok_or_else(|| de::Error::custom("a value was read before its key"))?;
        seed.deserialize(node)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::parse;
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        name: String,
        width: u32,
        note: Option<String>,
        #[serde(default)]
        kind: Kind,
        ids: Vec<u64>,
    }

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        #[default]
        Plain,
        HpaPfn,
    }

    fn read(text: &str) -> Result<Entry, Error> {
        let doc = parse(text).unwrap();
        from_node(doc.root.as_ref().unwrap()).map_err(|e| Error { expected: &[], ..e })
    }

    #[test]
    fn reads_structs_options_enums_and_numbers_in_any_notation() {
        let e = read("name: 1.5\nwidth: 64\nkind: hpa_pfn\nids: [0x10, 0o7, 3, +4]\nnote: ~\n").unwrap();
        assert_eq!(e, Entry { name: "1.5".into(), width: 64, note: None, kind: Kind::HpaPfn, ids: vec![16, 7, 3, 4] });
    }

    #[test]
    fn type_errors_point_at_the_value_with_serdes_message() {
        let e = read("name: n\nwidth: wide\nids: []\n").unwrap_err();
        assert_eq!(e.message, "invalid type: string \"wide\", expected u32");
        assert_eq!((e.at, e.path.as_str()), (Some(Location { line: 2, column: 8 }), "width"));
        let e = read("name: n\nwidth: \"8\"\nids: []\n").unwrap_err();
        assert_eq!(e.message, "invalid type: string \"8\", expected u32", "a quoted number is text");
        let e = read("name: n\nwidth: -1\nids: []\n").unwrap_err();
        assert_eq!(e.message, "invalid value: integer `-1`, expected u32");
        let e = read("name: [a]\nwidth: 1\nids: []\n").unwrap_err();
        assert_eq!(e.message, "invalid type: sequence, expected a string");
    }

    #[test]
    fn an_unknown_key_points_at_the_key_and_says_what_was_valid() {
        let doc = parse("name: n\nwidht: 1\nids: []\n").unwrap();
        let e = from_node::<Entry>(doc.root.as_ref().unwrap()).unwrap_err();
        assert!(e.message.starts_with("unknown field `widht`, expected one of"), "{}", e.message);
        assert_eq!((e.at, e.found.as_deref()), (Some(Location { line: 2, column: 1 }), Some("widht")));
        assert!(e.expected.contains(&"width"));
        let e = read("name: n\nwidth: 1\nkind: flag\nids: []\n").unwrap_err();
        assert_eq!((e.found.as_deref(), e.at), (Some("flag"), Some(Location { line: 3, column: 7 })));
    }

    #[test]
    fn a_missing_key_points_at_the_entry() {
        let e = read("name: n\nids: []\n").unwrap_err();
        assert_eq!((e.message.as_str(), e.at), ("missing field `width`", Some(Location { line: 1, column: 1 })));
    }

    #[test]
    fn plain_scalars_resolve_as_yaml_1_2_core_schema() {
        assert!(matches!(resolve("null"), Plain::Null));
        assert!(matches!(resolve("True"), Plain::Bool(true)));
        assert!(matches!(resolve("0xff"), Plain::Unsigned(255)));
        assert!(matches!(resolve("-3"), Plain::Signed(-3)));
        assert!(matches!(resolve("1.5"), Plain::Float(_)));
        for text in ["yes", "11:3", "1.0.2", "0xgg", "TDX module 1.0", "inf", "e5", "+", "1_000"] {
            assert!(matches!(resolve(text), Plain::Text(_)), "{text}");
        }
    }
}
