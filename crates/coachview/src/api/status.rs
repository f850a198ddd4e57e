//! HTTP status + body → `ApiErrorKind` (401, 403 with scope hint, 429, 400 ProblemDetails, 5xx).

use super::error::ApiErrorKind;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Turns a non-2xx status into an error kind.
pub(crate) fn status_error(
    status: u16,
    body: &[u8],
    reset_at: Option<DateTime<Utc>>,
    limit: Option<u32>,
) -> ApiErrorKind {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    match status {
        401 => ApiErrorKind::Unauthorized,
        403 => ApiErrorKind::Forbidden {
            scope_hint: scope_hint(json.as_ref(), body),
        },
        429 => ApiErrorKind::RateLimited { reset_at, limit },
        400 | 422 => {
            let title = json
                .as_ref()
                .and_then(|v| v.get("title").or_else(|| v.get("detail")))
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(200).collect());
            let mut field_errors = std::collections::BTreeMap::new();
            if let Some(Value::Object(errs)) = json.as_ref().and_then(|v| v.get("errors")) {
                for (k, v) in errs {
                    let msgs = match v {
                        Value::Array(a) => a
                            .iter()
                            .map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_string))
                            .collect(),
                        Value::String(s) => vec![s.clone()],
                        other => vec![other.to_string()],
                    };
                    field_errors.insert(k.clone(), msgs);
                }
            }
            ApiErrorKind::BadRequest {
                title,
                field_errors,
            }
        }
        500..=599 => ApiErrorKind::Server { status },
        _ => ApiErrorKind::Unexpected { status },
    }
}

/// The missing scope named by a 403 body (`scope` field or `Missing scope: X`).
fn scope_hint(json: Option<&Value>, body: &[u8]) -> Option<String> {
    if let Some(s) = json.and_then(|v| v.get("scope")).and_then(Value::as_str) {
        return Some(s.to_string());
    }
    let text = String::from_utf8_lossy(body);
    let idx = text.find("scope:")?;
    let rest = text[idx + 6..].trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    (!word.is_empty()).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_mapping() {
        let body = br#"{"title":"Forbidden","detail":"Missing scope: Aanvragen.Lezen","scope":"Aanvragen.Lezen"}"#;
        assert_eq!(
            status_error(403, body, None, None),
            ApiErrorKind::Forbidden {
                scope_hint: Some("Aanvragen.Lezen".into())
            }
        );
        assert_eq!(
            status_error(403, b"Missing scope: Personen.Lezen", None, None),
            ApiErrorKind::Forbidden {
                scope_hint: Some("Personen.Lezen".into())
            }
        );
        let pd = br#"{"type":"x","title":"One or more validation errors","status":400,"errors":{"contactpersoon.emailadres":["Ongeldig"]}}"#;
        match status_error(400, pd, None, None) {
            ApiErrorKind::BadRequest {
                title,
                field_errors,
            } => {
                assert_eq!(title, "One or more validation errors");
                assert_eq!(
                    field_errors["contactpersoon.emailadres"],
                    vec!["Ongeldig".to_string()]
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            status_error(500, b"", None, None),
            ApiErrorKind::Server { status: 500 }
        );
        assert_eq!(
            status_error(418, b"", None, None),
            ApiErrorKind::Unexpected { status: 418 }
        );
    }
}
