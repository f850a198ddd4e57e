//! A 400 to a page asked with optional flags (`InclusiefDirecteRelaties`,
//! `InclusiefExtraVelden`): the flags are suspected first, so a refused flag is never mistaken
//! for a refused date-time filter. A 400 naming a flag drops that flag (remembered). A 400 that
//! names none is tried once more without the flags: an answer then proves a flag was refused
//! (remembered); a 400 again proves it was not, the flags are put back and the 400 stands (in
//! keyset paging: the date-time form was refused).

use super::cursor::Cursor;
use crate::api::probe::{EXTRA_FLAG, RELATIONS_FLAG};
use crate::api::{ApiError, Client};

const OPTIONAL: [&str; 2] = [RELATIONS_FLAG, EXTRA_FLAG];

fn refuse(client: &Client, cursor: &mut Cursor, flag: &'static str, why: &str) {
    if flag == RELATIONS_FLAG {
        super::relations::drop_relations(client, cursor, why);
    } else {
        tracing::warn!("{flag} {why}: computed fields are not asked any more");
        cursor.without_flag(flag);
        client.update_capabilities(|c| c.extra_fields = Some(false));
    }
}

/// Flags taken off for one page after a 400 that named none.
#[derive(Debug, Default)]
pub(super) struct Trial(Vec<&'static str>);

impl Trial {
    /// After a 400: true when the page should be asked again (with fewer flags).
    pub(super) fn bad_request(
        &mut self,
        client: &Client,
        cursor: &mut Cursor,
        e: &ApiError,
    ) -> bool {
        let text = format!("{:?} {}", e.kind, e.body).to_ascii_lowercase();
        let named = OPTIONAL
            .into_iter()
            .find(|f| cursor.has_flag(f) && text.contains(&f.to_ascii_lowercase()));
        if let Some(flag) = named {
            refuse(client, cursor, flag, "was refused");
            return true;
        }
        if !self.0.is_empty() {
            // Refused without the flags too: they were not the cause.
            for flag in self.0.drain(..) {
                cursor.add_flag(flag);
            }
            return false;
        }
        self.0 = OPTIONAL
            .into_iter()
            .filter(|f| cursor.has_flag(f))
            .collect();
        for flag in &self.0 {
            cursor.without_flag(flag);
        }
        !self.0.is_empty()
    }

    /// After an answer: flags taken off for it were refused (remembered).
    pub(super) fn answered(&mut self, client: &Client, cursor: &mut Cursor) {
        for flag in self.0.drain(..) {
            refuse(
                client,
                cursor,
                flag,
                "was refused (a 400 that named no flag)",
            );
        }
    }
}
