//! Records kept small (issue 22: a million Aanvragen in memory): a record's compact JSON text
//! with its known keys, GUIDs, dates and date-times written as a marker byte plus a few binary
//! bytes. JSON text never holds a raw byte below 0x20, so those bytes serve as markers; the
//! decoded text is byte for byte the text that was encoded (unknown keys, other strings and
//! everything else are kept as they are).

use std::collections::HashMap;

/// `"known key":` — followed by one byte, the index in [`KEYS`].
const KEY: u8 = 0x01;
/// `"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"` (lower case) — followed by 16 bytes.
const GUID: u8 = 0x02;
/// `"yyyy-mm-ddThh:mm:ss.mmm"` — followed by its 17 digits as a little-endian u64.
const MILLIS: u8 = 0x03;
/// `"yyyy-mm-ddThh:mm:ss"` — followed by its 14 digits as a little-endian u64.
const SECS: u8 = 0x04;
/// `"yyyy-mm-dd"` — followed by its 8 digits as a little-endian u32.
const DATE: u8 = 0x05;

/// The field names the generated records use (at most 256).
const KEYS: &[&str] = &[
    "id",
    "naam",
    "auditTrail",
    "opmerking",
    "aantal",
    "opleidingId",
    "nummer",
    "inactief",
    "code",
    "referentieNrKlant",
    "opleidingssoortId",
    "contactpersoonId",
    "aanvraagIsOrder",
    "aanvraagId",
    "aantalDeelnemers",
    "website",
    "verwerkt",
    "tel1",
    "startDatum",
    "plaats",
    "opleidingen",
    "omschrijving",
    "gewijzigdDatumTijd",
    "factuurAdres",
    "etag",
    "contactpersoonIsDeelnemer",
    "bezoekadres",
    "bedrijfId",
    "achternaam",
    "aantalOnderdelen",
    "aangemaaktDatumTijd",
    "aangemaaktDoor",
    "gewijzigdDoor",
    "webaanvraagId",
    "vooropleiding",
    "voornaam",
    "voorletters",
    "volgnummer",
    "virtualClassroomURL",
    "vanafPrijs",
    "tussenvoegsels",
    "totaalStudiebelasting",
    "totaalBedragExclBtwGepubliceerdeVerkoopregels",
    "totaalAantalUur",
    "titel",
    "tijdVan",
    "tijdTot",
    "telefoonnummer",
    "studiebelasting",
    "startLocatieId",
    "startDag",
    "redenOpleidingGeannuleerdOmschrijving",
    "redenOpleidingGeannuleerdId",
    "publicatieWebsite",
    "publicatiePlanning",
    "publicatie",
    "prijsExclBtw",
    "postcode",
    "planningstype",
    "planningsfrequentieTijdseenheid",
    "planningsfrequentieAantal",
    "planningWeekdagen",
    "planningDagenNaVorigOnderdeel",
    "planningConflictafhandeling",
    "persoonId",
    "opleidingssoortStatusId",
    "opleidingStatusId",
    "omschrijvingInhoud",
    "minCursisten",
    "maxCursisten",
    "lokaal",
    "locatieId",
    "lesvormId",
    "landCode",
    "inCompany",
    "geslacht",
    "geboorteplaats",
    "geboortedatum",
    "examen",
    "emailadres",
    "email1",
    "elearningOmgevingId",
    "elearningCode",
    "eindDatum",
    "eindDag",
    "doelgroep",
    "doel",
    "deadlineUitschrijven",
    "deadlineInschrijven",
    "datumTijdVan",
    "datumTijdTot",
    "datum",
    "contactpersoon2Id",
    "btwPercentage",
    "begindatumOorspronkelijkeOpleiding",
    "bedrijf",
    "bedragExclBtw",
    "adres4",
    "adres3",
    "adres2",
    "adres1",
    "adres",
    "achterTitel",
    "aanwezig",
    "aanvraagStatusId",
    "aantalVrij",
    "aantalPlaatsenVrij",
    "aantalPlaatsenMin",
    "aantalPlaatsenMax",
    "aantalPlaatsenBezet",
    "aantalPersonenOpIngediendeWebaanvragen",
];

fn key_index(key: &[u8]) -> Option<u8> {
    static INDEX: std::sync::OnceLock<HashMap<&'static [u8], u8>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        KEYS.iter()
            .enumerate()
            .filter_map(|(i, k)| Some((k.as_bytes(), u8::try_from(i).ok()?)))
            .collect()
    });
    index.get(key).copied()
}

/// The digits of `s` when it matches `pattern` (`9` = a digit, anything else literally).
fn digits(s: &[u8], pattern: &[u8]) -> Option<u64> {
    if s.len() != pattern.len() {
        return None;
    }
    let mut n = 0u64;
    for (c, p) in s.iter().zip(pattern) {
        if *p == b'9' {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u64::from(c - b'0');
        } else if c != p {
            return None;
        }
    }
    Some(n)
}

fn write_digits(out: &mut Vec<u8>, mut n: u64, pattern: &[u8]) {
    let start = out.len();
    out.extend_from_slice(pattern);
    for slot in out[start..].iter_mut().rev() {
        if *slot == b'9' {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
}

const MILLIS_PATTERN: &[u8] = b"9999-99-99T99:99:99.999";
const SECS_PATTERN: &[u8] = b"9999-99-99T99:99:99";
const DATE_PATTERN: &[u8] = b"9999-99-99";

pub(super) fn guid(s: &[u8]) -> Option<[u8; 16]> {
    if s.len() != 36 {
        return None;
    }
    let mut out = [0u8; 16];
    let mut nibbles = 0;
    for (i, c) in s.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            if *c != b'-' {
                return None;
            }
            continue;
        }
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => return None,
        };
        out[nibbles / 2] |= if nibbles % 2 == 0 { v << 4 } else { v };
        nibbles += 1;
    }
    Some(out)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

pub(super) fn write_guid(out: &mut Vec<u8>, g: &[u8]) {
    for (i, b) in g.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push(b'-');
        }
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 15)]);
    }
}

/// The end (index of the closing quote) of the JSON string opening at `start`.
fn string_end(s: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < s.len() {
        match s[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The compact form of a JSON text (as `serde_json` writes it).
pub(super) fn encode(json: &str) -> Box<[u8]> {
    let s = json.as_bytes();
    let mut out = Vec::with_capacity(s.len() / 2);
    let mut i = 0;
    while i < s.len() {
        if s[i] != b'"' {
            out.push(s[i]);
            i += 1;
            continue;
        }
        let Some(end) = string_end(s, i) else {
            out.extend_from_slice(&s[i..]);
            break;
        };
        let inner = &s[i + 1..end];
        if s.get(end + 1) == Some(&b':')
            && let Some(k) = key_index(inner)
        {
            out.extend_from_slice(&[KEY, k]);
            i = end + 2;
            continue;
        }
        if let Some(g) = guid(inner) {
            out.push(GUID);
            out.extend_from_slice(&g);
        } else if let Some(n) = digits(inner, MILLIS_PATTERN) {
            out.push(MILLIS);
            out.extend_from_slice(&n.to_le_bytes());
        } else if let Some(n) = digits(inner, SECS_PATTERN) {
            out.push(SECS);
            out.extend_from_slice(&n.to_le_bytes());
        } else if let Some(n) = digits(inner, DATE_PATTERN) {
            out.push(DATE);
            out.extend_from_slice(&(n as u32).to_le_bytes());
        } else {
            out.extend_from_slice(&s[i..=end]);
        }
        i = end + 1;
    }
    out.into_boxed_slice()
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(word)
}

/// The JSON text of a compact form made by [`encode`].
pub(super) fn decode(b: &[u8]) -> String {
    let mut out = Vec::with_capacity(b.len() * 2 + 16);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            KEY => {
                out.push(b'"');
                out.extend_from_slice(KEYS[usize::from(b[i + 1])].as_bytes());
                out.extend_from_slice(b"\":");
                i += 2;
            }
            GUID => {
                out.push(b'"');
                write_guid(&mut out, &b[i + 1..i + 17]);
                out.push(b'"');
                i += 17;
            }
            MILLIS | SECS => {
                let pattern = if b[i] == MILLIS {
                    MILLIS_PATTERN
                } else {
                    SECS_PATTERN
                };
                out.push(b'"');
                write_digits(&mut out, u64_at(b, i + 1), pattern);
                out.push(b'"');
                i += 9;
            }
            DATE => {
                let mut word = [0u8; 4];
                word.copy_from_slice(&b[i + 1..i + 5]);
                out.push(b'"');
                write_digits(&mut out, u64::from(u32::from_le_bytes(word)), DATE_PATTERN);
                out.push(b'"');
                i += 5;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    // Only whole UTF-8 sequences were copied and only ASCII was added.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_exactly_and_shrinks() {
        let text = r#"{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","naam":"Café \"De Hoek\"","onbekend":"x","Id":"0F8FAD5B-D9CB-469F-A165-70867728950E","auditTrail":{"gewijzigdDatumTijd":"2025-06-18T09:30:00.123","etag":7},"datumTijdVan":"2025-06-06T09:30:00","datum":"2025-06-06","lijst":["2025-13-99","0f8fad5b","id",null,1.5],"leeg":"","\u0001":"a\\"}"#;
        let packed = encode(text);
        assert_eq!(decode(&packed), text);
        assert!(
            packed.len() < text.len() * 3 / 4,
            "{} of {}",
            packed.len(),
            text.len()
        );
        for odd in [
            "",
            "[]",
            "\"",
            "{\"id\":\"abc",
            "{\"naam\":\"a\\\"",
            "\"id\":",
        ] {
            assert_eq!(decode(&encode(odd)), odd);
        }
    }

    #[test]
    fn keys_fit_one_byte_and_are_unique() {
        assert!(KEYS.len() <= 256);
        let mut seen = std::collections::HashSet::new();
        assert!(KEYS.iter().all(|k| seen.insert(*k)));
    }
}
