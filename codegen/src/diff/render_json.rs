//! The report as JSON, for tools.

use super::Report;

/// Pretty-printed JSON: `{"worst": ..., "changes": [...], "diagrams": {...}, "byte_maps": {...}}`.
pub fn json(report: &Report) -> String {
    let value = serde_json::json!({
        "worst": report.worst().map(|c| c.label()),
        "breaking": report.is_breaking(),
        "changes": report.changes,
        "diagrams": report.diagrams,
        "byte_maps": report.byte_maps,
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
