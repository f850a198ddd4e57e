//! Single-field rules: e-mail, Dutch postcode, phone number, birth date, IBAN, reference.

use chrono::NaiveDate;

/// A plausible e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces.
pub(crate) fn is_valid_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
        && !local.starts_with('.')
        && !local.ends_with('.')
}

/// A Dutch postcode as `1234 AB`: accepts `1234ab`, `1234 ab`, `1234  AB`. `None` if invalid
/// (four digits, the first not 0, then two letters).
pub(crate) fn normalise_dutch_postcode(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = compact.as_bytes();
    if bytes.len() != 6 {
        return None;
    }
    let digits_ok = bytes[..4].iter().all(u8::is_ascii_digit) && bytes[0] != b'0';
    let letters_ok = bytes[4..].iter().all(u8::is_ascii_alphabetic);
    if !(digits_ok && letters_ok) {
        return None;
    }
    Some(format!(
        "{} {}",
        &compact[..4],
        compact[4..].to_ascii_uppercase()
    ))
}

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhoneProblem {
    /// Something other than digits, `+`, spaces, dashes (or a `+` not in front).
    BadCharacters,
    /// A Dutch number must have 10 digits (`06 12345678`) or `+31` plus 9.
    DutchLength,
    /// International numbers have 8 to 15 digits.
    Length,
}

/// Checks a phone number. `dutch`: the person's address is in the Netherlands.
pub(crate) fn check_phone(s: &str, dutch: bool) -> Result<(), PhoneProblem> {
    let s = s.trim();
    let mut digits = String::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' => {}
            '+' if i == 0 => {}
            _ => return Err(PhoneProblem::BadCharacters),
        }
    }
    let international = s.starts_with('+') || digits.starts_with("00");
    let national = if s.starts_with('+') {
        digits.clone()
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else {
        digits.clone()
    };
    if international {
        if let Some(nl) = national.strip_prefix("31") {
            return if nl.len() == 9 {
                Ok(())
            } else {
                Err(PhoneProblem::DutchLength)
            };
        }
        return if (8..=15).contains(&national.len()) {
            Ok(())
        } else {
            Err(PhoneProblem::Length)
        };
    }
    if dutch {
        if digits.len() == 10 && digits.starts_with('0') {
            Ok(())
        } else {
            Err(PhoneProblem::DutchLength)
        }
    } else if (6..=15).contains(&digits.len()) {
        Ok(())
    } else {
        Err(PhoneProblem::Length)
    }
}

/// Parses a date as users and bodies write it: `jjjj-mm-dd` (optionally with a time part as
/// in `1990-05-01T00:00:00`), `dd-mm-jjjj`, `dd.mm.jjjj`, `dd/mm/jjjj`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let date_part = s.split(['T', ' ']).next().unwrap_or(s);
    for format in ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(date_part, format) {
            return Some(d);
        }
    }
    None
}

/// IBAN check: country, check digits, length 15–34, mod-97 = 1. Spaces allowed.
pub(crate) fn is_valid_iban(s: &str) -> bool {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !(15..=34).contains(&compact.len()) || !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let b = compact.as_bytes();
    if !(b[0].is_ascii_alphabetic() && b[1].is_ascii_alphabetic()) {
        return false;
    }
    if compact.starts_with("NL") && compact.len() != 18 {
        return false;
    }
    let rearranged = format!("{}{}", &compact[4..], &compact[..4]);
    let mut remainder: u32 = 0;
    for c in rearranged.chars() {
        let value = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// A reference must be usable in `where=referentieNrKlant=<ref>`: no `;`, `,` or `=`, at most
/// 50 characters, printable.
pub(crate) fn is_valid_reference(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().count() <= 50
        && !s
            .chars()
            .any(|c| matches!(c, ';' | ',' | '=' | '&' | '#') || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in ["a@b.nl", "jan.de.vries@bedrijf.example.com", " x+y@z.io "] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@b", "@b.nl", "a@@b.nl", "a b@c.nl", "a@.nl", "a@b..nl", ".a@b.nl",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn postcodes() {
        assert_eq!(
            normalise_dutch_postcode("1234ab").as_deref(),
            Some("1234 AB")
        );
        assert_eq!(
            normalise_dutch_postcode(" 3511  cv ").as_deref(),
            Some("3511 CV")
        );
        for bad in ["0123 AB", "123 AB", "12345", "1234 A1", "1234 ABC", ""] {
            assert_eq!(normalise_dutch_postcode(bad), None, "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(check_phone("06-12345678", true), Ok(()));
        assert_eq!(check_phone("030 123 45 67", true), Ok(()));
        assert_eq!(check_phone("+31 6 12345678", true), Ok(()));
        assert_eq!(check_phone("0031612345678", false), Ok(()));
        assert_eq!(check_phone("+32 2 123 45 67", true), Ok(()));
        assert_eq!(check_phone("0612345", true), Err(PhoneProblem::DutchLength));
        assert_eq!(
            check_phone("+31 6 1234567", true),
            Err(PhoneProblem::DutchLength)
        );
        assert_eq!(
            check_phone("06 1234 567a", true),
            Err(PhoneProblem::BadCharacters)
        );
        assert_eq!(
            check_phone("06+12345678", true),
            Err(PhoneProblem::BadCharacters)
        );
        assert_eq!(check_phone("12345", false), Err(PhoneProblem::Length));
        assert_eq!(check_phone("0211234567", false), Ok(()));
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(1990, 5, 1);
        for s in [
            "1990-05-01",
            "01-05-1990",
            "01.05.1990",
            "01/05/1990",
            "1990-05-01T00:00:00",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        assert_eq!(parse_date("31-02-1990"), None);
        assert_eq!(parse_date("gisteren"), None);
    }

    #[test]
    fn ibans() {
        assert!(is_valid_iban("NL91 ABNA 0417 1643 00"));
        assert!(is_valid_iban("DE89370400440532013000"));
        assert!(!is_valid_iban("NL91 ABNA 0417 1643 01"));
        assert!(!is_valid_iban("NL91ABNA041716430"));
        assert!(!is_valid_iban("hello"));
    }

    #[test]
    fn references() {
        assert!(is_valid_reference("CD-20250101-0a1b2c3d"));
        assert!(is_valid_reference("PO 2025/17"));
        assert!(!is_valid_reference("a;b"));
        assert!(!is_valid_reference("a,b"));
        assert!(!is_valid_reference("  "));
        assert!(!is_valid_reference(&"x".repeat(51)));
    }
}
