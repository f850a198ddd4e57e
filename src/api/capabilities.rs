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
        rate_limit: state.rate_limit.bounded(Utc::now()),
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
        assert!(r <= Utc::now() + chrono::Duration::hours(48));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
