//! Dutch (default) and English UI strings: the Project Fluent files `assets/i18n/{nl,en}.ftl`,
//! looked up by key (`browse.export` is the message `browse-export`), with plural rules.

mod catalog;
mod text;

pub use text::Text;

use std::cell::Cell;

use catalog::CATALOG;
pub use catalog::{EN_FTL, Entry, NL_FTL};

/// Every user-facing string: (key, Dutch, English), variables written `{name}`.
pub fn all() -> impl Iterator<Item = &'static Entry> {
    CATALOG.entries.iter()
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

/// The text for `key` in `lang` (variables shown as `{name}`); an unknown key shows a marker
/// (and a test keeps that from happening).
pub fn text(lang: Lang, key: &str) -> &'static str {
    match CATALOG.plain(lang, key) {
        Some(text) => text,
        None => {
            debug_assert!(false, "missing i18n key {key}");
            "⟨missing text⟩"
        }
    }
}

/// True when the string files have `key`.
pub(crate) fn has(key: &str) -> bool {
    CATALOG.plain(Lang::Nl, key).is_some()
}

/// The text for `key` in the current language.
pub fn t(key: &str) -> &'static str {
    text(current(), key)
}

/// The text for `key` in `lang` with its variables given; a whole-number argument chooses the
/// plural form (`{ $n -> [one] … *[other] … }` in the string files).
pub fn format(lang: Lang, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    CATALOG
        .format(lang, key, args)
        .unwrap_or_else(|| text(lang, key).to_string())
}

/// [`format`] in the current language.
pub fn tf(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    format(current(), key, args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    #[test]
    fn both_files_parse_and_hold_the_same_messages_with_the_same_variables() {
        for (name, source) in [("nl", NL_FTL), ("en", EN_FTL)] {
            if let Err((_, errors)) = fluent_syntax::parser::parse(source) {
                panic!("{name}.ftl: {errors:?}");
            }
        }
        let nl: BTreeSet<&str> = all().map(|e| e.0).collect();
        assert_eq!(nl.len(), all().count(), "a message id is defined twice");
        for (key, nl_text, en_text) in all() {
            assert!(!nl_text.trim().is_empty(), "{key}: Dutch text missing");
            assert!(!en_text.trim().is_empty(), "{key}: English text missing");
        }
        let en_vars: std::collections::HashMap<_, _> =
            catalog::ids_and_variables(EN_FTL).into_iter().collect();
        for (id, nl_vars) in catalog::ids_and_variables(NL_FTL) {
            assert_eq!(Some(&nl_vars), en_vars.get(&id), "{id}: variables differ");
        }
        // Every English message exists in Dutch too.
        let en_ids = EN_FTL
            .lines()
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id))
            .filter(|id| !id.starts_with(' ') && !id.starts_with('#') && !id.is_empty());
        for id in en_ids {
            assert!(
                nl.contains(id.replace('-', ".").as_str()),
                "{id} only in en.ftl"
            );
        }
    }

    #[test]
    fn counts_choose_their_plural_in_each_language() {
        let args = |n: &'static i64| -> [(&'static str, &'static dyn std::fmt::Display); 3] {
            [("records", n), ("requests", n), ("windows", n)]
        };
        assert_eq!(
            format(Lang::Nl, "browse.fetched", &args(&1)),
            "1 record opgehaald met 1 verzoek in 1 venster."
        );
        assert_eq!(
            format(Lang::Nl, "browse.fetched", &args(&3)),
            "3 records opgehaald met 3 verzoeken in 3 vensters."
        );
        assert!(format(Lang::En, "browse.fetched", &args(&1)).contains("1 record "));
        assert!(format(Lang::En, "browse.fetched", &args(&1)).contains("1 window"));
        assert!(format(Lang::En, "browse.fetched", &args(&2)).contains("2 windows"));
        assert_eq!(
            format(
                Lang::Nl,
                "browse.rows",
                &[("shown", &1), ("total", &1), ("selected", &0)]
            ),
            "1 van 1 rij, 0 geselecteerd"
        );
        assert_eq!(
            format(
                Lang::En,
                "browse.rows",
                &[("shown", &2), ("total", &5), ("selected", &1)]
            ),
            "2 of 5 rows, 1 selected"
        );
    }

    #[test]
    fn lookup_and_format() {
        let (key, nl, en) = *all().next().unwrap();
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
