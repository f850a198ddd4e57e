//! A small Rust tokenizer for the i18n scans: every string literal of a source file (outside
//! comments and `#[cfg(test)]` items) with its line and the call it is an argument of.
#![allow(dead_code)]

/// One string literal: line (1-based), text (escapes kept, line continuations joined) and the
/// innermost call around it (`format!`, `tracing::warn!`, `.label`, `error` for `#[error(..)]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    pub line: usize,
    pub text: String,
    pub call: String,
}

/// Blanks `#[cfg(test)]` items (a `mod x;` line or a braced block), keeping line numbers.
pub fn without_tests(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "#[cfg(test)]" {
            out.push(lines[i]);
            i += 1;
            continue;
        }
        out.push("");
        i += 1;
        if i < lines.len() && lines[i].trim_end().ends_with(';') {
            out.push("");
            i += 1;
            continue;
        }
        let (mut depth, mut started) = (0i64, false);
        while i < lines.len() {
            let opens = lines[i].matches('{').count() as i64;
            depth += opens - lines[i].matches('}').count() as i64;
            started |= opens > 0;
            out.push("");
            i += 1;
            if started && depth <= 0 {
                break;
            }
        }
    }
    out.join("\n")
}

fn call_before(chars: &[char], open: usize) -> String {
    let mut end = open;
    while end > 0 && chars[end - 1] == ' ' {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && (chars[start - 1].is_alphanumeric() || "_!:.".contains(chars[start - 1])) {
        start -= 1;
    }
    chars[start..end].iter().collect()
}

/// Every string literal of `source`.
pub fn literals(source: &str) -> Vec<Literal> {
    let chars: Vec<char> = source.chars().collect();
    let n = chars.len();
    let (mut i, mut line) = (0, 1);
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < n {
        let c = chars[i];
        let ident_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if at(i + 1) == '/' => {
                while i < n && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                i += 2;
                while i < n && !(chars[i] == '*' && at(i + 1) == '/') {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                i += 2;
            }
            'r' | 'b'
                if !ident_before
                    && (at(i + 1) == '"' || at(i + 1) == '#' || (c == 'b' && at(i + 1) == 'r')) =>
            {
                let mut j = i + 1;
                if c == 'b' && at(j) == 'r' {
                    j += 1;
                }
                let raw = c == 'r' || at(i + 1) == 'r';
                let mut hashes = 0;
                while at(j) == '#' {
                    hashes += 1;
                    j += 1;
                }
                if at(j) != '"' || (!raw && hashes > 0) {
                    i += 1;
                    continue;
                }
                if !raw {
                    // b"..": an ordinary (byte) string.
                    i += 1;
                    continue;
                }
                let start = j + 1;
                let mut k = start;
                while k < n && !(chars[k] == '"' && (0..hashes).all(|h| at(k + 1 + h) == '#')) {
                    k += 1;
                }
                let text: String = chars[start..k.min(n)].iter().collect();
                let call = stack.last().cloned().unwrap_or_default();
                out.push(Literal {
                    line,
                    text: text.clone(),
                    call,
                });
                line += text.matches('\n').count();
                i = k + 1 + hashes;
            }
            '"' => {
                let start_line = line;
                let mut j = i + 1;
                let mut text = String::new();
                while j < n && chars[j] != '"' {
                    if chars[j] == '\\' && at(j + 1) == '\n' {
                        j += 1;
                        while j < n && chars[j].is_whitespace() {
                            line += usize::from(chars[j] == '\n');
                            j += 1;
                        }
                        continue;
                    }
                    if chars[j] == '\\' {
                        text.push(chars[j]);
                        text.push(at(j + 1));
                        j += 2;
                        continue;
                    }
                    line += usize::from(chars[j] == '\n');
                    text.push(chars[j]);
                    j += 1;
                }
                let call = stack.last().cloned().unwrap_or_default();
                out.push(Literal {
                    line: start_line,
                    text,
                    call,
                });
                i = j + 1;
            }
            '\'' => {
                if at(i + 1) == '\\' {
                    let mut j = i + 2;
                    while j < n && chars[j] != '\'' {
                        j += 1;
                    }
                    i = j + 1;
                } else if at(i + 2) == '\'' {
                    i += 3;
                } else {
                    i += 1; // a lifetime
                }
            }
            '(' => {
                stack.push(call_before(&chars, i));
                i += 1;
            }
            '[' | '{' => {
                stack.push(c.to_string());
                i += 1;
            }
            ')' | ']' | '}' => {
                stack.pop();
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// True when `text` reads as words for a person: three or more words of letters (placeholders
/// and escapes left out).
pub fn is_sentence(text: &str) -> bool {
    let mut plain = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                }
                plain.push(' ');
            }
            '\\' => {
                chars.next();
                plain.push(' ');
            }
            c => plain.push(c),
        }
    }
    plain
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count()
        >= 3
}
