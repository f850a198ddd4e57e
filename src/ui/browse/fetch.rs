//! Fetching from the browser: the Fetch button, the cost estimate asked first, and the
//! confirmation of a large fetch.

use super::BrowseState;
use super::PendingFetch;
use crate::i18n::{t, tf};
use crate::ui::Ctx;
use crate::worker::{Command, FetchRange};
use egui::Ui;

pub(super) fn fetch_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut Ui) {
    let connected = cx.connected();
    let busy = b.fetch.is_loading() || b.estimate.is_some();
    if ui
        .add_enabled(connected && !busy, egui::Button::new(t("browse.fetch")))
        .clicked()
    {
        let range = b.range();
        request_estimate(b, cx, range);
    }
    if ui
        .add_enabled(
            connected && !busy,
            egui::Button::new(t("browse.since_last")),
        )
        .clicked()
    {
        start_fetch(b, cx, FetchRange::SinceLastSync);
    }
    if let Some(req) = b.fetch.req() {
        ui.spinner();
        if ui.button(t("browse.cancel_fetch")).clicked() {
            cx.send(Command::Cancel { req });
        }
    }
}

pub(super) fn request_estimate(b: &mut BrowseState, cx: &mut Ctx, range: FetchRange) {
    let FetchRange::Days { from, to } = range else {
        return start_fetch(b, cx, range);
    };
    let req = cx.next_req();
    b.estimate = Some(PendingFetch {
        req,
        range,
        requests: None,
        records: None,
    });
    cx.send(Command::Estimate {
        req,
        resource: b.resource,
        from,
        to,
    });
}

/// Starts the fetch (after the estimate, or at once for "since last sync").
pub(super) fn start_fetch(b: &mut BrowseState, cx: &mut Ctx, range: FetchRange) {
    let req = cx.next_req();
    b.estimate = None;
    b.fetch.restart(req);
    cx.send(Command::Fetch {
        req,
        resource: b.resource,
        range,
        parallel: b.parallel,
    });
}

pub(super) fn estimate_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut Ui) {
    let Some(pending) = b.estimate.clone() else {
        return;
    };
    let (Some(requests), Some(records)) = (pending.requests, pending.records) else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t("browse.estimating"));
        });
        return;
    };
    let left = cx.rate.remaining.map(u64::from);
    let share = u64::from(b.warn_share_percent);
    let too_costly = left.is_some_and(|left| requests * 100 > left * share);
    if !too_costly {
        start_fetch(b, cx, pending.range);
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
            start_fetch(b, cx, pending.range);
        }
        if ui.button(t("browse.dont_fetch")).clicked() {
            b.estimate = None;
        }
    });
}
