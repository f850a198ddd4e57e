//! Cells whose words depend on the language: the change summary ("Gewijzigde velden") and the
//! name behind an id. The table keeps them typed (paths, a [`NameState`]) and words them when a
//! cell is drawn, in the language of that frame, so a language switch re-draws instead of
//! re-loading. The search text holds the words of both languages.

use crate::i18n::{Lang, text};
use crate::record::names::NameState;
use crate::resource::Resource;
use std::sync::{Arc, LazyLock};

/// A typed cell worded at draw time.
#[derive(Debug, Clone, PartialEq)]
pub enum Worded {
    /// The first version this store saw of the record.
    New,
    /// The fields (dotted paths) that changed since the previous version; empty: only the audit
    /// trail changed.
    Changed(Vec<String>),
    /// The name behind an id that points at `resource`.
    Name(Resource, NameState),
}

impl Worded {
    /// The text in `lang`.
    pub(crate) fn word(&self, lang: Lang) -> String {
        match self {
            Worded::New => text(lang, "browse.change_new").to_string(),
            Worded::Changed(paths) if paths.is_empty() => {
                text(lang, "browse.change_none").to_string()
            }
            Worded::Changed(paths) => paths
                .iter()
                .map(|p| super::label_in(lang, p))
                .collect::<Vec<_>>()
                .join(", "),
            Worded::Name(resource, state) => state.shown_in(lang, *resource),
        }
    }

    /// The cell's shared form: every `New` is one allocation for the whole table.
    pub fn shared(self) -> Arc<Worded> {
        static NEW: LazyLock<Arc<Worded>> = LazyLock::new(|| Arc::new(Worded::New));
        match self {
            Worded::New => NEW.clone(),
            other => Arc::new(other),
        }
    }

    /// The words in every language the app speaks (for the search text).
    pub fn every_wording(&self) -> impl Iterator<Item = String> + '_ {
        [Lang::Nl, Lang::En].into_iter().map(|lang| self.word(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worded_cells_follow_the_language_asked() {
        let changed = Worded::Changed(vec!["referentieNrKlant".into()]);
        assert_eq!(
            changed.word(Lang::Nl),
            text(Lang::Nl, "field.referentieNrKlant")
        );
        assert_eq!(
            changed.word(Lang::En),
            text(Lang::En, "field.referentieNrKlant")
        );
        assert_eq!(
            Worded::New.word(Lang::En),
            text(Lang::En, "browse.change_new")
        );
        let missing = Worded::Name(Resource::Bedrijven, NameState::Missing);
        assert_eq!(missing.word(Lang::Nl), text(Lang::Nl, "names.missing"));
        assert_eq!(missing.every_wording().count(), 2);
    }
}
