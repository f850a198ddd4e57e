//! The text encodings a participants file (CSV, TXT/TSV) arrives in, as Excel and Notepad on
//! Windows save them: UTF-8 (with or without a byte-order mark), UTF-16 little or big endian
//! (Excel's "Unicode text", with a byte-order mark) and Windows-1252 (Excel's plain "CSV" on a
//! Dutch Windows; not Latin-1: `0x8A` is `Š`, `0x92` is `’`). Decoded with `encoding_rs`.

use serde::{Deserialize, Serialize};

/// How a text file was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark (also plain ASCII).
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little endian (Excel's "Unicode text" on Windows).
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
    /// Windows-1252 (Excel's plain "CSV" on a Western-European Windows).
    Windows1252,
}

impl TextEncoding {
    /// The encoding's usual name (the same in every language).
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Decodes `bytes`: a byte-order mark decides first, then valid UTF-8, then UTF-16 without a
/// mark when every other byte is zero (mostly ASCII text), else Windows-1252. Never fails: a
/// byte that cannot be decoded becomes U+FFFD. The byte-order mark is not part of the text.
pub fn decode(bytes: &[u8]) -> (String, TextEncoding) {
    use encoding_rs::{UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
    let (encoding, which, rest) = if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        (UTF_8, TextEncoding::Utf8Bom, rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        (UTF_16LE, TextEncoding::Utf16Le, rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        (UTF_16BE, TextEncoding::Utf16Be, rest)
    } else if let Some(le) = looks_utf16(bytes) {
        if le {
            (UTF_16LE, TextEncoding::Utf16Le, bytes)
        } else {
            (UTF_16BE, TextEncoding::Utf16Be, bytes)
        }
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, TextEncoding::Utf8, bytes)
    } else {
        (WINDOWS_1252, TextEncoding::Windows1252, bytes)
    };
    let (text, _had_errors) = encoding.decode_without_bom_handling(rest);
    (text.into_owned(), which)
}

/// `Some(true)` for UTF-16 LE, `Some(false)` for BE, when a file without a byte-order mark has
/// a zero in at least 90% of its odd (LE) or even (BE) bytes among the first 4 KB.
fn looks_utf16(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(4096)];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let zeros = |odd: usize| (0..pairs).filter(|i| head[2 * i + odd] == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= pairs * 9 && even * 10 < pairs {
        Some(true)
    } else if even * 10 >= pairs * 9 && odd * 10 < pairs {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if le { [0xff, 0xfe] } else { [0xfe, 0xff] });
        }
        for u in s.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn excel_windows_1252_is_not_latin_1() {
        let (text, enc) = decode(b"\x8eana \x8aimon;\x92t Hart;Jos\xe9;\x80 5");
        assert_eq!(text, "Žana Šimon;’t Hart;José;€ 5");
        assert_eq!(enc, TextEncoding::Windows1252);
    }

    #[test]
    fn boms_decide_and_are_dropped() {
        let s = "Voornaam\tAchternaam\r\nŽana\tŠimon 😀\r\n";
        assert_eq!(
            decode(&utf16(s, true, true)),
            (s.into(), TextEncoding::Utf16Le)
        );
        assert_eq!(
            decode(&utf16(s, false, true)),
            (s.into(), TextEncoding::Utf16Be)
        );
        let bom = [b"\xef\xbb\xbf".as_slice(), s.as_bytes()].concat();
        assert_eq!(decode(&bom), (s.into(), TextEncoding::Utf8Bom));
        assert_eq!(decode(s.as_bytes()), (s.into(), TextEncoding::Utf8));
        assert_eq!(
            decode(&utf16("Anna;Jansen\n", true, false)).1,
            TextEncoding::Utf16Le
        );
        assert_eq!(
            decode(&utf16("Anna;Jansen\n", false, false)).1,
            TextEncoding::Utf16Be
        );
        assert_eq!(decode(b"").1, TextEncoding::Utf8);
    }
}
