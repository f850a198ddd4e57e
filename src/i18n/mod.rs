//! Dutch (default) and English UI strings: one table, looked up by key, with `{name}` arguments.

mod strings;
mod strings_browse;
mod strings_enrol_lists;
mod strings_hardening;
mod strings_tenant;
mod strings_windows;
mod strings_worker;

use std::collections::HashMap;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// One entry of a string table: (key, Dutch, English).
pub type Entry = (&'static str, &'static str, &'static str);

/// The string tables, one per area of the app, so work in one area never edits another's table.
pub static TABLES: &[&[Entry]] = &[
    strings::STRINGS,
    strings_tenant::STRINGS,
    strings_hardening::STRINGS,
    strings_browse::STRINGS,
    strings_enrol_lists::STRINGS,
    strings_windows::STRINGS,
    strings_worker::STRINGS,
];

static INDEX: LazyLock<HashMap<&'static str, &'static Entry>> =
    LazyLock::new(|| all().map(|entry| (entry.0, entry)).collect());

/// Every user-facing string of every table.
pub fn all() -> impl Iterator<Item = &'static Entry> {
    TABLES.iter().flat_map(|table| table.iter())
}

/// A UI language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    /// Nederlands, the default.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// `nl` / `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Parses `nl` / `en` (anything else: Dutch).
    pub fn from_code(code: &str) -> Lang {
        if code.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language the UI shows now.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Nl,
    }
}

/// Switches the UI language.
pub fn set_current(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::Nl => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

/// The text for `key` in `lang`; an unknown key shows itself (and a test keeps that from happening).
pub fn text(lang: Lang, key: &str) -> &'static str {
    match INDEX.get(key).copied() {
        Some(entry) => match lang {
            Lang::Nl => entry.1,
            Lang::En => entry.2,
        },
        None => {
            debug_assert!(false, "missing i18n key {key}");
            // Leak-free fallback: the key itself is 'static only when it is a literal, so
            // we return a marker the tests look for.
            "⟨missing text⟩"
        }
    }
}

/// The text for `key` in the current language.
pub fn t(key: &str) -> &'static str {
    text(current(), key)
}

/// The text for `key` in `lang` with `{name}` placeholders replaced.
pub fn format(lang: Lang, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = text(lang, key).to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// [`format`] in the current language.
pub fn tf(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    format(current(), key, args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = s;
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}') else {
                break;
            };
            out.insert(rest[start + 1..start + end].to_string());
            rest = &rest[start + end + 1..];
        }
        out
    }

    #[test]
    fn table_is_unique_and_complete_in_both_languages() {
        let mut seen = BTreeSet::new();
        for (key, _, _) in all() {
            assert!(seen.insert(*key), "duplicate key {key}");
        }
        for (key, nl, en) in all() {
            assert!(!nl.trim().is_empty(), "{key}: Dutch text missing");
            assert!(!en.trim().is_empty(), "{key}: English text missing");
            assert_eq!(
                placeholders(nl),
                placeholders(en),
                "{key}: placeholders differ"
            );
        }
    }

    #[test]
    fn lookup_and_format() {
        let (key, nl, en) = strings::STRINGS[0];
        assert_eq!(text(Lang::Nl, key), nl);
        assert_eq!(text(Lang::En, key), en);
        assert_eq!(Lang::from_code("EN"), Lang::En);
        assert_eq!(Lang::from_code("fr"), Lang::Nl);
    }
}
