//! Tolerant decoding of list responses: unknown fields kept, one bad record reported by path.

use chrono::NaiveDateTime;
use serde_json::Value;

/// One page of a list response.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The records, as sent (unknown fields kept). Records with problems are kept when they
    /// are objects; entries that are not objects are left out and reported.
    pub records: Vec<Value>,
    /// The `RowCount` header (present when the query asked `Count=true`).
    pub row_count: Option<u64>,
    /// Problems found in single records.
    pub issues: Vec<DecodeIssue>,
}

pub use super::issue::DecodeIssue;

/// Why a whole body could not be decoded: where, and a short excerpt of the body there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    /// Where in the body decoding failed (JSON path).
    pub path: String,
    /// A short excerpt of the body there.
    pub snippet: String,
}

/// A value inside `record` by a dotted path, matching keys case-insensitively.
pub(crate) fn field<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = record;
    for part in path.split('.') {
        let obj = cur.as_object()?;
        cur = match obj.get(part) {
            Some(v) => v,
            None => obj
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(part))
                .map(|(_, v)| v)?,
        };
    }
    Some(cur)
}

/// Parses a Coachview local date-time (`2025-01-16T15:47:18.433`, optional fraction; a trailing
/// zone is ignored, since Coachview sends local times).
pub(crate) fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let core = s.strip_suffix('Z').unwrap_or(s);
    NaiveDateTime::parse_from_str(core, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(core, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| t.naive_local())
        })
}

/// The record's `auditTrail.gewijzigdDatumTijd`, when present and readable.
pub fn changed_at(record: &Value) -> Option<NaiveDateTime> {
    field(record, "auditTrail.gewijzigdDatumTijd")
        .and_then(Value::as_str)
        .and_then(parse_datetime)
}

/// The record's `auditTrail.etag`, when it is a number (or a numeric string).
pub fn etag(record: &Value) -> Option<i64> {
    match field(record, "auditTrail.etag")? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The record's `id` as text (GUID strings; numbers are accepted and written out).
pub fn record_id(record: &Value) -> Option<String> {
    match field(record, "id")? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An excerpt of `body` around byte `at`, at most ~80 characters.
pub(super) fn snippet(body: &str, at: usize) -> String {
    let start = body.floor_char_boundary(at.saturating_sub(40));
    let end = body.ceil_char_boundary((at + 40).min(body.len()));
    body[start..end].to_string()
}

pub(super) fn body_error(body: &[u8], e: &serde_json::Error) -> BodyError {
    let text = String::from_utf8_lossy(body);
    // Byte offset of (line, column) for the excerpt.
    let mut offset = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i + 1 == e.line() {
            offset += e.column().saturating_sub(1).min(line.len());
            break;
        }
        offset += line.len() + 1;
    }
    BodyError {
        path: format!("$ (line {}, column {}: {e})", e.line(), e.column()),
        snippet: snippet(&text, offset.min(text.len())),
    }
}

/// Decodes a list body: a bare JSON array of objects.
pub fn decode_list(body: &[u8]) -> Result<(Vec<Value>, Vec<DecodeIssue>), BodyError> {
    let mut issues = Vec::new();
    let mut repairs = Vec::new();
    let value: Value = match serde_json::from_slice(body) {
        // Nesting the parser takes but the light decoder bounds is cut the same way here.
        Ok(Value::Array(mut items)) => {
            for (i, item) in items.iter_mut().enumerate() {
                let cut = super::raw_sanitize::cut_deep(item);
                repairs.push((cut > 0).then(|| {
                    let repaired = super::raw_sanitize::Repairs {
                        lone_surrogates: 0,
                        cut_values: cut,
                    };
                    repaired.issue(i)
                }));
            }
            Value::Array(items)
        }
        Ok(v) => v,
        // A lone surrogate or nesting past the parser's limit: repaired per record as the
        // light decoder does (`raw_sanitize`), so both decoders give the same records.
        Err(e) => repaired_list(body, &mut repairs).ok_or_else(|| body_error(body, &e))?,
    };
    let items = match value {
        Value::Array(items) => items,
        other => {
            let kind = match other {
                Value::Object(_) => "an object",
                Value::Null => "null",
                _ => "a single value",
            };
            let text = String::from_utf8_lossy(body);
            return Err(BodyError {
                path: format!("$ (expected a JSON array, got {kind})"),
                snippet: snippet(&text, 0),
            });
        }
    };
    let mut records = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        if let Some(Some(repaired)) = repairs.get_mut(i).map(Option::take) {
            issues.push(repaired);
        }
        if !item.is_object() {
            issues.push(DecodeIssue {
                path: format!("[{i}]"),
                message: "not an object; left out".to_string(),
            });
            continue;
        }
        check_record(i, &item, &mut issues);
        records.push(item);
    }
    Ok((records, issues))
}

/// The body as an array with each record repaired by [`super::raw_sanitize::sanitize`]; `None`
/// when it is not an array of JSON values at all.
fn repaired_list(body: &[u8], repairs: &mut Vec<Option<DecodeIssue>>) -> Option<Value> {
    let items: Vec<&serde_json::value::RawValue> = serde_json::from_slice(body).ok()?;
    let mut values = Vec::with_capacity(items.len());
    for (i, raw) in items.into_iter().enumerate() {
        let value = match super::raw_sanitize::sanitize(raw.get()) {
            Some((text, repaired)) => {
                repairs.push(Some(repaired.issue(i)));
                serde_json::from_str(&text).ok()?
            }
            None => {
                repairs.push(None);
                serde_json::from_str(raw.get()).ok()?
            }
        };
        values.push(value);
    }
    Some(Value::Array(values))
}

fn check_record(i: usize, item: &Value, issues: &mut Vec<DecodeIssue>) {
    if record_id(item).is_none() {
        issues.push(DecodeIssue {
            path: format!("[{i}].id"),
            message: "missing or not a text id".to_string(),
        });
    }
    if let Some(v) = field(item, "auditTrail.gewijzigdDatumTijd")
        && !v.is_null()
        && v.as_str().and_then(parse_datetime).is_none()
    {
        issues.push(DecodeIssue {
            path: format!("[{i}].auditTrail.gewijzigdDatumTijd"),
            message: format!("expected a date-time, got {}", short(v)),
        });
    }
    if let Some(v) = field(item, "auditTrail.etag")
        && !v.is_null()
        && etag(item).is_none()
    {
        issues.push(DecodeIssue {
            path: format!("[{i}].auditTrail.etag"),
            message: format!("expected a number, got {}", short(v)),
        });
    }
}

fn short(v: &Value) -> String {
    crate::api::error::truncate_chars(&v.to_string(), 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bad_record_is_reported_and_the_rest_kept() {
        let body = json!([
            {"id": "a", "auditTrail": {"gewijzigdDatumTijd": "2025-01-16T15:47:18.433", "etag": 7}, "extra": 1},
            {"id": "b", "auditTrail": {"gewijzigdDatumTijd": 42}},
            5,
            {"id": "c"}
        ])
        .to_string();
        let (records, issues) = decode_list(body.as_bytes()).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0]["extra"], 1);
        assert_eq!(etag(&records[0]), Some(7));
        assert_eq!(issues.len(), 2);
        assert_eq!(issues[0].path, "[1].auditTrail.gewijzigdDatumTijd");
        assert_eq!(issues[1].path, "[2]");
        assert_eq!(
            changed_at(&records[0]).unwrap().to_string(),
            "2025-01-16 15:47:18.433"
        );
    }

    #[test]
    fn truncated_and_garbage_bodies_are_errors() {
        let e = decode_list(b"[{\"id\": \"a\", \"naam\": \"Jan").unwrap_err();
        assert!(e.path.contains("line 1"), "{e:?}");
        assert!(e.snippet.contains("Jan"));
        let e = decode_list("<html>Bad gateway é</html>".as_bytes()).unwrap_err();
        assert!(e.snippet.contains("html"));
        assert!(
            decode_list(b"{\"items\": []}")
                .unwrap_err()
                .path
                .contains("object")
        );
    }

    #[test]
    fn field_is_case_insensitive() {
        let r = json!({"auditTrail": {"gewijzigdDatumTijd": "2025-06-06T09:30:00"}});
        assert!(field(&r, "audittrail.gewijzigddatumtijd").is_some());
        assert!(field(&r, "auditTrail.nope").is_none());
        assert_eq!(
            parse_datetime("2025-06-06T09:30:00").unwrap().to_string(),
            "2025-06-06 09:30:00"
        );
    }
}
