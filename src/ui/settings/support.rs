//! The rest of Settings: language, theme, and the support block (diagnostics without secrets).

use super::SettingsEffect;
use super::frame::SettingsFrame;
use crate::i18n::{self, Lang, t, tf};
use crate::ui::ConnState;
use crate::worker::Command;
use egui::Ui;

/// Version, OS, connection host and the last errors — never a secret or token.
fn diagnostics(sf: &SettingsFrame) -> String {
    let host = match sf.cx.conn {
        ConnState::Connected { base_url, .. } => base_url.clone(),
        _ => "-".into(),
    };
    let mut out = format!(
        "coachdesk {}
OS: {} {}
connection: {}
language: {}
requests left: {}
",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH,
        host,
        i18n::current().code(),
        sf.cx
            .rate
            .remaining
            .map(|r| r.to_string())
            .unwrap_or_else(|| "-".into()),
    );
    out.push_str(&format!(
        "renderer: {}\n",
        crate::renderer::running().unwrap_or_else(|| "-".into())
    ));
    out.push_str(&format!(
        "recent commands: {}\n",
        sf.shared.worker.recent_commands().join(", ")
    ));
    out.push_str("last errors:\n");
    for m in sf.shared.notices.iter().rev().take(10) {
        out.push_str(&format!(
            "- {}\n  {}\n",
            m.title,
            m.details.replace('\n', "\n  ")
        ));
    }
    out
}

pub(super) fn support_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
    ui.horizontal(|ui| {
        let label = ui.label(t("settings.warn_share"));
        ui.add(egui::Slider::new(&mut sf.shared.warn_share_percent, 1..=100).suffix(" %"))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label(t("settings.parallel"));
        ui.add(egui::Slider::new(
            &mut sf.shared.parallel,
            1..=crate::ui::browse::MAX_PARALLEL,
        ))
        .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        if ui.button(t("settings.open_logs")).clicked() {
            sf.cx.send(Command::OpenFolder {
                path: sf.shared.dirs.logs.clone(),
            });
        }
        if ui.button(t("settings.copy_diagnostics")).clicked() {
            ui.ctx().copy_text(diagnostics(sf));
        }
    });
    let renderer = crate::renderer::running();
    let renderer = renderer.as_deref().unwrap_or(t("settings.renderer_none"));
    ui.label(tf("settings.renderer", &[("renderer", &renderer)]));
    ui.label(tf(
        "settings.where",
        &[
            ("config", &sf.shared.dirs.config.display()),
            ("data", &sf.shared.dirs.data.display()),
            ("logs", &sf.shared.dirs.logs.display()),
        ],
    ));
}

pub(super) fn language_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
    ui.horizontal(|ui| {
        ui.label(t("settings.language"));
        for (lang, label) in [(Lang::Nl, "Nederlands"), (Lang::En, "English")] {
            if ui.radio(i18n::current() == lang, label).clicked() {
                i18n::set_current(lang);
                sf.effects.push(SettingsEffect::LanguageChanged(lang));
            }
        }
    });
}

/// Light, dark, or following the OS (egui's default); egui's own storage keeps the choice.
pub(super) fn theme_ui(ui: &mut Ui) {
    ui.horizontal(|ui| {
        ui.label(t("settings.theme"));
        let current = ui.ctx().options(|o| o.theme_preference);
        for (choice, key) in [
            (egui::ThemePreference::System, "settings.theme_system"),
            (egui::ThemePreference::Light, "settings.theme_light"),
            (egui::ThemePreference::Dark, "settings.theme_dark"),
        ] {
            if ui.radio(current == choice, t(key)).clicked() {
                ui.ctx().set_theme(choice);
            }
        }
    });
}
