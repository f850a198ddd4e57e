//! A packed record's JSON text, written by the writer of its kind (`records_text.rs`,
//! `records_packed.rs`, `records_opleiding.rs`): the one place that knows every kind, above the
//! packing primitives of `packed.rs`.

use super::packed::{Unpacker, kind};

/// The JSON text of a packed record.
pub(super) fn render(data: &[u8]) -> String {
    let mut r = Unpacker::of(data);
    let mut out = Vec::with_capacity(640);
    match Unpacker::kind_of(data) {
        kind::AANVRAAG => super::records_text::write_aanvraag(&mut r, &mut out),
        kind::ORDERVERKOOPREGEL => super::records_text::write_orderverkoopregel(&mut r, &mut out),
        kind::PERSOON => super::records_packed::write_persoon(&mut r, &mut out),
        kind::BEDRIJF => super::records_packed::write_bedrijf(&mut r, &mut out),
        kind::OPLEIDING => super::records_opleiding::write_opleiding(&mut r, &mut out),
        kind::ONDERDEEL => super::records_opleiding::write_onderdeel(&mut r, &mut out),
        kind::WEBAANVRAAG => super::records_packed::write_webaanvraag(&mut r, &mut out),
        _ => out.extend_from_slice(b"null"),
    }
    // Only whole UTF-8 texts and ASCII were written.
    String::from_utf8(out).unwrap_or_default()
}
