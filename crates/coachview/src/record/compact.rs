//! Record texts kept compact in a table: every `"name":` of a field name the table has seen (up to
//! [`CODES`] of them, learnt as rows arrive) is kept as one control byte. Valid JSON text never
//! holds a raw control byte (they are escaped inside strings, and the only whitespace is tab, line
//! feed and carriage return, which are not codes), so reading a text back is exact. Field names are
//! a third of a Coachview record's text; a row of the 1,000,000-row view is that much smaller.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// The control bytes used as codes (not tab, line feed or carriage return).
const CODES: [u8; 27] = [
    1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
    30,
];

/// The field names a table writes as one byte; it only grows (a code, once given, keeps its
/// name), so a text encoded earlier reads the same later.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    /// `"name":` per code, in the order of [`CODES`].
    patterns: Vec<String>,
    by_name: HashMap<String, u8>,
}

fn codable(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Keys {
    /// Learns the field names of `record` (nested ones too) while codes are left.
    pub fn learn(&mut self, record: &serde_json::Value) {
        if self.patterns.len() >= CODES.len() {
            return;
        }
        match record {
            serde_json::Value::Object(map) => {
                for (name, value) in map {
                    if self.patterns.len() < CODES.len()
                        && codable(name)
                        && !self.by_name.contains_key(name)
                    {
                        self.by_name
                            .insert(name.clone(), CODES[self.patterns.len()]);
                        self.patterns.push(format!("\"{name}\":"));
                    }
                    self.learn(value);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| self.learn(v)),
            _ => {}
        }
    }

    /// `text` (valid JSON) with the known `"name":`s as their codes; one pass.
    pub fn encode(&self, text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let (mut from, mut at) = (0, 0);
        while let Some(q) = text[at..].find('"') {
            let open = at + q;
            let Some(len) = text[open + 1..].find('"') else {
                break;
            };
            let close = open + 1 + len;
            let code = (bytes.get(close + 1) == Some(&b':'))
                .then(|| self.by_name.get(&text[open + 1..close]))
                .flatten();
            match code {
                Some(&code) => {
                    out.push_str(&text[from..open]);
                    out.push(char::from(code));
                    from = close + 2;
                    at = close + 2;
                }
                None => at = open + 1,
            }
        }
        out.push_str(&text[from..]);
        out
    }

    /// The JSON text of an encoded `text`.
    pub fn decode<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if !text.bytes().any(|b| b < 0x20 && CODES.contains(&b)) {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len() * 2);
        let mut from = 0;
        for (at, byte) in text.bytes().enumerate() {
            if byte < 0x20
                && let Some(pattern) = CODES
                    .iter()
                    .position(|&code| code == byte)
                    .and_then(|i| self.patterns.get(i))
            {
                // A control byte is ASCII: `at` is a character boundary.
                out.push_str(&text[from..at]);
                out.push_str(pattern);
                from = at + 1;
            }
        }
        out.push_str(&text[from..]);
        Cow::Owned(out)
    }
}

/// Rows' texts as a table keeps them, with the names to read them: cheap to hand to an export job
/// (reference-counted, nothing decoded until a row is written).
#[derive(Debug, Clone, Default)]
pub struct RowTexts {
    texts: Vec<Arc<str>>,
    keys: Arc<Keys>,
}

impl RowTexts {
    /// Texts encoded with `keys`.
    pub fn new(texts: Vec<Arc<str>>, keys: Arc<Keys>) -> RowTexts {
        RowTexts { texts, keys }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Row `i` as JSON text.
    pub fn get(&self, i: usize) -> Option<Cow<'_, str>> {
        Some(self.keys.decode(self.texts.get(i)?))
    }

    /// Replaces row `i` with the JSON text `text` (kept compact with the same names).
    pub fn replace(&mut self, i: usize, text: &str) {
        if let Some(slot) = self.texts.get_mut(i) {
            *slot = Arc::from(self.keys.encode(text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encoded_texts_read_back_exactly_and_are_smaller() {
        let record = json!({"id": "a", "aanvraagStatusId": "Nieuw", "opmerking": "zegt \"id\": 3",
            "auditTrail": {"gewijzigdDatumTijd": "2026-01-01T00:00:00", "etag": 1},
            "x\"id": 1, "regels": [{"omschrijving": "b"}]});
        let mut keys = Keys::default();
        keys.learn(&record);
        let text = record.to_string();
        let encoded = keys.encode(&text);
        assert!(encoded.len() < text.len() * 2 / 3, "{encoded}");
        assert_eq!(keys.decode(&encoded), text);
        // A later record with a name learnt later reads back too, and so does the first.
        keys.learn(&json!({"nieuw": true}));
        let later = json!({"nieuw": true, "id": "b"}).to_string();
        assert_eq!(keys.decode(&keys.encode(&later)), later);
        assert_eq!(keys.decode(&encoded), text);
        let mut rows = RowTexts::new(vec![Arc::from(encoded)], Arc::new(keys));
        assert_eq!(rows.get(0).as_deref(), Some(text.as_str()));
        rows.replace(0, &later);
        assert_eq!(rows.get(0).as_deref(), Some(later.as_str()));
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn a_text_without_known_names_is_kept_as_it_is() {
        let keys = Keys::default();
        let text = r#"{"a": [1, 2],	"b":"c"}"#;
        assert_eq!(keys.encode(text), text);
        assert!(matches!(keys.decode(text), Cow::Borrowed(_)));
    }
}
