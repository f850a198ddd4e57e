//! Server text made safe to show or log: capped, control characters removed, and anything that
//! looks like a token or a secret replaced by `<redacted>`.

/// What replaces a hidden value.
pub const REDACTED: &str = "<redacted>";

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
pub fn scrub(s: &str, max: usize) -> String {
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

/// `s` with every exact occurrence of a known secret (the client secret, the current token)
/// replaced. Empty or very short values are ignored.
pub fn hide_known(s: &str, known: &[&str]) -> String {
    let mut out = s.to_string();
    for k in known.iter().filter(|k| k.len() >= 4) {
        if out.contains(k) {
            out = out.replace(k, REDACTED);
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
