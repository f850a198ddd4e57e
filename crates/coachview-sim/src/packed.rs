//! Generated records kept as their draws (issue 22 point 7: a million-record simulator starts
//! in seconds). The generator makes the same draws in the same order as before but, for the
//! big resources, stores only what it drew — indexes into the word lists, numbers, ids as 16
//! bytes, times — packed in a few dozen bytes; the record's JSON text is written from them when
//! it is read (`Row::json`), byte for byte the text the eager generator stored. A record
//! written later (PUT, POST, `touch`) is stored as compact JSON text (`compact.rs`) as before.
//!
//! A packed record starts with [`MARK`] (JSON text never starts with a byte below 0x20), then
//! its kind; the writers of each kind live next to their draws (`records_text.rs`,
//! `records_packed.rs`, `records_opleiding.rs`).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use std::io::Write;

/// The first byte of a packed record.
pub(super) const MARK: u8 = 0x10;

/// The kinds of packed records.
pub(super) mod kind {
    pub(crate) const AANVRAAG: u8 = 1;
    pub(crate) const ORDERVERKOOPREGEL: u8 = 2;
    pub(crate) const PERSOON: u8 = 3;
    pub(crate) const BEDRIJF: u8 = 4;
    pub(crate) const OPLEIDING: u8 = 5;
    pub(crate) const ONDERDEEL: u8 = 6;
    pub(crate) const WEBAANVRAAG: u8 = 7;
}

/// True when the stored bytes are a packed record (not compact JSON text).
pub(super) fn is_packed(data: &[u8]) -> bool {
    data.first() == Some(&MARK)
}

/// Writes a record's draws.
pub(super) struct Packer(Vec<u8>);

impl Packer {
    pub(super) fn new(kind: u8) -> Packer {
        let mut v = Vec::with_capacity(96);
        v.extend_from_slice(&[MARK, kind]);
        Packer(v)
    }

    pub(super) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    pub(super) fn bool(&mut self, v: bool) {
        self.0.push(u8::from(v));
    }

    /// An index into a word list (all shorter than 65,536).
    pub(super) fn idx(&mut self, i: usize) {
        self.0.extend_from_slice(&(i as u16).to_le_bytes());
    }

    pub(super) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    pub(super) fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    pub(super) fn time(&mut self, t: NaiveDateTime) {
        let t = t.and_utc();
        self.i64(t.timestamp());
        self.u32(t.timestamp_subsec_nanos());
    }

    pub(super) fn date(&mut self, d: NaiveDate) {
        self.u32(d.num_days_from_ce() as u32);
    }

    pub(super) fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }

    /// An id: a GUID in 16 bytes, anything else as text (empty: written as `null`).
    pub(super) fn id(&mut self, s: &str) {
        match super::compact::guid(s.as_bytes()) {
            Some(g) => {
                self.0.push(0);
                self.0.extend_from_slice(&g);
            }
            None => {
                self.0.push(1);
                self.str(s);
            }
        }
    }

    pub(super) fn guid(&mut self, g: &[u8; 16]) {
        self.0.push(0);
        self.0.extend_from_slice(g);
    }

    /// A stored id.
    pub(super) fn key(&mut self, id: &super::row_id::Id) {
        match id {
            super::row_id::Id::Guid(g) => self.guid(g),
            super::row_id::Id::Text(t) => {
                self.0.push(1);
                self.str(t);
            }
        }
    }

    /// Adds what another packer wrote (drawn earlier, written here).
    pub(super) fn append(&mut self, other: Packer) {
        self.0
            .extend_from_slice(other.0.get(2..).unwrap_or_default());
    }

    pub(super) fn finish(self) -> Box<[u8]> {
        self.0.into_boxed_slice()
    }
}

/// Reads a record's draws in the order they were written (short input reads as zeros).
pub(super) struct Unpacker<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Unpacker<'a> {
    /// Reads the draws of a packed record (after its mark and kind).
    pub(super) fn of(data: &'a [u8]) -> Unpacker<'a> {
        Unpacker { b: data, at: 2 }
    }

    /// The kind of a packed record (0 for none).
    pub(super) fn kind_of(data: &[u8]) -> u8 {
        data.get(1).copied().unwrap_or(0)
    }

    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        if let Some(src) = self.b.get(self.at..self.at + N) {
            out.copy_from_slice(src);
        }
        self.at += N;
        out
    }

    pub(super) fn u8(&mut self) -> u8 {
        self.bytes::<1>()[0]
    }

    pub(super) fn bool(&mut self) -> bool {
        self.u8() != 0
    }

    pub(super) fn idx(&mut self) -> usize {
        usize::from(u16::from_le_bytes(self.bytes()))
    }

    pub(super) fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.bytes())
    }

    pub(super) fn i64(&mut self) -> i64 {
        i64::from_le_bytes(self.bytes())
    }

    pub(super) fn time(&mut self) -> NaiveDateTime {
        let secs = self.i64();
        let nanos = self.u32();
        DateTime::from_timestamp(secs, nanos)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }

    pub(super) fn date(&mut self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.u32() as i32).unwrap_or_default()
    }

    pub(super) fn str(&mut self) -> &'a str {
        let len = self.u32() as usize;
        let s = self
            .b
            .get(self.at..self.at + len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default();
        self.at += len;
        s
    }

    /// Writes an id packed by [`Packer::id`] as JSON (an empty one as `null`).
    pub(super) fn id(&mut self, out: &mut Vec<u8>) {
        if self.u8() == 0 {
            let g: [u8; 16] = self.bytes();
            out.push(b'"');
            super::compact::write_guid(out, &g);
            out.push(b'"');
        } else {
            let s = self.str();
            if s.is_empty() {
                out.extend_from_slice(b"null");
            } else {
                string(out, s);
            }
        }
    }
}

/// A JSON string, quoted and escaped exactly as `serde_json` writes it.
pub(super) fn string(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        let _ = serde_json::to_writer(&mut *out, s);
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// A JSON number of an `f64`, as `serde_json` writes it.
pub(super) fn float(out: &mut Vec<u8>, x: f64) {
    if serde_json::to_writer(&mut *out, &x).is_err() {
        out.extend_from_slice(b"null");
    }
}

/// An integer.
pub(super) fn int(out: &mut Vec<u8>, n: i64) {
    let _ = write!(out, "{n}");
}

/// A date-time with milliseconds, quoted (`super::time::fmt_millis`).
pub(super) fn millis(out: &mut Vec<u8>, t: NaiveDateTime) {
    string(out, &super::time::fmt_millis(t));
}

/// A boolean.
pub(super) fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

/// `Gen::audit`'s draws, packed; returns (change time, etag).
pub(super) fn audit(g: &mut super::generator::Gen, p: &mut Packer) -> (NaiveDateTime, i64) {
    let changed = g.change_time();
    let created = if g.chance(0.4) {
        changed
    } else {
        changed - chrono::Duration::minutes(g.range(5, 200 * 24 * 60))
    };
    g.etag += g.range(1, 40);
    let by = g.pick_index(super::names::GEBRUIKERS);
    let changed_by = g.pick_index(super::names::GEBRUIKERS);
    p.time(created);
    p.idx(by);
    p.time(changed);
    p.idx(changed_by);
    p.i64(g.etag);
    (changed, g.etag)
}

/// The `auditTrail` object [`audit`] packed.
pub(super) fn write_audit(r: &mut Unpacker, out: &mut Vec<u8>) {
    let name = |i: usize| super::names::GEBRUIKERS.get(i).copied().unwrap_or_default();
    out.extend_from_slice(b"{\"aangemaaktDatumTijd\":");
    millis(out, r.time());
    out.extend_from_slice(b",\"aangemaaktDoor\":");
    string(out, name(r.idx()));
    out.extend_from_slice(b",\"gewijzigdDatumTijd\":");
    millis(out, r.time());
    out.extend_from_slice(b",\"gewijzigdDoor\":");
    string(out, name(r.idx()));
    out.extend_from_slice(b",\"etag\":");
    int(out, r.i64());
    out.push(b'}');
}
