//! Light decoding of list pages for the sync: each record is kept as the JSON text the server
//! sent, and only what the sync needs (id, change time, etag) is read out of it. No
//! `serde_json::Value` is built, and the store writes the text as it came.
//!
//! Reads the same fields as [`super::decode`] (`id`, `auditTrail.gewijzigdDatumTijd`,
//! `auditTrail.etag`; keys matched case-insensitively, an exact match first) and reports the same
//! problems, so a page decodes to the same records either way.

use super::decode::{BodyError, DecodeIssue, body_error, parse_datetime, snippet};
use chrono::NaiveDateTime;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// One record of a page: its JSON text and the fields the sync reads.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    /// `id` as text (GUID strings; numbers written out).
    pub id: Option<String>,
    /// `auditTrail.gewijzigdDatumTijd`, when readable.
    pub changed_at: Option<NaiveDateTime>,
    /// `auditTrail.etag`, when a number (or a numeric string).
    pub etag: Option<i64>,
    /// The record's JSON text (compact).
    pub json: Box<str>,
}

impl RawRecord {
    /// The record as a `Value` (parsed again; `None` if the text were not JSON).
    pub fn value(&self) -> Option<Value> {
        serde_json::from_str(&self.json).ok()
    }
}

/// Which key a field was found under: exact beats case-insensitive, the first of each wins.
#[derive(Default)]
struct Slot {
    value: Option<Value>,
    exact: bool,
}

impl Slot {
    /// True when a value under `key` should replace what this slot holds.
    fn wants(&self, key: &str, name: &str) -> bool {
        if key == name {
            !self.exact
        } else {
            self.value.is_none() && key.eq_ignore_ascii_case(name)
        }
    }

    fn put(&mut self, key: &str, name: &str, value: Value) {
        self.exact |= key == name;
        self.value = Some(value);
    }
}

/// The fields read from one record object.
#[derive(Default)]
struct Fields {
    id: Slot,
    changed: Slot,
    etag: Slot,
    audit_exact: bool,
    audit_seen: bool,
}

/// `Some(fields)` for an object, `None` for anything else.
struct Light(Option<Fields>);

const AUDIT: &str = "auditTrail";
const CHANGED: &str = "gewijzigdDatumTijd";
const ETAG: &str = "etag";

struct AuditVisitor<'f>(&'f mut Fields, bool);

impl<'de> serde::de::DeserializeSeed<'de> for AuditVisitor<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AuditVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an audit trail")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let AuditVisitor(fields, use_it) = self;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if use_it && fields.changed.wants(&key, CHANGED) {
                let v = map.next_value::<Value>()?;
                fields.changed.put(&key, CHANGED, v);
            } else if use_it && fields.etag.wants(&key, ETAG) {
                let v = map.next_value::<Value>()?;
                fields.etag.put(&key, ETAG, v);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
    // Anything but an object: no audit fields.
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

impl<'de> serde::Deserialize<'de> for Light {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Light, D::Error> {
        d.deserialize_any(LightVisitor)
    }
}

struct LightVisitor;

impl<'de> Visitor<'de> for LightVisitor {
    type Value = Light;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a record")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Light, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if fields.id.wants(&key, "id") {
                let v = map.next_value::<Value>()?;
                fields.id.put(&key, "id", v);
            } else if key.eq_ignore_ascii_case(AUDIT) {
                // The first exact `auditTrail`, else the first case-insensitive one.
                let exact = key == AUDIT;
                let use_it = (exact && !fields.audit_exact) || !fields.audit_seen;
                if use_it && exact && !fields.audit_exact && fields.audit_seen {
                    fields.changed = Slot::default();
                    fields.etag = Slot::default();
                }
                fields.audit_seen = true;
                fields.audit_exact |= exact;
                map.next_value_seed(AuditVisitor(&mut fields, use_it))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Light(Some(fields)))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Light, E> {
        Ok(Light(None))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Light, E> {
        Ok(Light(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Light, E> {
        Ok(Light(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Light, E> {
        Ok(Light(None))
    }
    fn visit_str<E>(self, _: &str) -> Result<Light, E> {
        Ok(Light(None))
    }
    fn visit_unit<E>(self) -> Result<Light, E> {
        Ok(Light(None))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Light, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Light(None))
    }
}

fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn etag_number(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn short(v: &Value) -> String {
    crate::api::error::truncate_chars(&v.to_string(), 60)
}

/// The record's text to keep: as sent, unless the server sends indented JSON (then compacted,
/// so the store and the table hold no layout).
fn compact(text: &str) -> Result<Box<str>, serde_json::Error> {
    if text.contains('\n') {
        let v: Value = serde_json::from_str(text)?;
        Ok(serde_json::to_string(&v)?.into_boxed_str())
    } else {
        Ok(Box::from(text))
    }
}

/// Decodes a list body (a bare JSON array of objects) into raw records. Entries that are not
/// objects are left out and reported; records with unreadable fields are kept and reported.
pub fn decode_raw_list(body: &[u8]) -> Result<(Vec<RawRecord>, Vec<DecodeIssue>), BodyError> {
    let items: Vec<&RawValue> = match serde_json::from_slice(body) {
        Ok(items) => items,
        Err(e) => {
            // Not an array (or not JSON): the full decoder names what it is.
            return match super::decode::decode_list(body) {
                Err(be) => Err(be),
                Ok(_) => Err(body_error(body, &e)),
            };
        }
    };
    let mut records = Vec::with_capacity(items.len());
    let mut issues = Vec::new();
    for (i, raw) in items.into_iter().enumerate() {
        // What `RawValue` accepts but the full parser would refuse (a lone surrogate, nesting
        // past its limit) is repaired here, so every stored record parses and exports whole.
        let repaired = super::raw_sanitize::sanitize(raw.get());
        if let Some((_, repairs)) = &repaired {
            issues.push(repairs.issue(i));
        }
        let text = repaired.as_ref().map_or(raw.get(), |(t, _)| t.as_str());
        let light: Light = serde_json::from_str(text).map_err(|e| body_error(body, &e))?;
        let Some(fields) = light.0 else {
            issues.push(DecodeIssue {
                path: format!("[{i}]"),
                message: "not an object; left out".to_string(),
            });
            continue;
        };
        let id = fields.id.value.as_ref().and_then(id_text);
        if id.is_none() {
            issues.push(DecodeIssue {
                path: format!("[{i}].id"),
                message: "missing or not a text id".to_string(),
            });
        }
        let changed = fields.changed.value.filter(|v| !v.is_null());
        let changed_at = changed
            .as_ref()
            .and_then(Value::as_str)
            .and_then(parse_datetime);
        if let Some(v) = changed.as_ref().filter(|_| changed_at.is_none()) {
            issues.push(DecodeIssue {
                path: format!("[{i}].auditTrail.gewijzigdDatumTijd"),
                message: format!("expected a date-time, got {}", short(v)),
            });
        }
        let etag_value = fields.etag.value.filter(|v| !v.is_null());
        let etag = etag_value.as_ref().and_then(etag_number);
        if let Some(v) = etag_value.as_ref().filter(|_| etag.is_none()) {
            issues.push(DecodeIssue {
                path: format!("[{i}].auditTrail.etag"),
                message: format!("expected a number, got {}", short(v)),
            });
        }
        let json = compact(text).map_err(|e| BodyError {
            path: format!("[{i}] ({e})"),
            snippet: snippet(text, 0),
        })?;
        records.push(RawRecord {
            id,
            changed_at,
            etag,
            json,
        });
    }
    Ok((records, issues))
}

#[cfg(test)]
mod tests;
