//! Server text made safe to show or log: capped, control characters removed, and anything that
//! looks like a token or a secret replaced by `<redacted>`.

/// What replaces a hidden value.
pub(crate) const REDACTED: &str = "<redacted>";

/// Words after which a value is always hidden (`"access_token":"…"`, `client_secret=…`, `Bearer …`).
const KEYWORDS: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "secret",
    "password",
    "token",
    "bearer",
    "authorization",
    "apikey",
    "api_key",
];

/// A run of token-like characters at least this long is hidden (GUIDs, 36, stay readable).
const LONG_RUN: usize = 40;

fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.~+/=".contains(c)
}

fn value_char(c: char) -> bool {
    !c.is_whitespace() && !"\"',;&}]<>)".contains(c)
}

/// `s` with control characters turned into spaces, secrets hidden, and at most `max`
/// characters (a cut is marked with `…`).
pub(crate) fn scrub(s: &str, max: usize) -> String {
    let chars: Vec<char> = s
        .chars()
        .take(max.saturating_mul(4).max(64))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let lower: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
    let mut out = String::with_capacity(chars.len().min(max + 16));
    let mut i = 0;
    while i < chars.len() {
        // A keyword: keep it, then hide the value that follows its separator.
        if let Some(k) = KEYWORDS.iter().find(|k| starts_with(&lower[i..], k)) {
            let end_kw = i + k.chars().count();
            out.extend(&chars[i..end_kw]);
            let mut j = end_kw;
            while j < chars.len() && matches!(chars[j], '"' | '\'' | ':' | '=' | ' ') {
                out.push(chars[j]);
                j += 1;
            }
            // Part of a longer word ("secretariaat"): nothing to hide.
            if j == end_kw {
                i = end_kw;
                continue;
            }
            if starts_with(&lower[j..], "bearer ") {
                out.extend(&chars[j..j + 7]);
                j += 7;
            }
            let start = j;
            while j < chars.len() && value_char(chars[j]) {
                j += 1;
            }
            if j > start {
                out.push_str(REDACTED);
            }
            i = j;
            continue;
        }
        // A long run of token characters (JWTs, opaque tokens, keys).
        if token_char(chars[i]) && (i == 0 || !token_char(chars[i - 1])) {
            let mut j = i;
            while j < chars.len() && token_char(chars[j]) {
                j += 1;
            }
            let run = &chars[i..j];
            let looks_secret = run.len() >= LONG_RUN
                && run.iter().any(char::is_ascii_digit)
                && run.iter().any(char::is_ascii_alphabetic);
            if looks_secret || (run.len() >= 20 && starts_with(run, "eyJ")) {
                out.push_str(REDACTED);
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    truncate_chars(&out, max)
}

fn starts_with(hay: &[char], needle: &str) -> bool {
    let mut it = hay.iter();
    needle.chars().all(|n| it.next() == Some(&n))
}

/// `s` with every occurrence of a known secret (the client secret, the current token) replaced:
/// as is, URL-encoded (form or path style, either hex case) and JSON-escaped (see
/// [`known_forms`]). Run it on the whole text, before anything cuts it: a cut through a secret
/// leaves a piece no exact match finds. Empty or very short values are ignored.
pub(crate) fn hide_known(s: &str, known: &[&str]) -> String {
    let mut out = s.to_string();
    for k in known.iter().filter(|k| k.len() >= 4) {
        for form in known_forms(k) {
            if out.contains(&form) {
                out = out.replace(&form, REDACTED);
            }
        }
    }
    out
}

/// The forms a value takes in server text, longest first: JSON-escaped (`\"`, `\\`, `\/`,
/// `\u00e9` in either case), URL-encoded (`+` or `%20` for a space, `%2F` or `%2f`), both
/// (a JSON body echoing a form field), and as is.
pub(crate) fn known_forms(k: &str) -> Vec<String> {
    let form: String = url::form_urlencoded::byte_serialize(k.as_bytes()).collect();
    let path = form.replace('+', "%20");
    let mut forms = vec![k.to_string(), form.clone(), path.clone()];
    for encoded in [form, path] {
        forms.push(lower_hex(&encoded));
    }
    let json = serde_json::to_string(k).unwrap_or_default();
    let json = json[1..json.len().saturating_sub(1).max(1)].to_string();
    let slash = json.replace('/', "\\/");
    let ascii = json_ascii(k, false);
    let ascii_upper = json_ascii(k, true);
    forms.extend([json, slash, ascii, ascii_upper]);
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms.retain(|f| f.len() >= 4);
    forms
}

/// `%2F` → `%2f`.
fn lower_hex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut hex_left = 0;
    for c in s.chars() {
        if hex_left > 0 {
            out.push(c.to_ascii_lowercase());
            hex_left -= 1;
        } else {
            hex_left = if c == '%' { 2 } else { 0 };
            out.push(c);
        }
    }
    out
}

/// JSON escaping with every non-ASCII character as `\uXXXX` (surrogate pairs beyond the BMP).
fn json_ascii(k: &str, upper: bool) -> String {
    let mut out = String::new();
    for c in k.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let hex = if upper {
                        format!("\\u{u:04X}")
                    } else {
                        format!("\\u{u:04x}")
                    };
                    out.push_str(&hex);
                }
            }
        }
    }
    out
}

/// Cuts `s` to at most `max` characters, marking the cut.
pub fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &s[..idx]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_secrets_are_hidden() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc";
        let s = scrub(&format!("invalid token {jwt} given"), 200);
        assert!(!s.contains("eyJ"), "{s}");
        let s = scrub(
            r#"{"error":"x","access_token":"abc123","Client_Secret":"p@ss"}"#,
            200,
        );
        assert!(!s.contains("abc123") && !s.contains("p@ss"), "{s}");
        assert!(s.contains("access_token"));
        let s = scrub("Authorization: Bearer QWxhZGRpbjpvcGVuIHNlc2FtZQ", 200);
        assert!(!s.contains("QWxh"), "{s}");
        let opaque = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2";
        assert!(!scrub(opaque, 200).contains("A1b2"));
    }

    #[test]
    fn ordinary_text_stays_and_is_capped() {
        let guid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        let s = scrub(&format!("Opleiding '{guid}' does not exist.\r\n"), 200);
        assert_eq!(s, format!("Opleiding '{guid}' does not exist.  "));
        let long = "x ".repeat(5_000);
        assert_eq!(scrub(&long, 100).chars().count(), 101);
        assert_eq!(
            hide_known("the s3cr3t-v is", &["s3cr3t-v", ""]),
            "the <redacted> is"
        );
    }
}
