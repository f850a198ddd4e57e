//! Drawing the wizard: the current step in a scroll area, the Back/Next bar below it, and the
//! actions the frame asked for.

use super::{Action, EnrolState, Outcome, course, known, outcome, owner, review, steps};
use crate::enrol::FieldIssue;
use crate::enrol::Step;
use crate::i18n::{t, tf};
use crate::ui::{Ctx, Screen};
use crate::worker::Command;
use egui::Ui;

/// Draws the wizard.
pub fn enrol_ui(state: &mut EnrolState, cx: &mut Ctx, ui: &mut Ui) {
    let connected = cx.connected();
    let mut actions = Vec::new();
    // The Back/Next bar stays visible below the scrolling step.
    let step = state.current_step();
    let enter = egui::ScrollArea::vertical()
        .id_salt("enrol-scroll")
        .max_height((ui.available_height() - 70.0).max(120.0))
        .show(ui, |ui| wizard_ui(state, connected, ui, &mut actions))
        .inner;
    nav_ui(state, step, ui, enter);
    actions.extend(state.background_actions(connected, ui));
    for action in actions {
        match action {
            Action::LoadCourses => {
                let req = cx.next_req();
                state.courses.start(req);
                cx.send(Command::LoadCourses { req });
            }
            Action::Send => super::send::send(state, cx),
            Action::OpenOutbox => cx.goto(Screen::Outbox),
            other => known::run_action(state, cx, other),
        }
    }
    state.autosave(ui, cx);
}

/// Draws the current step; returns whether Enter was pressed in one of its fields.
fn wizard_ui(
    state: &mut EnrolState,
    connected: bool,
    ui: &mut Ui,
    actions: &mut Vec<Action>,
) -> bool {
    let lang = crate::i18n::current();
    let step = state.current_step();
    let steps = state.draft.steps();
    let n = steps.iter().position(|s| *s == step).map_or(1, |i| i + 1);
    ui.heading(tf(
        "wiz.step_of",
        &[
            ("n", &n),
            ("total", &steps.len()),
            ("title", &step.title(lang)),
        ],
    ));
    ui.horizontal_wrapped(|ui| {
        for s in &steps {
            if *s == step {
                ui.strong(s.title(lang));
            } else {
                ui.weak(s.title(lang));
            }
        }
    });
    ui.separator();
    owner::cleared_banner(state, ui);
    if let Some(Outcome::NeedsFix) = &state.outcome {
        ui.colored_label(ui.visuals().error_fg_color, t("wiz.needs_fix"));
    }
    let mut enter = false;
    match step {
        Step::Course => course::course_step(state, connected, ui, actions, &mut enter),
        Step::Scenario => steps::scenario_step(state, ui),
        Step::Contact => steps::contact_step(state, ui, &mut enter, actions),
        Step::Participants => steps::participants_step(state, ui, &mut enter, actions),
        Step::Company => steps::company_step(state, ui, &mut enter, actions),
        Step::Review => review::review_step(state, ui),
        Step::Send => outcome::send_step(state, ui, actions),
    }
    enter
}

fn nav_ui(state: &mut EnrolState, step: Step, ui: &mut Ui, enter: bool) {
    let busy = state.sending.is_some() || state.is_done();
    ui.separator();
    ui.horizontal(|ui| {
        let first = state.draft.steps().first() == Some(&step);
        if ui
            .add_enabled(!first && !busy, egui::Button::new(t("wiz.back")))
            .clicked()
        {
            state.back();
        }
        if step != Step::Send {
            let next = ui.add(egui::Button::new(t("wiz.next")));
            let nothing_focused = ui.ctx().memory(|m| m.focused().is_none());
            let enter_here =
                nothing_focused && ui.input(|i| i.key_pressed(egui::Key::Enter)) || enter;
            if next.clicked() || enter_here {
                state.next();
            }
        }
    });
    let step = state.current_step();
    if state.attempted.contains(&step) && state.issues_of(step).iter().any(FieldIssue::is_error) {
        ui.colored_label(ui.visuals().error_fg_color, t("wiz.fix_errors"));
    }
}
