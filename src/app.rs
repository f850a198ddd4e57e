//! The eframe application: owns UI state, drains worker events, routes to screens.

use std::process::ExitCode;

/// Opens the main window; returns when it closes.
pub fn run_gui() -> ExitCode {
    let options = eframe::NativeOptions::default();
    let result = eframe::run_native(
        "coachdesk",
        options,
        Box::new(|_cc| Ok(Box::new(Placeholder))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("coachdesk could not open its window: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Placeholder;

impl eframe::App for Placeholder {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.heading("coachdesk");
    }
}
