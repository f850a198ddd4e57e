//! How a value reads on screen (table cell, detail pane), worded in the frame's language:
//! `ja`/`nee` for booleans, `dd-mm-jjjj uu:mm` for date-times, and status codes as words
//! (`InBehandeling` → "In behandeling"). Exports keep the data as it is.

use super::Cell;
use crate::i18n::{self, Lang};

/// The words for a status code this app knows (`status_word.<code>` in the string files).
fn known_status(lang: Lang, code: &str) -> Option<&'static str> {
    let key = format!("status_word.{}", code.to_ascii_lowercase());
    i18n::has(&key).then(|| i18n::text(lang, &key))
}

/// `InBehandeling` → `In behandeling`: a CamelCase code split into words, the first capitalised.
fn split_code(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 4);
    for (i, c) in code.chars().enumerate() {
        if i > 0 && c.is_uppercase() {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// True for a field that holds a status code (`status`, `aanvraagStatusId`, `bedrijf.status`).
fn is_status(path: &str) -> bool {
    path.rsplit('.').next().is_some_and(|last| {
        let last = last.to_ascii_lowercase();
        last.ends_with("status") || last.ends_with("statusid")
    })
}

/// The text of `cell` (from field `path`) as the planner reads it, in `lang`.
pub fn shown(cell: &Cell, path: &str, lang: Lang) -> String {
    match cell {
        Cell::Bool(true) => i18n::text(lang, "value.yes").to_string(),
        Cell::Bool(false) => i18n::text(lang, "value.no").to_string(),
        Cell::Text(code)
            if is_status(path) && !code.is_empty() && code.chars().all(char::is_alphabetic) =>
        {
            known_status(lang, code)
                .map(str::to_string)
                .unwrap_or_else(|| split_code(code))
        }
        Cell::Worded(w) => w.word(lang),
        other => other.display(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_booleans_and_dates_read_as_words() {
        let code = Cell::Text("InBehandeling".into());
        assert_eq!(shown(&code, "status", Lang::Nl), "In behandeling");
        assert_eq!(shown(&code, "aanvraagStatusId", Lang::Nl), "In behandeling");
        let id = Cell::Text("4f2a9c".into());
        assert_eq!(shown(&id, "aanvraagStatusId", Lang::Nl), "4f2a9c");
        assert_eq!(shown(&code, "status", Lang::En), "In progress");
        assert_eq!(shown(&code, "omschrijving", Lang::Nl), "InBehandeling");
        let unknown = Cell::Text("WachtOpGoedkeuring".into());
        assert_eq!(
            shown(&unknown, "aanvraagStatus", Lang::Nl),
            "Wacht op goedkeuring"
        );
        assert_eq!(shown(&Cell::Bool(true), "verwerkt", Lang::Nl), "ja");
        assert_eq!(shown(&Cell::Bool(false), "verwerkt", Lang::En), "no");
        let at = Cell::from_text("2026-12-01T08:37:00");
        assert_eq!(
            shown(&at, "auditTrail.gewijzigdDatumTijd", Lang::Nl),
            "01-12-2026 08:37"
        );
    }
}
