//! Dutch (default) and English UI strings: one table, looked up by key, with `{name}` arguments.

mod strings;
mod strings_browse;
mod strings_enrol_lists;
mod strings_hardening;
mod strings_health;
mod strings_outbox;
mod strings_tenant;
mod strings_windows;
mod strings_worker;
mod text;

pub use text::Text;

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::LazyLock;

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
    strings_health::STRINGS,
    strings_outbox::STRINGS,
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

thread_local! {
    /// The language of this thread: the app sets it on its UI thread, the CLI on main; every
    /// other thread (the worker's) words nothing and so keeps the default, Dutch.
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Nl) };
}

/// The language this thread shows text in (Dutch unless [`set_current`] was called on it).
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// Switches the language of this thread only (the UI thread, the CLI's main thread, a test).
pub fn set_current(lang: Lang) {
    CURRENT.with(|cell| cell.set(lang));
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

    /// The language is per thread: two threads with different languages get their own words at
    /// the same time (a barrier makes both switch before either looks up).
    #[test]
    fn two_threads_word_in_their_own_language_at_the_same_time() {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let run = |lang: Lang| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                set_current(lang);
                barrier.wait();
                let mut seen = Vec::new();
                for _ in 0..1000 {
                    seen.push(t("settings.title"));
                    std::thread::yield_now();
                }
                barrier.wait();
                (current(), seen)
            })
        };
        let (nl, en) = (run(Lang::Nl), run(Lang::En));
        let (nl, en) = (nl.join().unwrap(), en.join().unwrap());
        assert_eq!(nl.0, Lang::Nl);
        assert_eq!(en.0, Lang::En);
        assert!(nl.1.iter().all(|s| *s == text(Lang::Nl, "settings.title")));
        assert!(en.1.iter().all(|s| *s == text(Lang::En, "settings.title")));
        assert_ne!(
            text(Lang::Nl, "settings.title"),
            text(Lang::En, "settings.title")
        );
        // A fresh thread starts in Dutch, whatever others chose.
        let fresh = std::thread::spawn(current).join().unwrap();
        assert_eq!(fresh, Lang::Nl);
    }
}
