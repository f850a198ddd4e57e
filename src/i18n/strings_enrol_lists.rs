//! Strings for enrolling known people, companies and lists of participants: (key, Dutch, English).

/// This area's strings.
pub static STRINGS: &[super::Entry] = &[];
