//! Fetching from the browser: the Fetch button, the cost estimate asked first, and the
//! confirmation of a large fetch.

use super::PendingFetch;
use crate::app::CoachApp;
use crate::i18n::{t, tf};
use crate::worker::{Command, FetchRange};
use egui::Ui;

pub(super) fn fetch_ui(app: &mut CoachApp, ui: &mut Ui) {
    let connected = matches!(app.conn, crate::app::ConnState::Connected { .. });
    let busy = app.browse.fetch_req.is_some() || app.browse.estimate.is_some();
    if ui
        .add_enabled(connected && !busy, egui::Button::new(t("browse.fetch")))
        .clicked()
    {
        let range = app.browse.range();
        request_estimate(app, range);
    }
    if ui
        .add_enabled(
            connected && !busy,
            egui::Button::new(t("browse.since_last")),
        )
        .clicked()
    {
        start_fetch(app, FetchRange::SinceLastSync);
    }
    if let Some(req) = app.browse.fetch_req {
        ui.spinner();
        if ui.button(t("browse.cancel_fetch")).clicked() {
            app.send(Command::Cancel { req });
        }
    }
}

pub(super) fn request_estimate(app: &mut CoachApp, range: FetchRange) {
    let FetchRange::Days { from, to } = range else {
        return start_fetch(app, range);
    };
    let req = app.next_req();
    app.browse.estimate = Some(PendingFetch {
        req,
        range,
        requests: None,
        records: None,
    });
    app.send(Command::Estimate {
        req,
        resource: app.browse.resource,
        from,
        to,
    });
}

/// Starts the fetch (after the estimate, or at once for "since last sync").
pub(super) fn start_fetch(app: &mut CoachApp, range: FetchRange) {
    let req = app.next_req();
    app.browse.estimate = None;
    app.browse.fetch_req = Some(req);
    app.browse.last_fetch = None;
    app.send(Command::Fetch {
        req,
        resource: app.browse.resource,
        range,
        lang: crate::i18n::current(),
    });
}

pub(super) fn estimate_ui(app: &mut CoachApp, ui: &mut Ui) {
    let Some(pending) = app.browse.estimate.clone() else {
        return;
    };
    let (Some(requests), Some(records)) = (pending.requests, pending.records) else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t("browse.estimating"));
        });
        return;
    };
    let left = app.rate.remaining.map(u64::from);
    let share = u64::from(app.browse.warn_share_percent);
    let too_costly = left.is_some_and(|left| requests * 100 > left * share);
    if !too_costly {
        start_fetch(app, pending.range);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tf(
                "browse.estimate_warn",
                &[
                    ("records", &records),
                    ("requests", &requests),
                    ("left", &left.unwrap_or(0)),
                ],
            ),
        );
        if ui.button(t("browse.fetch_anyway")).clicked() {
            start_fetch(app, pending.range);
        }
        if ui.button(t("browse.dont_fetch")).clicked() {
            app.browse.estimate = None;
        }
    });
}
