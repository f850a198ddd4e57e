//! Who is known already: person lookups in Coachview and the stored companies whose name matches.

use super::channels::progress;
use super::connection::Connection;
use super::{Event, EventSender, RequestId};
use crate::cancel::Cancel;
use crate::enrol::Company;
use crate::enrol::people::PersonKey;
use crate::i18n;
use crate::resource::Resource;
use serde_json::Value;

/// Answers every key: e-mail addresses in batches where the tenant allows it
/// (`Session::look_up_people`); stops at the first answer that would repeat for the rest.
pub(super) async fn lookup_people(
    conn: &Connection,
    req: RequestId,
    keys: Vec<PersonKey>,
    events: &EventSender,
    cancel: &Cancel,
) {
    let total = keys.len() as u64;
    let label = i18n::Text::key("job.lookup_people");
    let mut done = 0u64;
    conn.look_up_people(keys, cancel, |key, lookup, requests| {
        done += 1;
        events.send(Event::PersonFound {
            req,
            key,
            lookup,
            requests,
        });
        if total > 1 {
            events.send(Event::Progress {
                req,
                progress: progress(label.clone(), done, Some(total)),
            });
        }
        if requests > 0 {
            events.send(conn.rate_event());
        }
    })
    .await;
    events.send(Event::LookupDone { req });
}

/// The stored Bedrijven whose name contains every word of `name` (no network), at most 20.
pub(super) async fn search_companies(
    conn: &Connection,
    req: RequestId,
    name: String,
    events: &EventSender,
) {
    let store = match conn.folder().open_store() {
        Ok(store) => store,
        Err(e) => {
            tracing::warn!("company search: {e}");
            return events.send(Event::Companies {
                req,
                companies: Vec::new(),
            });
        }
    };
    let result = tokio::task::spawn_blocking(move || {
        let records = store
            .records(Resource::Bedrijven, None, None)
            .unwrap_or_default();
        matching_companies(&records, &name)
    })
    .await;
    events.send(Event::Companies {
        req,
        companies: result.unwrap_or_default(),
    });
}

/// Companies (read-side fields tolerated: `emailadres`/`email`, `telefoonnummer`/`tel1`,
/// `bezoekadres`) whose name holds every word of `name`.
pub(crate) fn matching_companies(records: &[Value], name: &str) -> Vec<Company> {
    let words: Vec<String> = name
        .to_lowercase()
        .split_whitespace()
        .map(String::from)
        .collect();
    let text = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let mut out: Vec<Company> = records
        .iter()
        .filter(|r| {
            let naam = text(r, "naam").to_lowercase();
            !naam.is_empty() && words.iter().all(|w| naam.contains(w.as_str()))
        })
        .map(|r| {
            let adres = r.get("bezoekadres").filter(|a| a.is_object());
            let mut company = Company {
                naam: text(r, "naam"),
                emailadres: text(r, "emailadres"),
                telefoonnummer: text(r, "telefoonnummer"),
                ..Company::default()
            };
            if company.emailadres.is_empty() {
                company.emailadres = text(r, "email");
            }
            if company.telefoonnummer.is_empty() {
                company.telefoonnummer = text(r, "tel1");
            }
            if let Some(a) = adres {
                company.adres.adres1 = text(a, "adres1");
                company.adres.postcode = text(a, "postcode");
                company.adres.plaats = text(a, "plaats");
                let land = text(a, "landCode");
                if !land.is_empty() {
                    company.adres.land_code = land;
                }
            }
            company
        })
        .collect();
    out.sort_by(|a, b| a.naam.cmp(&b.naam));
    out.dedup_by(|a, b| a.naam.eq_ignore_ascii_case(&b.naam));
    out.truncate(20);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stored_companies_are_matched_by_every_word() {
        let records = vec![
            json!({"id": "1", "naam": "Bouwbedrijf De Vries BV", "email": "info@devries.nl",
                   "bezoekadres": {"adres1": "Kade 1", "postcode": "1234 AB", "plaats": "Delft"}}),
            json!({"id": "2", "naam": "De Vries Transport"}),
            json!({"id": "3"}),
        ];
        let found = matching_companies(&records, "vries bouw");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].emailadres, "info@devries.nl");
        assert_eq!(found[0].adres.plaats, "Delft");
        assert_eq!(matching_companies(&records, "vries").len(), 2);
    }
}
