//! The probe: at most 13 read-only requests (token included; one more on a tenant that
//! answers `Count=true` with an empty body, one more on a tenant that refuses
//! `InclusiefDirecteRelaties`, and one more on one that refuses `InclusiefExtraVelden`) that
//! find out what this
//! tenant does with each unconfirmed fact of the API, stored as the connection's capabilities.
//! Safe against live: GETs only, small pages, a reference that cannot exist.

use super::capabilities::Capabilities;
use super::decode::{changed_at, record_id};
use super::query::{CHANGED_FIELD, CHANGED_ORDER_FIELD};
use super::rate_limit::RateLimitStatus;
use super::{ApiError, ApiErrorKind, Client, Dir, Op, Query};
use crate::resource::Resource;
use chrono::{Duration, NaiveDate};
use serde_json::Value;

/// What the probe found.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeReport {
    /// Which richer query forms proved to work and be honoured.
    pub capabilities: Capabilities,
    /// The rate-limit headers of the last answer.
    pub rate_limit: RateLimitStatus,
    /// Requests sent, token included.
    pub requests: u64,
    /// The base URL probed.
    pub base_url: String,
    /// Whether this client may enrol (`Webaanvragen.Schrijven`), as the token endpoint said
    /// when it granted the token; `None` when it did not say (known at the first enrolment).
    pub may_enrol: Option<bool>,
}

/// The scope an enrolment needs.
pub const ENROL_SCOPE: &str = "Webaanvragen.Schrijven";

/// What "Verbinding testen" usually costs, token included: the token, the first page, the
/// date-time, range-end and newest-first checks, Webaanvragen, and two rows of every other
/// resource.
pub const USUAL_REQUESTS: u64 = 6 + (Resource::ALL.len() as u64 - 2);

/// The most it costs (an empty body next to the count, a refused relations or extra-fields
/// flag each ask once more).
pub const MAX_REQUESTS: u64 = USUAL_REQUESTS + 3;

/// The resource the range, count and date-time checks run on.
const MAIN: Resource = Resource::Aanvragen;

fn forbidden(e: &ApiError) -> bool {
    matches!(e.kind, ApiErrorKind::Forbidden { .. })
}

fn stop_now(e: &ApiError) -> bool {
    matches!(
        e.kind,
        ApiErrorKind::RateLimited { .. }
            | ApiErrorKind::Unauthorized
            | ApiErrorKind::Network { .. }
    )
}

/// Runs the probe; `today` is the local date. Fails only when nothing could be learned
/// (no token, 429, network).
pub async fn probe(client: &Client, today: NaiveDate) -> Result<ProbeReport, ApiError> {
    let previous = client.tenant_state();
    let result = run(client, today).await;
    if result.is_err() {
        // A probe cut short must not forget what was known before it, nor what its answers
        // said about the daily limit (a 429 that stopped it is kept).
        client.restore(super::TenantState {
            rate_limit: client.rate_limit(),
            ..previous
        });
    }
    result
}

async fn run(client: &Client, today: NaiveDate) -> Result<ProbeReport, ApiError> {
    let start = client.requests_sent();
    let mut caps = Capabilities::default();
    let before = client.rate_limit();
    client.restore(super::TenantState::default());
    client.ensure_token().await?;
    let (d0, d1) = (today - Duration::days(400), today + Duration::days(1));
    let window = Query::new().where_range_dates(CHANGED_FIELD, d0, d1);
    // 1. A data page with Count=true: the rows the other checks use, whether rows come next to
    //    the count at all, and the page size (fewer rows than asked while more exist).
    let asc = window
        .clone()
        .orderby(CHANGED_ORDER_FIELD, Dir::Asc)
        .take(100);
    //    It asks `InclusiefDirecteRelaties=true` too: refused (400: the page once more without
    //    it), ignored (nothing embedded) or honoured (an embedded object with the id its id
    //    field names).
    let first = asc.clone().count(true);
    let with_flag = first.clone().flag(RELATIONS_FLAG, true);
    let mut relations = None;
    let answer = match client.list(MAIN, &with_flag).await {
        Err(e) if matches!(e.kind, ApiErrorKind::BadRequest { .. }) => {
            relations = Some(false);
            client.list(MAIN, &first).await
        }
        other => other,
    };
    let (mut rows, total) = match answer {
        Ok(p) => {
            caps.readable.insert(MAIN.name().into(), true);
            (p.records, p.row_count)
        }
        Err(e) if stop_now(&e) => return Err(e),
        Err(e) => {
            caps.readable.insert(MAIN.name().into(), !forbidden(&e));
            (Vec::new(), None)
        }
    };
    let rl = client.rate_limit();
    caps.rate_limit_headers = Some(
        rl.limit.is_some()
            || rl.remaining.is_some()
            || rl.reset_at.is_some()
            || rl.period_secs.is_some(),
    );
    if let Some(total) = total {
        caps.count_with_body = Some(!rows.is_empty() || total == 0);
        if rows.is_empty() && total > 0 {
            // 1b. An empty body next to the count: the same page without Count.
            let again = match relations {
                None => asc.clone().flag(RELATIONS_FLAG, true),
                Some(_) => asc.clone(),
            };
            match client.list(MAIN, &again).await {
                Ok(p) => rows = p.records,
                Err(e) if stop_now(&e) => return Err(e),
                Err(e) => tracing::info!("probe: page without Count failed: {e}"),
            }
        }
        let n = rows.len() as u64;
        caps.page_size = match total {
            _ if n >= 100 => Some(100),
            t if n > 0 && t > n => Some(n),
            _ => None,
        };
    }
    if let Some(size) = caps.page_size {
        // Learned for this resource with the flags its page was asked with, nothing else.
        let flags: &[&str] = match relations {
            Some(false) => &[],
            _ => &[RELATIONS_FLAG],
        };
        caps.page_sizes
            .insert(super::capabilities::page_key(MAIN, flags), size);
    }
    if relations.is_none() {
        relations = crate::record::names::embedded_relations(&rows);
    }
    caps.direct_relations = relations;
    // 2. Date-time filters and the range end, on the rows just read.
    if !rows.is_empty() {
        caps.datetime_filters = probe_datetime(client, &rows).await?;
        caps.range_end_inclusive = probe_range_end(client, &rows).await?;
        caps.desc_order = probe_desc(client, &window, &rows, total).await?;
    }
    // 3. Webaanvragen by a reference that cannot exist: accepted, and honoured (no rows)?
    let reference = format!("coachdesk-probe-{}", uuid::Uuid::new_v4().simple());
    let q = Query::new()
        .where_eq("referentieNrKlant", &reference)
        .take(2);
    match client.list(Resource::Webaanvragen, &q).await {
        Ok(p) => {
            caps.readable
                .insert(Resource::Webaanvragen.name().into(), true);
            caps.reference_filter = Some(p.records.is_empty());
        }
        Err(e) if stop_now(&e) => return Err(e),
        Err(e) if forbidden(&e) => {
            caps.readable
                .insert(Resource::Webaanvragen.name().into(), false);
        }
        Err(_) => caps.reference_filter = Some(false),
    }
    // 4. The other read scopes: two rows each (example data shows as identical ids).
    for r in Resource::ALL {
        if r == MAIN || r == Resource::Webaanvragen {
            continue;
        }
        // Courses are asked with their computed fields: accepted (or a 400, then once more
        // without) proves what `InclusiefExtraVelden` does here.
        let extra = r == Resource::Opleidingen;
        let q = Query::new().take(2);
        let asked = if extra {
            q.clone().flag(EXTRA_FLAG, true)
        } else {
            q.clone()
        };
        let mut answer = client.list(r, &asked).await;
        if extra {
            caps.extra_fields = match &answer {
                Ok(_) => Some(true),
                Err(e) if matches!(e.kind, ApiErrorKind::BadRequest { .. }) => {
                    answer = client.list(r, &q).await;
                    Some(false)
                }
                Err(_) => None,
            };
        }
        match answer {
            Ok(_) => {
                caps.readable.insert(r.name().into(), true);
            }
            Err(e) if stop_now(&e) => return Err(e),
            Err(e) if forbidden(&e) => {
                caps.readable.insert(r.name().into(), false);
            }
            Err(_) => {}
        }
    }
    caps.probed_at = Some(crate::clock::Clock::system().now_utc());
    let mut rate_limit = before;
    rate_limit.merge(client.rate_limit());
    client.restore(super::TenantState {
        capabilities: caps.clone(),
        rate_limit,
    });
    // Read from the token's answer: nothing is sent for it, and nothing is ever enrolled.
    let may_enrol = client.token_grants(ENROL_SCOPE).await;
    Ok(ProbeReport {
        may_enrol,
        capabilities: caps,
        rate_limit,
        requests: client.requests_sent() - start,
        base_url: client.base_url().to_string(),
    })
}

/// `field>=T;field<U` with `T` the time of a row that has an earlier row on the same day and `U`
/// a later row's time: accepted (no 400) and honoured as *both* clauses (every row in
/// `[T, U)`, the row itself among them; a server keeping only one clause answers rows outside)?
async fn probe_datetime(client: &Client, rows: &[Value]) -> Result<Option<bool>, ApiError> {
    let times: Vec<_> = rows
        .iter()
        .filter_map(|r| changed_at(r).map(|t| (t, r)))
        .collect();
    let pick = (1..times.len())
        .find(|&k| times[k].0.date() == times[k - 1].0.date() && times[k].0 > times[k - 1].0)
        .or((times.len() >= 2)
            .then_some(times.len() / 2)
            .filter(|&k| times[k].0 > times[k - 1].0));
    let Some(k) = pick else { return Ok(None) };
    let (t, row) = times[k];
    // The end: a later row's time (so rows at or after it exist), else a second after `t`.
    let end = times[k..]
        .iter()
        .map(|(c, _)| *c)
        .find(|c| *c > t)
        .unwrap_or(t + Duration::seconds(1));
    let q = Query::new()
        .where_datetime(CHANGED_FIELD, Op::Ge, t)
        .where_datetime(CHANGED_FIELD, Op::Lt, end)
        .orderby(CHANGED_ORDER_FIELD, Dir::Asc)
        .take(100);
    match client.list(MAIN, &q).await {
        Ok(p) => {
            let all_after = p
                .records
                .iter()
                .all(|r| changed_at(r).is_some_and(|c| c >= t && c < end));
            let has_it = p.records.iter().any(|r| record_id(r) == record_id(row));
            Ok(Some(all_after && has_it))
        }
        Err(e) if stop_now(&e) => Err(e),
        Err(_) => Ok(Some(false)),
    }
}

/// The probe's window `orderby … desc`: honoured when the change times do not rise, and the
/// first is the latest of the window (not below the ascending page's last, when the window
/// holds more rows than that page). `None` with too few rows to tell.
async fn probe_desc(
    client: &Client,
    window: &Query,
    asc: &[Value],
    total: Option<u64>,
) -> Result<Option<bool>, ApiError> {
    let asc_times: Vec<_> = asc.iter().filter_map(changed_at).collect();
    let (Some(first), Some(last)) = (asc_times.first(), asc_times.last()) else {
        return Ok(None);
    };
    if first == last {
        return Ok(None);
    }
    let q = window
        .clone()
        .orderby(CHANGED_ORDER_FIELD, Dir::Desc)
        .take(100);
    match client.list(MAIN, &q).await {
        Ok(p) => {
            let times: Vec<_> = p.records.iter().filter_map(changed_at).collect();
            let falling = times.windows(2).all(|w| w[0] >= w[1]);
            let more = total.is_some_and(|t| t > asc.len() as u64);
            let latest = times
                .first()
                .is_some_and(|t| if more { t >= last } else { t == last });
            Ok(Some(falling && latest && times.len() >= 2))
        }
        Err(e) if stop_now(&e) => Err(e),
        Err(e) => {
            tracing::info!("probe: descending order check failed: {e}");
            Ok(Some(false))
        }
    }
}

/// `field=D-1,D` (descending, one row) with `D` a day known to hold rows: a row of day `D`
/// means the end is included.
async fn probe_range_end(client: &Client, rows: &[Value]) -> Result<Option<bool>, ApiError> {
    let Some(day) = rows.iter().filter_map(changed_at).map(|t| t.date()).min() else {
        return Ok(None);
    };
    let q = Query::new()
        .where_range_dates(CHANGED_FIELD, day - Duration::days(1), day)
        .orderby(CHANGED_ORDER_FIELD, Dir::Desc)
        .take(1);
    match client.list(MAIN, &q).await {
        Ok(p) => Ok(Some(
            p.records
                .iter()
                .filter_map(changed_at)
                .any(|t| t.date() >= day),
        )),
        Err(e) if stop_now(&e) => Err(e),
        Err(e) => {
            tracing::info!("probe: range end check failed: {e}");
            Ok(None)
        }
    }
}

/// The flag that embeds related objects.
pub const RELATIONS_FLAG: &str = "InclusiefDirecteRelaties";

/// The flag that adds computed fields (start dates, free seats) to courses.
pub const EXTRA_FLAG: &str = "InclusiefExtraVelden";
