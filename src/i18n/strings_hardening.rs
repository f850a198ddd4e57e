//! Strings for hostile servers, damaged files, redirects, limits: (key, Dutch, English).

/// This area's strings.
pub static STRINGS: &[super::Entry] = &[];
