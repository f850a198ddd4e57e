//! Dialects: one switch per unconfirmed fact of the Coachview API, so the simulator can play every
//! plausible tenant (`--dialect dates-only,count-empty-body,end-inclusive,page-cap=50,
//! retry-after-only,example-data-without-scope,relations-ignored`, combinable, also settable
//! in-process).

use serde_json::Value;

mod filter;
pub use filter::{
    date_range_days, filters_reference, has_datetime_value, last_clause_per_field, widen_ranges,
    without_id_clauses, without_list_clauses, without_reference,
};

/// Which unconfirmed behaviours the simulator plays. `Default` = coachdesk's own guesses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dialect {
    /// `where` values take dates only (`dd-mm-yyyy`, `dd.mm.yyyy`); a date-time answers 400.
    pub dates_only: bool,
    /// `Count=true` answers the `RowCount` header with an empty body.
    pub count_empty_body: bool,
    /// Every list answer carries the `RowCount` header (the query's total), asked or not.
    pub count_always: bool,
    /// A date range `=D1,D2` includes the whole day `D2`.
    pub end_inclusive: bool,
    /// At most this many rows a page, whatever `take` says.
    pub page_cap: Option<usize>,
    /// Per resource (`page-cap=Opleidingen:20`): at most this many rows a page of that resource.
    pub page_caps: std::collections::BTreeMap<String, usize>,
    /// No `X-Rate-Limit-*` headers at all, not even on admitted requests (a 429 carries only
    /// `Retry-After` in seconds, as it does by default).
    pub retry_after_only: bool,
    /// The old guess: a 429 is a problem+json with the `X-Rate-Limit-*` headers (by default it
    /// is what AspNetCoreRateLimit sends: `Retry-After` and a text body).
    pub rate_headers_on_429: bool,
    /// A client without the read scope gets example data (every `id` identical), not a 403.
    pub example_data_without_scope: bool,
    /// `where=referentieNrKlant=…` on Webaanvragen answers 400 (the filter is refused).
    pub no_reference_filter: bool,
    /// `where=referentieNrKlant=…` on Webaanvragen is accepted but ignored: every webaanvraag
    /// comes back, unfiltered (a 200, not a 400).
    pub reference_filter_ignored: bool,
    /// `InclusiefDirecteRelaties=true` is accepted but embeds nothing.
    pub relations_ignored: bool,
    /// `InclusiefDirecteRelaties=true` answers 400 (the flag is refused).
    pub relations_refused: bool,
    /// `InclusiefExtraVelden=true` answers 400 (the flag is refused).
    pub extra_fields_refused: bool,
    /// `where=id=a,b,…` is ignored (answered as if there were no clause on `id`).
    pub id_filter_ignored: bool,
    /// `where=email1=a,b,…` on Personen (a list of addresses) is ignored: answered as if there
    /// were no clause on `email1` (one address still filters).
    pub person_list_ignored: bool,
    /// `Bedrijven` does not exist on this tenant: its list and its records answer 404.
    pub bedrijven_404: bool,
    /// A data page (not a count) over a date range `=D1,D2` wider than this many days answers
    /// 500 "The operation timed out." (`timeout-over-days=7`; 0: every day range).
    pub timeout_over_days: Option<i64>,
    /// `orderby … desc` is ignored (the rows come ascending).
    pub desc_ignored: bool,
    /// Of several `where` clauses on one field (`>=t;<end`), only the last is applied.
    pub two_clause_last_only: bool,
    /// Hostile: every list page of two rows or more loses its middle row (counts still count
    /// it), the same row each time the same page is asked.
    pub drop_rows: bool,
}

/// Every switch name, for help texts and "all combined" tests.
pub const ALL_SWITCHES: &str = "dates-only,count-empty-body,count-always,end-inclusive,page-cap=50,\
                                retry-after-only,example-data-without-scope,no-reference-filter,\
                                reference-filter-ignored,relations-ignored";

impl Dialect {
    /// Parses a comma-separated switch list (`""` = default). Unknown switches are an error.
    pub fn parse(spec: &str) -> Result<Dialect, String> {
        let mut d = Dialect::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = match part.split_once('=') {
                Some((n, v)) => (n.trim(), Some(v.trim())),
                None => (part, None),
            };
            match (name.to_ascii_lowercase().as_str(), value) {
                ("dates-only", None) => d.dates_only = true,
                ("count-empty-body", None) => d.count_empty_body = true,
                ("count-always", None) => d.count_always = true,
                ("end-inclusive", None) => d.end_inclusive = true,
                ("retry-after-only", None) => d.retry_after_only = true,
                ("rate-headers-on-429", None) => d.rate_headers_on_429 = true,
                ("example-data-without-scope", None) => d.example_data_without_scope = true,
                ("no-reference-filter", None) => d.no_reference_filter = true,
                ("reference-filter-ignored", None) => d.reference_filter_ignored = true,
                ("relations-ignored", None) => d.relations_ignored = true,
                ("relations-refused", None) => d.relations_refused = true,
                ("drop-rows", None) => d.drop_rows = true,
                ("extra-fields-refused", None) => d.extra_fields_refused = true,
                ("id-filter-ignored", None) => d.id_filter_ignored = true,
                ("desc-ignored", None) => d.desc_ignored = true,
                ("two-clause-last-only", None) => d.two_clause_last_only = true,
                ("bedrijven-404", None) => d.bedrijven_404 = true,
                ("person-list-ignored", None) => d.person_list_ignored = true,
                ("timeout-over-days", Some(v)) => match v.parse::<i64>() {
                    Ok(n) if n >= 0 => d.timeout_over_days = Some(n),
                    _ => {
                        return Err(format!(
                            "timeout-over-days wants a whole number >= 0, got '{v}'"
                        ));
                    }
                },
                ("page-cap", Some(v)) if v.contains(':') => {
                    let (r, n) = v.split_once(':').unwrap_or_default();
                    let resource = coachview::resource::Resource::parse(r.trim());
                    match (resource, n.trim().parse::<usize>()) {
                        (Some(r), Ok(n)) if n > 0 => {
                            d.page_caps.insert(r.name().to_string(), n);
                        }
                        _ => {
                            return Err(format!(
                                "page-cap wants RESOURCE:N with N a whole number > 0, got '{v}'"
                            ));
                        }
                    }
                }
                ("page-cap", Some(v)) => match v.parse::<usize>() {
                    Ok(n) if n > 0 => d.page_cap = Some(n),
                    _ => return Err(format!("page-cap wants a whole number > 0, got '{v}'")),
                },
                _ => {
                    return Err(format!(
                        "unknown dialect switch '{part}'; known: {ALL_SWITCHES}"
                    ));
                }
            }
        }
        Ok(d)
    }

    /// Every switch at once (page cap 50).
    pub fn all() -> Dialect {
        Dialect::parse(ALL_SWITCHES).unwrap_or_default()
    }
}

/// The `orderby` this dialect runs: ascending where `desc` is ignored.
pub fn order_played(d: &Dialect, orderby: &str) -> String {
    if !d.desc_ignored {
        return orderby.to_string();
    }
    orderby
        .split(',')
        .map(|part| {
            let mut words: Vec<&str> = part.split_whitespace().collect();
            if words.last().is_some_and(|w| w.eq_ignore_ascii_case("desc")) {
                words.pop();
                words.push("asc");
            }
            words.join(" ")
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl Dialect {
    /// The most rows a page of `resource` holds in this dialect.
    pub fn cap_for(&self, resource: coachview::resource::Resource) -> usize {
        let own = self.page_caps.get(resource.name()).copied();
        own.unwrap_or(usize::MAX)
            .min(self.page_cap.unwrap_or(usize::MAX))
    }

    /// What this dialect does with `InclusiefDirecteRelaties=true`: `Err` = the 400 text,
    /// `Ok(false)` = accepted but nothing embedded.
    pub fn relations(&self, asked: bool) -> Result<bool, String> {
        match asked {
            false => Ok(false),
            true if self.relations_refused => {
                Err("unknown parameter 'InclusiefDirecteRelaties'".into())
            }
            true => Ok(!self.relations_ignored),
        }
    }

    /// True when a data page over `filter` times out in this dialect (a 500).
    pub fn times_out(&self, filter: &str, count: bool, take: usize) -> bool {
        let Some(limit) = self.timeout_over_days else {
            return false;
        };
        !count && take > 1 && date_range_days(filter).is_some_and(|days| days > limit)
    }

    /// What this dialect does with `InclusiefExtraVelden=true`: `Err` = the 400 text.
    pub fn extra_fields(&self, asked: bool) -> Result<(), String> {
        if asked && self.extra_fields_refused {
            return Err("unknown parameter 'InclusiefExtraVelden'".into());
        }
        Ok(())
    }

    /// The `where` the engine should run, or the 400 text this dialect answers instead.
    pub fn adjust_filter(
        &self,
        resource: coachview::resource::Resource,
        filter: &str,
    ) -> Result<String, String> {
        if self.dates_only && has_datetime_value(filter) {
            return Err(format!(
                "bad date in where '{filter}': use dd-mm-yyyy or dd.mm.yyyy"
            ));
        }
        if self.no_reference_filter
            && resource == coachview::resource::Resource::Webaanvragen
            && filters_reference(filter)
        {
            return Err("unknown field 'referentieNrKlant' in where".into());
        }
        let mut filter = if self.id_filter_ignored {
            without_id_clauses(filter)
        } else {
            filter.to_string()
        };
        if self.reference_filter_ignored && resource == coachview::resource::Resource::Webaanvragen
        {
            filter = without_reference(&filter);
        }
        if self.person_list_ignored && resource == coachview::resource::Resource::Personen {
            filter = without_list_clauses(&filter, "email1");
        }
        if self.two_clause_last_only {
            filter = last_clause_per_field(&filter);
        }
        Ok(if self.end_inclusive {
            widen_ranges(&filter)
        } else {
            filter
        })
    }
}

/// The computed fields a record shows only with `InclusiefExtraVelden=true`.
pub const EXTRA_FIELDS: [&str; 12] = [
    "startDatum",
    "eindDatum",
    "startDag",
    "eindDag",
    "aantalPlaatsenMin",
    "aantalPlaatsenMax",
    "aantalPlaatsenVrij",
    "aantalPlaatsenBezet",
    "totaalStudiebelasting",
    "totaalAantalUur",
    "aantalOnderdelen",
    "aantalPersonenOpIngediendeWebaanvragen",
];

/// Removes the computed fields (top level) from a record serialized as JSON text.
pub fn strip_extra_fields(json: &str) -> String {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(mut map)) => {
            for f in EXTRA_FIELDS {
                map.remove(f);
            }
            Value::Object(map).to_string()
        }
        _ => json.to_string(),
    }
}

/// Example data as a client without the scope would see it: `n` copies of one record with the
/// same `id`.
pub fn example_page(n: usize) -> Value {
    let one = serde_json::json!({
        "id": "00000000-0000-0000-0000-000000000001",
        "naam": "Voorbeeld",
        "auditTrail": {"aangemaaktDatumTijd": "2020-01-01T00:00:00", "gewijzigdDatumTijd": "2020-01-01T00:00:00", "etag": 1}
    });
    Value::Array(vec![one; n.max(2)])
}

#[cfg(test)]
mod tests;
