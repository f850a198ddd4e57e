//! Strings for what coachdesk learns about a tenant (probe, capabilities, rate-limit headers): (key, Dutch, English).

/// This area's strings.
pub static STRINGS: &[super::Entry] = &[];
