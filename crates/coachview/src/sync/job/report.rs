//! What a run tells: its progress as it goes, its totals, and the error it stopped with (the
//! partial report and the range still missing).

use super::{Run, Stop};
use crate::api::raw::RawRecord;
use crate::api::{ApiError, ApiErrorKind};
use crate::resource::Resource;
use crate::sync::cursor::CursorStop;
use crate::sync::{SyncError, SyncProgressInfo};
use chrono::NaiveDateTime;

fn show(t: NaiveDateTime) -> String {
    t.format("%d-%m-%Y %H:%M").to_string()
}

pub(super) fn missing_text(from: NaiveDateTime, to: NaiveDateTime) -> crate::sync::Missing {
    crate::sync::Missing { from, to }
}

impl Run<'_> {
    /// The report's totals as they stand.
    pub(super) fn finish(&mut self) {
        self.report.records = self.seen.len() as u64;
        self.report.requests = self.job.client.requests_sent() - self.requests_at_start;
        self.report.bytes = self.job.client.bytes_received() - self.bytes_at_start;
        self.report.seconds = crate::clock::Clock::system()
            .since(self.started)
            .as_secs_f64();
    }

    /// The run stopped at `stop`: the error, with the partial report and what is missing.
    pub(super) fn fail(&mut self, stop: Stop) -> SyncError {
        self.finish();
        let to = self.job.to;
        let mut report = std::mem::take(&mut self.report);
        let at = match &stop {
            Stop::Api(_, at)
            | Stop::Store(_, at)
            | Stop::Cancelled(at)
            | Stop::Cursor(_, at)
            | Stop::Timeout(_, at) => *at,
            Stop::Downgrade(_) => self.job.from,
        };
        report.missing = Some(missing_text(at, to));
        let report = Box::new(report);
        match stop {
            Stop::Store(source, _) => SyncError::Store { source, report },
            Stop::Cursor(CursorStop::TooBusy { day, count }, _) => SyncError::TooBusy {
                day: day.format("%d-%m-%Y").to_string(),
                count,
                limit: self.job.opts.safe_skip,
                report,
            },
            Stop::Cursor(CursorStop::Gap(gap), _) => SyncError::Gap { gap, report },
            Stop::Cursor(CursorStop::TooManyTies(t), _) => SyncError::TooManyTies {
                at: show(t),
                limit: self.job.opts.safe_skip,
                report,
            },
            Stop::Api(error, _) | Stop::Timeout(error, _) => SyncError::Api { error, report },
            Stop::Cursor(CursorStop::NotHonoured(why), _) | Stop::Downgrade(why) => {
                let kind = ApiErrorKind::Decode {
                    path: "where".into(),
                    snippet: why,
                };
                let error = ApiError::new(kind, Some(200), "GET", "", "");
                SyncError::Api { error, report }
            }
            Stop::Cancelled(_) => {
                let error = ApiError::new(ApiErrorKind::Cancelled, None, "GET", "", "");
                SyncError::Api { error, report }
            }
        }
    }

    /// Progress without new rows.
    pub(super) fn report_progress(&mut self, batch: &[RawRecord]) {
        self.report_rows(batch, &[]);
    }

    /// Progress with rows just handed to the store and the names that came embedded with them.
    pub(super) fn report_rows(
        &mut self,
        batch: &[RawRecord],
        names: &[(Resource, String, crate::record::names::NameState)],
    ) {
        let info = SyncProgressInfo {
            names,
            windows_done: self.windows_done,
            windows_total: self.report.windows,
            planned: self.planned,
            expected_records: self.expected,
            records: self.seen.len() as u64,
            requests: self.job.client.requests_sent() - self.requests_at_start,
            requests_left: self.job.client.rate_limit().remaining,
            batch,
            waiting_until: self.job.client.waiting_until(),
            one_at_a_time: self.parallel.polite,
        };
        (self.progress)(&info);
    }
}
