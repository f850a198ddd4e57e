//! Names that could not be resolved: each id says why in its cell, and is asked again later —
//! bounded, never a blind loop. A network or server failure is retried after a backoff
//! (30 s, 2 min, 8 min), then not before the next completed sync; a 429 not before the reset
//! the server named (at most 48 h ahead), else the next completed sync; a 401 not before the
//! connection was made again (or a sync completed); while a 401 or 429 holds, no names are
//! asked at all, not even for new rows. A resolved batch puts its names into the
//! table in place (no reload of the stored rows).

use super::BrowseState;
use crate::i18n::tf;
use crate::record::names::{NameState, NamesCause, NamesFailure};
use crate::resource::Resource;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Automatic attempts after a failure before waiting for the next sync.
pub(super) const MAX_ATTEMPTS: u32 = 3;

/// Ids whose names could not be resolved, why, and when they are asked again.
#[derive(Debug)]
pub struct NamesRetry {
    failed: HashMap<String, NamesCause>,
    attempts: u32,
    /// When the ids are due again; `None` = waiting for an event (sync, reconnect).
    next_at: Option<Instant>,
    /// The first backoff (then ×4 per attempt).
    pub first_backoff: Duration,
    /// The connection was down since the last look (a reconnect lifts a 401).
    was_down: bool,
    /// A 401 or 429 holds every names request (new ids too) until its cause changed.
    hold: bool,
}

impl Default for NamesRetry {
    fn default() -> NamesRetry {
        NamesRetry {
            failed: HashMap::new(),
            attempts: 0,
            next_at: None,
            first_backoff: Duration::from_secs(30),
            was_down: false,
            hold: false,
        }
    }
}

impl NamesRetry {
    /// A job failed: its unanswered ids wait for the next attempt this cause allows. `now` and
    /// `now_utc` are the same moment of the app's clock.
    pub(crate) fn failed(&mut self, failure: NamesFailure, now: Instant, now_utc: DateTime<Utc>) {
        self.attempts += 1;
        self.hold = matches!(
            failure.cause,
            NamesCause::Unauthorized | NamesCause::RateLimited { .. }
        );
        self.next_at = match &failure.cause {
            NamesCause::Unauthorized => None,
            NamesCause::RateLimited { until } => until.map(|until| {
                let secs = (until - now_utc).num_seconds().clamp(1, 48 * 3600);
                now + Duration::from_secs(secs as u64)
            }),
            _ if self.attempts > MAX_ATTEMPTS => None,
            _ => Some(now + self.first_backoff * 4u32.pow(self.attempts - 1)),
        };
        for (_, id) in failure.ids {
            self.failed.insert(id, failure.cause.clone());
        }
    }

    /// Names arrived for these ids.
    pub(crate) fn answered<'a>(&mut self, ids: impl IntoIterator<Item = &'a String>) {
        for id in ids {
            self.failed.remove(id);
        }
        if self.failed.is_empty() {
            self.attempts = 0;
            self.next_at = None;
        }
    }

    /// A sync completed: requests work again, whatever the cause was.
    pub(crate) fn sync_done(&mut self, now: Instant) {
        self.hold = false;
        if !self.failed.is_empty() {
            self.attempts = 0;
            self.next_at = Some(now);
        }
    }

    /// Follows the connection: made again after being down lifts a 401.
    pub(crate) fn connection(&mut self, connected: bool, now: Instant) {
        if !connected {
            self.was_down = true;
        } else if std::mem::take(&mut self.was_down)
            && self.failed.values().any(|c| *c == NamesCause::Unauthorized)
        {
            self.attempts = 0;
            self.next_at = Some(now);
        }
    }

    /// True while a 401 or 429 holds every names request (no new ids asked either).
    pub(crate) fn held(&self) -> bool {
        self.hold
    }

    /// The ids due to be asked again now (then waiting for their answer).
    pub(crate) fn take_due(&mut self, now: Instant) -> Vec<String> {
        match self.next_at {
            Some(at) if at <= now => {
                self.next_at = None;
                self.hold = false;
                self.failed.keys().cloned().collect()
            }
            _ => Vec::new(),
        }
    }

    /// How long until the next attempt (to wake the UI then).
    pub(crate) fn wait(&self, now: Instant) -> Option<Duration> {
        self.next_at.map(|at| at.saturating_duration_since(now))
    }

    /// The text a cell shows for an id that could not be resolved.
    pub fn shown(&self, id: &str) -> Option<String> {
        let cause = self.failed.get(id)?;
        let reason = match cause {
            NamesCause::Network | NamesCause::Server | NamesCause::Other
                if self.attempts > MAX_ATTEMPTS =>
            {
                let n = MAX_ATTEMPTS.to_string();
                tf("names.reason.gave_up", &[("n", &n)])
            }
            c => c.reason(),
        };
        Some(tf("names.failed", &[("reason", &reason)]))
    }

    /// How many ids could not be resolved.
    pub fn len(&self) -> usize {
        self.failed.len()
    }

    /// True when every id asked was answered.
    pub fn is_empty(&self) -> bool {
        self.failed.is_empty()
    }
}

impl BrowseState {
    /// The answer of a names job: names into the table in place (no reload), failures noted.
    pub(super) fn names_arrived(
        &mut self,
        names: Vec<(Resource, Vec<(String, NameState)>)>,
        failed: Option<NamesFailure>,
    ) {
        for (resource, batch) in names {
            self.names_retry.answered(batch.iter().map(|(id, _)| id));
            let batch: HashMap<String, NameState> = batch.into_iter().collect();
            self.model.put_names(resource, &batch);
        }
        match failed {
            // Cancelled: the ids not asked may be asked again once they are in view again.
            Some(failure) if failure.cause == NamesCause::Cancelled => {
                for (_, id) in &failure.ids {
                    self.names_tried.remove(id);
                }
            }
            Some(failure) => {
                let (now, now_utc) = (self.clock.instant(), self.clock.now_utc());
                self.names_retry.failed(failure, now, now_utc);
            }
            None => {}
        }
    }

    /// Makes the ids that are due askable again (the rows in view ask them first).
    pub(super) fn names_due(&mut self, connected: bool, now: Instant) {
        self.names_retry.connection(connected, now);
        let due = self.names_retry.take_due(now);
        if !due.is_empty() {
            for id in &due {
                self.names_tried.remove(id);
            }
            self.names_check = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;

    fn failure(cause: NamesCause) -> NamesFailure {
        NamesFailure {
            cause,
            ids: vec![(Resource::Bedrijven, "b1".into())],
        }
    }

    #[test]
    fn network_failures_back_off_then_wait_for_a_sync() {
        let mut r = NamesRetry::default();
        let clock = Clock::system();
        let (t0, utc) = (clock.instant(), clock.now_utc());
        let mut at = t0;
        for n in 0..MAX_ATTEMPTS {
            r.failed(failure(NamesCause::Network), at, utc);
            let wait = Duration::from_secs(30) * 4u32.pow(n);
            assert_eq!(r.wait(at), Some(wait));
            assert!(r.take_due(at + wait - Duration::from_millis(1)).is_empty());
            at += wait;
            assert_eq!(r.take_due(at), ["b1"]);
            assert!(r.take_due(at).is_empty(), "asked once per due time");
        }
        r.failed(failure(NamesCause::Network), at, utc);
        assert!(!r.held(), "a network failure holds only its own ids");
        assert_eq!(r.wait(at), None, "gave up until the next sync");
        assert!(r.shown("b1").unwrap().contains(&MAX_ATTEMPTS.to_string()));
        assert!(r.take_due(at + Duration::from_secs(86_400)).is_empty());
        r.sync_done(at);
        assert_eq!(r.take_due(at), ["b1"]);
        r.answered([&"b1".to_string()]);
        assert!(r.is_empty() && r.shown("b1").is_none());
    }

    #[test]
    fn a_401_waits_for_a_reconnect_and_a_429_for_its_reset() {
        let clock = Clock::system();
        let (now, utc) = (clock.instant(), clock.now_utc());
        let mut r = NamesRetry::default();
        r.failed(failure(NamesCause::Unauthorized), now, utc);
        assert!(r.held(), "no names request at all until the cause changed");
        assert!(r.take_due(now + Duration::from_secs(86_400)).is_empty());
        r.connection(true, now);
        assert!(r.take_due(now).is_empty(), "still the same connection");
        r.connection(false, now);
        r.connection(true, now);
        assert_eq!(r.take_due(now), ["b1"]);
        assert!(!r.held());

        let mut r = NamesRetry::default();
        let until = utc + chrono::Duration::minutes(10);
        r.failed(
            failure(NamesCause::RateLimited { until: Some(until) }),
            now,
            utc,
        );
        let wait = r.wait(now).unwrap();
        assert!(wait > Duration::from_secs(590) && wait <= Duration::from_secs(600));
        assert!(r.take_due(now + Duration::from_secs(300)).is_empty());
        assert!(r.held());
        r.connection(false, now);
        r.connection(true, now);
        assert!(
            r.take_due(now).is_empty(),
            "a reconnect does not lift a 429"
        );
        assert_eq!(r.take_due(now + wait), ["b1"]);
        assert!(!r.held());
        // A far reset is bounded; none at all waits for the next sync.
        let mut r = NamesRetry::default();
        let far = utc + chrono::Duration::days(30);
        r.failed(
            failure(NamesCause::RateLimited { until: Some(far) }),
            now,
            utc,
        );
        assert!(r.wait(now).unwrap() <= Duration::from_secs(48 * 3600));
        let mut r = NamesRetry::default();
        r.failed(failure(NamesCause::RateLimited { until: None }), now, utc);
        assert_eq!(r.wait(now), None);
        r.sync_done(now);
        assert!(!r.held() && r.take_due(now) == ["b1"]);
        assert!(r.shown("b1").is_some());
    }

    #[test]
    fn ids_of_a_cancelled_names_job_are_askable_again_and_not_shown_as_failed() {
        let mut b = BrowseState::new(&super::super::BrowsePersisted::default());
        b.names_tried.insert("b1".into());
        b.names_tried.insert("b2".into());
        b.names_arrived(
            vec![(
                Resource::Bedrijven,
                vec![("b2".into(), NameState::Found("Jansen BV".into()))],
            )],
            Some(failure(NamesCause::Cancelled)),
        );
        assert!(!b.names_tried.contains("b1"), "asked again when in view");
        assert!(b.names_tried.contains("b2"), "answered: not asked again");
        assert_eq!(b.names_retry.shown("b1"), None, "a cancel is not a failure");
        assert!(b.names_retry.is_empty());
        // A real failure is still noted with its reason.
        b.names_arrived(Vec::new(), Some(failure(NamesCause::Network)));
        assert!(b.names_retry.shown("b1").is_some());
    }
}
