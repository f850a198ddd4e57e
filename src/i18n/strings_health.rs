//! Strings of the "one way to translate" work (issue 11 point 3): sentences that engines used to
//! word themselves and now return as typed facts for the UI and the CLI to word.

use super::Entry;

pub static STRINGS: &[Entry] = &[
    (
        "sync.missing",
        "records gewijzigd van {from} tot {to}",
        "records changed from {from} up to {to}",
    ),
    (
        "sync.incomplete",
        "onvolledig, niet opgehaald: {missing}",
        "incomplete, not fetched: {missing}",
    ),
];
