//! Importing Intel's TDX ABI JSON (the metadata tables Intel publishes with
//! each module release) into a metadata table file, so maintainers do not
//! re-type field IDs. Hand-written `note:`s of entries already in the file
//! survive a re-import.

mod intel_json;
mod metadata_yaml;

pub use intel_json::{parse, ImportError, IntelField, IntelJson};
pub use metadata_yaml::{render, Existing};
