//! Strings for renderer fallback, secrets from the command line, Windows: (key, Dutch, English).

/// This area's strings.
pub static STRINGS: &[super::Entry] = &[];
