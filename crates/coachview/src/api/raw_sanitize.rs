//! Keeping what the sync stores readable by the full parser: a record's JSON text that
//! `RawValue` accepts but `serde_json::Value` would refuse is repaired on the text, so the light
//! page decoder, the store, the table and the exports agree on every record.
//!
//! Two things pass `RawValue` and fail `Value`: a lone UTF-16 surrogate escape (`"\ud83d"`),
//! written as `\ufffd` (U+FFFD, the replacement character), and nesting deeper than `Value`'s
//! recursion limit (128), where every array or object deeper than [`MAX_DEPTH`] is replaced by
//! `null`. A record without either is returned untouched (one scan, no allocation).

/// The deepest array/object nesting kept inside one record (the record itself is level 1);
/// `serde_json` refuses more than 128, and the exports wrap a record once more.
pub(crate) const MAX_DEPTH: usize = 100;

/// What [`sanitize`] changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Repairs {
    /// Lone surrogate escapes written as `\ufffd`.
    pub lone_surrogates: usize,
    /// Arrays or objects deeper than [`MAX_DEPTH`] replaced by `null`.
    pub cut_values: usize,
}

impl Repairs {
    /// The decode issue that reports these repairs of record `i` (logged too).
    pub(crate) fn issue(&self, i: usize) -> super::issue::DecodeIssue {
        let message = format!(
            "repaired: {} lone surrogate(s) written as U+FFFD, {} value(s) nested deeper than {MAX_DEPTH} levels replaced by null",
            self.lone_surrogates, self.cut_values
        );
        tracing::warn!("record [{i}] {message}");
        super::issue::DecodeIssue {
            path: format!("[{i}]"),
            message,
        }
    }
}

fn hex4(b: &[u8]) -> Option<u16> {
    let s = std::str::from_utf8(b.get(..4)?).ok()?;
    u16::from_str_radix(s, 16).ok()
}

/// The surrogate escape at `b[i..]` (`\uD83D`), when there is one.
fn surrogate_at(b: &[u8], i: usize) -> Option<u16> {
    if b.get(i) != Some(&b'\\') || b.get(i + 1) != Some(&b'u') {
        return None;
    }
    hex4(&b[i + 2..]).filter(|u| (0xD800..=0xDFFF).contains(u))
}

/// Whether the escape at `b[i..]` (a `\u` surrogate) is lone: a high one not followed by a low
/// one, or a low one (a low one after a high one is consumed with it).
fn lone(b: &[u8], i: usize, unit: u16) -> bool {
    if (0xD800..=0xDBFF).contains(&unit) {
        !surrogate_at(b, i + 6).is_some_and(|next| (0xDC00..=0xDFFF).contains(&next))
    } else {
        true
    }
}

/// Scans `text` (valid JSON syntax, as `RawValue` checked it) and returns the repaired text and
/// what was repaired, or `None` when nothing needs repairing.
pub(crate) fn sanitize(text: &str) -> Option<(String, Repairs)> {
    if !needs_repair(text.as_bytes()) {
        return None;
    }
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut repairs = Repairs::default();
    let (mut i, mut depth, mut in_string) = (0, 0usize, false);
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => {
                    if let Some(unit) = surrogate_at(b, i) {
                        if lone(b, i, unit) {
                            out.extend_from_slice(b"\\ufffd");
                            repairs.lone_surrogates += 1;
                            i += 6;
                        } else {
                            out.extend_from_slice(&b[i..i + 12]);
                            i += 12;
                        }
                        continue;
                    }
                    out.extend_from_slice(&b[i..(i + 2).min(b.len())]);
                    i += 2;
                    continue;
                }
                b'"' => in_string = false,
                _ => {}
            }
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'{' | b'[' if depth == MAX_DEPTH => {
                out.extend_from_slice(b"null");
                repairs.cut_values += 1;
                i = skip_value(b, i);
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    // Only ASCII was replaced or removed, on character boundaries: still UTF-8.
    let text = String::from_utf8(out).ok()?;
    Some((text, repairs))
}

/// The index just after the array or object that starts at `b[start]`.
fn skip_value(b: &[u8], start: usize) -> usize {
    let (mut i, mut depth, mut in_string) = (start, 0usize, false);
    while i < b.len() {
        match (in_string, b[i]) {
            (true, b'\\') => i += 1,
            (true, b'"') | (false, b'"') => in_string = !in_string,
            (false, b'{' | b'[') => depth += 1,
            (false, b'}' | b']') => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// True when the text has a lone surrogate escape or nests deeper than [`MAX_DEPTH`].
fn needs_repair(b: &[u8]) -> bool {
    let (mut i, mut depth, mut in_string) = (0, 0usize, false);
    while i < b.len() {
        match (in_string, b[i]) {
            (true, b'\\') => {
                if let Some(unit) = surrogate_at(b, i) {
                    if lone(b, i, unit) {
                        return true;
                    }
                    i += 12;
                    continue;
                }
                i += 2;
                continue;
            }
            (true, b'"') | (false, b'"') => in_string = !in_string,
            (false, b'{' | b'[') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            (false, b'}' | b']') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    false
}

/// Replaces every array or object of `v` deeper than [`MAX_DEPTH`] (`v` is level 1) by `null`,
/// as [`sanitize`] does on the text; returns how many were replaced.
pub(crate) fn cut_deep(v: &mut serde_json::Value) -> usize {
    fn walk(v: &mut serde_json::Value, depth: usize) -> usize {
        use serde_json::Value;
        let children: Vec<&mut Value> = match v {
            Value::Array(items) => items.iter_mut().collect(),
            Value::Object(map) => map.values_mut().collect(),
            _ => return 0,
        };
        let mut cut = 0;
        for child in children {
            if child.is_array() || child.is_object() {
                if depth == MAX_DEPTH {
                    *child = Value::Null;
                    cut += 1;
                } else {
                    cut += walk(child, depth + 1);
                }
            }
        }
        cut
    }
    walk(v, 1)
}

/// A record's JSON text as a `Value`, repaired first when the full parser refuses it as sent
/// (texts stored before the sync repaired them). `None` only for text that is not JSON.
pub fn parse_record(text: &str) -> Option<serde_json::Value> {
    match serde_json::from_str(text) {
        Ok(v) => Some(v),
        Err(_) => serde_json::from_str(&sanitize(text)?.0).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn lone_surrogates_become_the_replacement_character() {
        let text =
            r#"{"id":"a","naam":"x\ud83dy","ok":"\ud83d\ude00","low":"\ude00","esc":"\\ud83d"}"#;
        assert!(serde_json::from_str::<Value>(text).is_err());
        let (fixed, repairs) = sanitize(text).unwrap();
        assert_eq!(repairs.lone_surrogates, 2);
        let v: Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["naam"], "x\u{fffd}y");
        assert_eq!(v["ok"], "😀");
        assert_eq!(v["low"], "\u{fffd}");
        assert_eq!(v["esc"], "\\ud83d", "an escaped backslash is no escape");
        assert_eq!(sanitize(r#"{"a":"\ud83d\ude00 \\u0041"}"#), None);
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!(
            r#"{{"id":"a","x":{}1{}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        let (fixed, repairs) = sanitize(&deep).unwrap();
        assert_eq!(repairs.cut_values, 1);
        let v: Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["id"], "a");
        let mut depth = 1;
        let mut cur = &v["x"];
        while let Some(inner) = cur.get(0) {
            depth += 1;
            cur = inner;
        }
        assert_eq!(depth, MAX_DEPTH);
        assert!(cur.is_null());
        assert_eq!(parse_record(&deep), Some(v));
    }
}
