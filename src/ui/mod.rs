//! The egui screens. Each screen is a `*_ui` function over the app state; no I/O happens here.

pub mod browse;
pub mod clock;
pub mod enrol;
pub mod notices;
pub mod outbox;
pub mod settings;
pub mod shell;
pub mod status;
pub mod tenant_report;
pub mod welcome;
pub mod widgets;

/// The window icon (the PNG in `assets/`, embedded).
pub fn icon() -> egui::IconData {
    let bytes = include_bytes!("../../assets/icon-256.png");
    eframe::icon_data::from_png_bytes(bytes).unwrap_or_default()
}
