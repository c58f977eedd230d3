//! The report as JSON, for tools.

use super::Report;

/// Pretty-printed JSON: `{"worst": ..., "changes": [...], "diagrams": {...}}`.
pub fn json(report: &Report) -> String {
    let value = serde_json::json!({
        "worst": report.worst().map(|c| c.label()),
        "breaking": report.is_breaking(),
        "changes": report.changes,
        "diagrams": report.diagrams,
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
