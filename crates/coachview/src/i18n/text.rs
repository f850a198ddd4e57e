//! `Text`: a sentence as a typed fact (a table key with its arguments, or a plain technical
//! string), worded only when shown, in the language of the thread that shows it. The worker and
//! the engines hand these to the UI instead of worded strings, so the worker never needs to know
//! the UI's language.

use super::Lang;
use std::fmt;

/// A text to show: a key of the string table with named arguments, or a plain string that is
/// the same in every language (a technical error, a name, a number).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Text {
    /// Shown as is in every language.
    Plain(String),
    /// A table key; each `{name}` placeholder is replaced by its argument, itself worded.
    Key {
        /// The key in the string tables.
        key: String,
        /// The placeholder values, by name.
        args: Vec<(String, Text)>,
    },
}

impl Text {
    /// A table key without arguments.
    pub fn key(key: impl Into<String>) -> Text {
        Text::Key {
            key: key.into(),
            args: Vec::new(),
        }
    }

    /// A table key with its placeholder values.
    pub fn with(key: impl Into<String>, args: Vec<(&str, Text)>) -> Text {
        Text::Key {
            key: key.into(),
            args: args
                .into_iter()
                .map(|(name, value)| (name.to_string(), value))
                .collect(),
        }
    }

    /// A text that is the same in every language.
    pub fn plain(value: impl fmt::Display) -> Text {
        Text::Plain(value.to_string())
    }

    /// Worded in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        match self {
            Text::Plain(s) => s.clone(),
            Text::Key { key, args } => {
                let mut out = super::text(lang, key).to_string();
                for (name, value) in args {
                    out = out.replace(&format!("{{{name}}}"), &value.in_lang(lang));
                }
                out
            }
        }
    }
}

/// Worded in the language of the current thread.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(super::current()))
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::Plain(String::new())
    }
}

impl From<String> for Text {
    fn from(value: String) -> Text {
        Text::Plain(value)
    }
}

impl From<&String> for Text {
    fn from(value: &String) -> Text {
        Text::Plain(value.clone())
    }
}

impl From<&str> for Text {
    fn from(value: &str) -> Text {
        Text::Plain(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_worded_in_the_language_asked_and_nested_args_too() {
        let inner = Text::key("tenant.unknown");
        let text = Text::with(
            "app.no_window",
            vec![(
                "error",
                Text::with("tenant.waiting", vec![("secs", Text::plain(5))]),
            )],
        );
        assert!(text.in_lang(Lang::Nl).contains(
            &Text::with("tenant.waiting", vec![("secs", Text::plain(5))]).in_lang(Lang::Nl)
        ));
        assert_ne!(text.in_lang(Lang::Nl), text.in_lang(Lang::En));
        assert_eq!(
            inner.in_lang(Lang::En),
            super::super::text(Lang::En, "tenant.unknown")
        );
        assert_eq!(Text::plain("x").in_lang(Lang::Nl), "x");
    }
}
