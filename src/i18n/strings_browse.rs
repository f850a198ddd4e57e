//! Strings for the change browser: readable columns, names, versions, profiles, views, theme: (key, Dutch, English).

/// This area's strings.
pub static STRINGS: &[super::Entry] = &[];
