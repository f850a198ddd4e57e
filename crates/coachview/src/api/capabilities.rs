//! What this connection's Coachview tenant is known to do (probed, or learned during a sync), and
//! the last known rate-limit state: kept per connection on disk (`tenant.json`), never a secret.

use super::rate_limit::RateLimitStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The file in a connection's folder.
pub const FILE_NAME: &str = "tenant.json";

/// The unconfirmed facts of the API, per connection. `None` = not known: use the documented
/// baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Capabilities {
    /// Date-*time* values in `where` are accepted *and* honoured (every row returned satisfies
    /// the filter). Only `Some(true)` enables keyset paging on the change time.
    pub datetime_filters: Option<bool>,
    /// `orderby … desc` is honoured (checked by the probe). Only `Some(true)` lets a busy day
    /// be read from both ends.
    pub desc_order: Option<bool>,
    /// `=D1,D2` includes the day `D2`.
    pub range_end_inclusive: Option<bool>,
    /// `Count=true` still sends the rows (false: an empty body next to `RowCount`).
    pub count_with_body: Option<bool>,
    /// The most rows the server gave per page in the probe (shown in its report). Paging uses
    /// [`Capabilities::page_sizes`]: a cap is never one value for the connection.
    pub page_size: Option<u64>,
    /// The page size learned per resource and flag set ([`page_key`]): the cap when the server
    /// gave fewer than asked, else the `take` that came back full.
    pub page_sizes: BTreeMap<String, u64>,
    /// Responses carry `X-Rate-Limit-*` headers.
    pub rate_limit_headers: Option<bool>,
    /// `where=referentieNrKlant=…` on Webaanvragen is accepted and honoured.
    pub reference_filter: Option<bool>,
    /// `InclusiefDirecteRelaties=true` is accepted *and* honoured (a related object arrives
    /// embedded, carrying the id its id field names). Only `Some(true)` makes the sync ask it.
    pub direct_relations: Option<bool>,
    /// `InclusiefExtraVelden=true` is accepted (`Some(false)`: a 400 refused it; it is then
    /// not sent again on this connection).
    pub extra_fields: Option<bool>,
    /// Per resource name: whether `where=id=a,b,…` is honoured (only the asked ids come back);
    /// `false` is remembered so later names jobs do not test it again.
    pub id_filter: BTreeMap<String, bool>,
    /// `where=email1=a,b,…` on Personen: `Some(true)` once a batch answer held records for two
    /// or more different asked addresses and no other (a missing address then means "not
    /// known"); `Some(false)` once an answer held an address not asked (single lookups from then
    /// on). `None`: not proven; an empty batch answer is inconclusive.
    pub multi_email_filter: Option<bool>,
    /// `Some(false)` once the server refused requests asked at once (a 429 or 502–504 while a
    /// sync had several in flight) or answered them slowly: later syncs ask one at a time.
    pub parallel_requests: Option<bool>,
    /// Per resource name: whether its read scope gives real data.
    pub readable: BTreeMap<String, bool>,
    /// When the probe ran.
    pub probed_at: Option<DateTime<Utc>>,
    /// When the probe was last started on its own (a failed one is not tried again that day).
    pub probe_tried_at: Option<DateTime<Utc>>,
    /// When something the probe had proven stopped holding during a job (a fallback): the probe
    /// runs again on its own the next time.
    pub fallback_at: Option<DateTime<Utc>>,
}

/// How often the probe runs on its own: once per tenant, again after this many days.
pub const PROBE_EVERY_DAYS: i64 = 30;

/// When the probe runs on its own before a connection's first jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AutoProbe {
    /// Once per tenant, again when a fallback triggers or after [`PROBE_EVERY_DAYS`].
    #[default]
    Once,
    /// Never on its own (`--no-probe`): only the documented forms until a probe is asked.
    Never,
}

/// The key of a page size: the resource and the flags sent with it (sorted), e.g.
/// `Opleidingen+InclusiefExtraVelden`.
pub fn page_key(resource: crate::resource::Resource, flags: &[&str]) -> String {
    let mut flags: Vec<&str> = flags.to_vec();
    flags.sort_unstable();
    flags.dedup();
    std::iter::once(resource.name())
        .chain(flags)
        .collect::<Vec<_>>()
        .join("+")
}

impl Capabilities {
    /// Whether the probe should run on its own now: never probed, probed longer than
    /// [`PROBE_EVERY_DAYS`] ago, or a proven fact fell back since (at most once a day, so a tenant
    /// whose probe and jobs disagree does not pay a dozen requests on every job).
    pub fn probe_due(&self, now: DateTime<Utc>) -> bool {
        let day = chrono::Duration::days(1);
        if self
            .probe_tried_at
            .is_some_and(|t| t > now - day && t <= now)
        {
            return false;
        }
        match self.probed_at {
            None => true,
            Some(at) if at < now - chrono::Duration::days(PROBE_EVERY_DAYS) => true,
            Some(at) => self.fallback_at.is_some_and(|f| f > at) && at < now - day,
        }
    }

    /// The facts the probe proves that a job can find not holding after all.
    fn proven(&self) -> [Option<bool>; 6] {
        [
            self.datetime_filters,
            self.desc_order,
            self.range_end_inclusive,
            self.direct_relations,
            self.reference_filter,
            self.count_with_body,
        ]
    }

    /// Notes a fallback when `before` had proven something this no longer holds.
    pub(crate) fn note_fallback(&mut self, before: &Capabilities, now: DateTime<Utc>) {
        let fell = before
            .proven()
            .iter()
            .zip(self.proven())
            .any(|(b, a)| *b == Some(true) && a != Some(true));
        if fell && self.probed_at == before.probed_at {
            self.fallback_at = Some(now);
        }
    }

    /// The page size learned for `resource` asked with `flags`, if any.
    pub fn page_size_for(
        &self,
        resource: crate::resource::Resource,
        flags: &[&str],
    ) -> Option<u64> {
        self.page_sizes.get(&page_key(resource, flags)).copied()
    }
}

/// Everything kept per connection about the tenant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TenantState {
    /// What the probe proved about the tenant's query forms.
    pub capabilities: Capabilities,
    /// The rate-limit headers last seen.
    pub rate_limit: RateLimitStatus,
}

/// Reads `tenant.json` from `dir`; a missing or unreadable file gives the default (logged),
/// and a stored reset too far ahead is cut to 48 hours.
pub fn load(dir: &Path) -> TenantState {
    let path = dir.join(FILE_NAME);
    let state = match std::fs::read(&path) {
        Ok(bytes) => match serde_json::from_slice::<TenantState>(&bytes) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!("{}: unreadable, starting uninformed: {e}", path.display());
                TenantState::default()
            }
        },
        Err(_) => TenantState::default(),
    };
    TenantState {
        rate_limit: state
            .rate_limit
            .bounded(crate::clock::Clock::system().now_utc()),
        ..state
    }
}

/// Writes `tenant.json` into `dir` (temp file + rename, so a crash never leaves half a file).
pub fn save(dir: &Path, state: &TenantState) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let text = serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?;
    crate::atomic_file::write(&dir.join(FILE_NAME), &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bad_files() {
        let dir = std::env::temp_dir().join(format!("cd-caps-{}", uuid::Uuid::new_v4()));
        assert_eq!(load(&dir), TenantState::default());
        let mut s = TenantState::default();
        s.capabilities.datetime_filters = Some(false);
        s.capabilities.page_size = Some(50);
        s.rate_limit.limit = Some(5000);
        save(&dir, &s).unwrap();
        assert_eq!(load(&dir), s);
        std::fs::write(dir.join(FILE_NAME), b"{not json").unwrap();
        assert_eq!(load(&dir), TenantState::default());
        // a far reset written by an older version is cut back on reading
        std::fs::write(
            dir.join(FILE_NAME),
            br#"{"rate_limit":{"limit":1,"remaining":0,"reset_at":"9999-01-01T00:00:00Z"}}"#,
        )
        .unwrap();
        let r = load(&dir).rate_limit.reset_at.unwrap();
        assert!(r <= crate::clock::Clock::system().now_utc() + chrono::Duration::hours(48));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_probe_is_due_once_then_after_thirty_days_or_a_fallback() {
        let now = crate::clock::Clock::system().now_utc();
        let days = chrono::Duration::days;
        let mut c = Capabilities::default();
        assert!(c.probe_due(now), "never probed");
        c.probe_tried_at = Some(now - chrono::Duration::hours(2));
        assert!(!c.probe_due(now), "a probe tried today is not tried again");
        c.probe_tried_at = Some(now - days(2));
        c.probed_at = Some(now - days(2));
        assert!(!c.probe_due(now));
        c.probed_at = Some(now - days(PROBE_EVERY_DAYS + 1));
        assert!(c.probe_due(now), "older than 30 days");
        c.probed_at = Some(now - days(2));
        c.datetime_filters = Some(true);
        let before = c.clone();
        c.direct_relations = Some(false);
        c.note_fallback(&before, now);
        assert_eq!(c.fallback_at, None, "nothing proven fell back");
        let before = c.clone();
        c.datetime_filters = Some(false);
        c.note_fallback(&before, now);
        assert_eq!(c.fallback_at, Some(now));
        assert!(c.probe_due(now), "a fallback asks for the probe again");
        c.probed_at = Some(now - chrono::Duration::hours(3));
        c.fallback_at = Some(now);
        assert!(!c.probe_due(now), "at most once a day");
    }
}
