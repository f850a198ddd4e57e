//! The egui screens. Each screen draws its own state with a small [`Ctx`]; no I/O happens here.

pub mod browse;
pub mod ctx;
pub mod date_picker;
pub mod enrol;
pub mod outbox;
pub mod path_prompt;
pub mod remote;
pub mod settings;
pub mod tenant_report;
pub mod widgets;

pub use ctx::{ConnState, Ctx, Screen};
pub use remote::Remote;

/// The window icon (the PNG in `assets/`, embedded).
pub(crate) fn icon() -> egui::IconData {
    let bytes = include_bytes!("../../assets/icon-256.png");
    eframe::icon_data::from_png_bytes(bytes).unwrap_or_default()
}
