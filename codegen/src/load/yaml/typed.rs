//! Reading a [`Node`] tree into the schema's types ([`FromNode`]), with
//! messages in serde's words (the schema was read through serde before, and
//! users and tests know its messages). Errors carry the position and path of
//! the node they are about; an unknown key or value carries what was valid.
//! Hand-written instead of derived: the proc-macro path then builds without
//! serde, and one reader per type is less code for the compiler than serde's
//! visitors.

use super::tree::{Entry, Node, Value};
use crate::diag::Location;
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl Error {
    fn new(message: String) -> Self {
        Error { message, ..Error::default() }
    }

    /// Places an error not yet placed at `node`.
    fn at(mut self, node: &Node) -> Self {
        if self.at.is_none() {
            self.at = Some(node.at);
            self.path = node.path.clone();
        }
        self
    }

    /// `what` is not the kind of value `expected` names.
    pub fn invalid_type(what: Unexpected<'_>, expected: &str) -> Self {
        Self::new(format!("invalid type: {what}, expected {expected}"))
    }

    /// `what` is the right kind of value but not one `expected` allows.
    pub fn invalid_value(what: Unexpected<'_>, expected: &str) -> Self {
        Self::new(format!("invalid value: {what}, expected {expected}"))
    }

    /// A required key is not there.
    pub fn missing_field(key: &str) -> Self {
        Self::new(format!("missing field `{key}`"))
    }

    /// A key the entry does not have, written at `entry`'s key.
    pub fn unknown_field(entry: &Entry, expected: &'static [&'static str]) -> Self {
        let message = match expected {
            [] => format!("unknown field `{}`, there are no fields", entry.key),
            _ => format!("unknown field `{}`, expected {}", entry.key, OneOf(expected)),
        };
        // About the key, but inside the entry that holds it.
        let parent = entry.value.path.rsplit_once('.').map_or("", |(p, _)| p);
        Error { message, at: Some(entry.key_at), path: parent.to_owned(), expected, found: Some(entry.key.clone()) }
    }

    /// A word that names none of `expected`.
    pub fn unknown_variant(word: &str, expected: &'static [&'static str]) -> Self {
        let message = format!("unknown variant `{word}`, expected {}", OneOf(expected));
        Error { expected, found: Some(word.to_owned()), ..Self::new(message) }
    }
}

/// `` `a` ``, `` `a` or `b` ``, or `` one of `a`, `b`, `c` `` (serde's wording).
struct OneOf(&'static [&'static str]);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => write!(f, "`{one}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            names => {
                f.write_str("one of ")?;
                for (i, name) in names.iter().enumerate() {
                    let comma = if i > 0 { ", " } else { "" };
                    write!(f, "{comma}`{name}`")?;
                }
                Ok(())
            }
        }
    }
}

/// What a node holds, as an error names it.
#[derive(Clone, Copy, Debug)]
pub enum Unexpected<'a> {
    /// Null.
    Unit,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number of at least 0.
    Unsigned(u64),
    /// A negative whole number.
    Signed(i64),
    /// A number with a fraction or exponent.
    Float(f64),
    /// Text, quoted or plain.
    Str(&'a str),
    /// A sequence.
    Seq,
    /// A mapping.
    Map,
}

impl fmt::Display for Unexpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Unexpected::Unit => f.write_str("unit value"),
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(v) => write!(f, "integer `{v}`"),
            Unexpected::Signed(v) => write!(f, "integer `{v}`"),
            // A whole float keeps a decimal point, so `64.0` does not read as an integer.
            Unexpected::Float(v) => {
                let text = v.to_string();
                let point = if v.is_finite() && !text.contains('.') { ".0" } else { "" };
                write!(f, "floating point `{text}{point}`")
            }
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
        }
    }
}

/// What a plain scalar means under YAML 1.2's core schema.
#[derive(Clone, Copy, Debug)]
enum Plain<'a> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(&'a str),
}

/// A node's value as one of YAML's core-schema kinds.
pub fn kind(node: &Node) -> Unexpected<'_> {
    match &node.value {
        Value::Scalar { text, plain: false } => Unexpected::Str(text),
        Value::Scalar { text, plain: true } => match resolve(text) {
            Plain::Null => Unexpected::Unit,
            Plain::Bool(b) => Unexpected::Bool(b),
            Plain::Unsigned(v) => Unexpected::Unsigned(v),
            Plain::Signed(v) => Unexpected::Signed(v),
            Plain::Float(v) => Unexpected::Float(v),
            Plain::Text(t) => Unexpected::Str(t),
        },
        Value::Seq(_) => Unexpected::Seq,
        Value::Map(_) => Unexpected::Map,
    }
}

/// Resolves a plain scalar (YAML 1.2 core schema).
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

/// A schema type read from a node.
pub trait FromNode: Sized {
    /// Reads `node`; an error not placed yet is placed at `node` by [`read`].
    fn from_node(node: &Node) -> Result<Self, Error>;

    /// The value when the key is not written: an error, unless the type says otherwise.
    fn missing(key: &str) -> Result<Self, Error> {
        Err(Error::missing_field(key))
    }
}

/// Reads `T` from `node`, placing any error not yet placed at `node`.
pub fn read<T: FromNode>(node: &Node) -> Result<T, Error> {
    T::from_node(node).map_err(|e| e.at(node))
}

/// A struct's entries, or what the node holds instead.
pub fn entries<'a>(node: &'a Node, expected: &str) -> Result<&'a [Entry], Error> {
    match &node.value {
        Value::Map(entries) => Ok(entries),
        _ => Err(Error::invalid_type(kind(node), expected)),
    }
}

/// The word a unit-enum node is written as: any scalar's text.
pub fn variant<'a>(node: &'a Node, expected: &str) -> Result<&'a str, Error> {
    match &node.value {
        Value::Scalar { text, .. } => Ok(text),
        _ => Err(Error::invalid_type(kind(node), expected)),
    }
}

/// Any scalar but null, as text: `since: 1.5` is the string the key wants.
pub fn text<'a>(node: &'a Node, expected: &str) -> Result<&'a str, Error> {
    match &node.value {
        Value::Scalar { text, plain } if !plain || !matches!(resolve(text), Plain::Null) => Ok(text),
        _ => Err(Error::invalid_type(kind(node), expected)),
    }
}

/// A plain whole number (quoted numbers are text).
pub fn number(node: &Node, expected: &str) -> Result<u64, Error> {
    match kind(node) {
        Unexpected::Unsigned(v) => Ok(v),
        what @ Unexpected::Signed(_) => Err(Error::invalid_value(what, expected)),
        what => Err(Error::invalid_type(what, expected)),
    }
}

impl FromNode for String {
    fn from_node(node: &Node) -> Result<Self, Error> {
        text(node, "a string").map(str::to_owned)
    }
}

impl FromNode for u32 {
    fn from_node(node: &Node) -> Result<Self, Error> {
        let v = number(node, "u32")?;
        u32::try_from(v).map_err(|_| Error::invalid_value(Unexpected::Unsigned(v), "u32"))
    }
}

impl FromNode for u64 {
    fn from_node(node: &Node) -> Result<Self, Error> {
        number(node, "u64")
    }
}

impl FromNode for bool {
    fn from_node(node: &Node) -> Result<Self, Error> {
        match kind(node) {
            Unexpected::Bool(b) => Ok(b),
            what => Err(Error::invalid_type(what, "a boolean")),
        }
    }
}

impl<T: FromNode> FromNode for Option<T> {
    fn from_node(node: &Node) -> Result<Self, Error> {
        match kind(node) {
            Unexpected::Unit => Ok(None),
            _ => read(node).map(Some),
        }
    }

    fn missing(_key: &str) -> Result<Self, Error> {
        Ok(None)
    }
}

impl<T: FromNode> FromNode for Vec<T> {
    fn from_node(node: &Node) -> Result<Self, Error> {
        match &node.value {
            Value::Seq(items) => items.iter().map(read).collect(),
            _ => Err(Error::invalid_type(kind(node), "a sequence")),
        }
    }
}

/// A struct read from a mapping that refuses unknown keys. Each field is
/// `"key" => pub name: Type`, optionally `= default` for when the key is not
/// written; an `Option` field is `None` when its key is not written. Keys are
/// read in file order, so the first error in the file is the one reported.
macro_rules! from_map {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                $key:literal => pub $field:ident: $ty:ty $(= $default:expr)?,
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)*
        }

        impl $crate::load::yaml::typed::FromNode for $name {
            fn from_node(node: &$crate::load::yaml::tree::Node) -> Result<Self, $crate::load::yaml::typed::Error> {
                use $crate::load::yaml::typed as typed;
                const KEYS: &[&str] = &[$($key),*];
                $(let mut $field: Option<$ty> = None;)*
                for entry in typed::entries(node, concat!("struct ", stringify!($name)))? {
                    match entry.key.as_str() {
                        $($key => $field = Some(typed::read(&entry.value)?),)*
                        _ => return Err(typed::Error::unknown_field(entry, KEYS)),
                    }
                }
                Ok($name {
                    $($field: match $field {
                        Some(v) => v,
                        None => from_map!(@missing $key, $ty $(, $default)?),
                    },)*
                })
            }
        }
    };
    (@missing $key:literal, $ty:ty, $default:expr) => { $default };
    (@missing $key:literal, $ty:ty) => { <$ty as $crate::load::yaml::typed::FromNode>::missing($key)? };
}

/// A unit enum read from the word it is written as: `Variant = "word"`.
macro_rules! from_word {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $word:literal,)*
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$variant_meta])* $variant,)*
        }

        impl $crate::load::yaml::typed::FromNode for $name {
            fn from_node(node: &$crate::load::yaml::tree::Node) -> Result<Self, $crate::load::yaml::typed::Error> {
                use $crate::load::yaml::typed as typed;
                const WORDS: &[&str] = &[$($word),*];
                match typed::variant(node, concat!("enum ", stringify!($name)))? {
                    $($word => Ok($name::$variant),)*
                    other => Err(typed::Error::unknown_variant(other, WORDS)),
                }
            }
        }
    };
}

pub(crate) use {from_map, from_word};

#[cfg(test)]
mod tests {
    use super::super::tree::parse;
    use super::*;

    from_map! {
        #[derive(Debug, PartialEq)]
        pub struct Entry {
            "name" => pub name: String,
            "width" => pub width: u32,
            "note" => pub note: Option<String>,
            "kind" => pub kind: Kind = Kind::Plain,
            "ids" => pub ids: Vec<u64>,
        }
    }

    from_word! {
        #[derive(Debug, PartialEq)]
        pub enum Kind {
            Plain = "plain",
            HpaPfn = "hpa_pfn",
        }
    }

    fn read_entry(text: &str) -> Result<Entry, Error> {
        let doc = parse(text).unwrap();
        read(doc.root.as_ref().unwrap())
    }

    fn message(text: &str) -> String {
        read_entry(text).unwrap_err().message
    }

    #[test]
    fn reads_structs_options_enums_and_numbers_in_any_notation() {
        let e = read_entry("name: 1.5\nwidth: 64\nkind: hpa_pfn\nids: [0x10, 0o7, 3, +4]\nnote: ~\n").unwrap();
        assert_eq!(e, Entry { name: "1.5".into(), width: 64, note: None, kind: Kind::HpaPfn, ids: vec![16, 7, 3, 4] });
        let e = read_entry("name: true\nwidth: 1\nids: []\nnote: 7\n").unwrap();
        assert_eq!((e.name.as_str(), e.note.as_deref(), e.kind), ("true", Some("7"), Kind::Plain));
    }

    #[test]
    fn type_errors_point_at_the_value_with_serdes_message() {
        let e = read_entry("name: n\nwidth: wide\nids: []\n").unwrap_err();
        assert_eq!(e.message, "invalid type: string \"wide\", expected u32");
        assert_eq!((e.at, e.path.as_str()), (Some(Location { line: 2, column: 8 }), "width"));
        assert_eq!(message("name: n\nwidth: \"8\"\nids: []\n"), "invalid type: string \"8\", expected u32");
        assert_eq!(message("name: n\nwidth: -1\nids: []\n"), "invalid value: integer `-1`, expected u32");
        assert_eq!(
            message("name: n\nwidth: 0x100000000\nids: []\n"),
            "invalid value: integer `4294967296`, expected u32"
        );
        assert_eq!(message("name: n\nwidth: 64.0\nids: []\n"), "invalid type: floating point `64.0`, expected u32");
        assert_eq!(message("name: n\nwidth: 1.5e3\nids: []\n"), "invalid type: floating point `1500.0`, expected u32");
        assert_eq!(message("name: n\nwidth: .inf\nids: []\n"), "invalid type: floating point `inf`, expected u32");
        assert_eq!(message("name: n\nwidth: true\nids: []\n"), "invalid type: boolean `true`, expected u32");
        assert_eq!(message("name: n\nwidth: ~\nids: []\n"), "invalid type: unit value, expected u32");
        assert_eq!(message("name: [a]\nwidth: 1\nids: []\n"), "invalid type: sequence, expected a string");
        assert_eq!(message("name: ~\nwidth: 1\nids: []\n"), "invalid type: unit value, expected a string");
        assert_eq!(message("name: n\nwidth: 1\nids: {a: 1}\n"), "invalid type: map, expected a sequence");
        assert_eq!(message("name: n\nwidth: 1\nids: [-2]\n"), "invalid value: integer `-2`, expected u64");
        assert_eq!(message("name: n\nwidth: 1\nkind: [x]\nids: []\n"), "invalid type: sequence, expected enum Kind");
        assert_eq!(message("[1]\n"), "invalid type: sequence, expected struct Entry");
        let e = read_entry("name: n\nwidth: 1\nids: [1, x]\n").unwrap_err();
        assert_eq!((e.path.as_str(), e.at), ("ids[1]", Some(Location { line: 3, column: 10 })));
    }

    #[test]
    fn an_unknown_key_points_at_the_key_and_says_what_was_valid() {
        let e = read_entry("name: n\nwidht: 1\nids: []\n").unwrap_err();
        assert_eq!(e.message, "unknown field `widht`, expected one of `name`, `width`, `note`, `kind`, `ids`");
        assert_eq!((e.at, e.found.as_deref()), (Some(Location { line: 2, column: 1 }), Some("widht")));
        assert!(e.expected.contains(&"width"));
        let e = read_entry("name: n\nwidth: 1\nkind: flag\nids: []\n").unwrap_err();
        assert_eq!(e.message, "unknown variant `flag`, expected `plain` or `hpa_pfn`");
        assert_eq!((e.found.as_deref(), e.at), (Some("flag"), Some(Location { line: 3, column: 7 })));
        assert_eq!(OneOf(&["only"]).to_string(), "`only`");
    }

    #[test]
    fn a_missing_key_points_at_the_entry_and_the_first_error_in_the_file_wins() {
        let e = read_entry("name: n\nids: []\n").unwrap_err();
        assert_eq!((e.message.as_str(), e.at), ("missing field `width`", Some(Location { line: 1, column: 1 })));
        // The misspelt key comes before the bad value, so it is the one reported.
        assert!(message("name: n\nwdth: 1\nwidth: x\nids: []\n").starts_with("unknown field `wdth`"));
        assert!(message("name: n\nwidth: x\nwdth: 1\nids: []\n").starts_with("invalid type"));
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
