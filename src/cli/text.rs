//! Server text (and any other text) as the command line prints it: data, never terminal control
//! or a forged line. Control characters (C0 with newlines and ESC, DEL, C1) and the invisible
//! direction and format marks (`U+202E`, …) are written as `\u{…}`; a `key=value` field is quoted
//! whenever its value holds anything but plain word characters, so a value can never add a field
//! or a record to the machine-readable lines; `--json` output escapes the same characters.

/// True for a character a terminal or a reader could take for something else than text.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `s` with every hidden character (newlines included) written as `\u{…}` and `\` as `\\`:
/// always one line, no escape sequence reaches the terminal.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// [`escape`] line by line: the line breaks of our own multi-line messages stay, everything
/// else hidden is escaped.
pub fn escape_lines(s: &str) -> String {
    s.split('\n')
        .map(|line| escape(line.strip_suffix('\r').unwrap_or(line)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The value of a `key=value` field: as is when it is plain (letters, digits, `-_.:/+@,`),
/// else in double quotes with `"` and `\` escaped and hidden characters written as `\u{…}`.
pub fn field(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() && !hidden(c) || "-_.:/+@,".contains(c));
    if plain {
        return s.to_string();
    }
    format!("\"{}\"", escape(s).replace('"', "\\\""))
}

/// One JSON value on one line, with the hidden characters JSON allows raw (DEL, C1, direction
/// marks) escaped as well, so a terminal shows it as text.
pub fn json_line(v: &serde_json::Value) -> String {
    let raw = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if hidden(c) {
            // Raw control characters cannot occur outside strings in serde_json's output, and
            // inside a string `\uXXXX` is the same character.
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_and_quotes_cannot_forge_output() {
        let evil = "1\nid=99 status=sent\x1b[2J\u{9b}31m\u{202e}\"x\\";
        let e = escape(evil);
        assert!(!e.chars().any(hidden), "{e}");
        assert_eq!(e.lines().count(), 1);
        let f = field(evil);
        assert!(f.starts_with('"') && f.ends_with('"'));
        assert!(!f[1..f.len() - 1].replace("\\\"", "").contains('"'), "{f}");
        assert_eq!(field("CD-2026-0001"), "CD-2026-0001");
        assert_eq!(field("a b"), "\"a b\"");
        assert_eq!(field(""), "\"\"");
        let j = json_line(&serde_json::json!({"nummer": evil}));
        assert!(!j.chars().any(hidden) && j.lines().count() == 1, "{j}");
        let back: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(back["nummer"], evil);
        assert_eq!(escape_lines("a\x1b\nb"), "a\\u{1b}\nb");
    }
}
