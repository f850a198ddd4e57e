//! The profiles list in Settings: add, rename, switch, and remove (after asking; its secret is
//! forgotten unless another profile uses the same connection).

use super::SettingsState;
use crate::app::CoachApp;
use crate::config::Profile;
use crate::i18n::{t, tf};
use crate::worker::Command;
use egui::Ui;

/// Draws the list of profiles with their actions, and "New profile".
pub(super) fn profiles_ui(app: &mut CoachApp, ui: &mut Ui) {
    ui.label(t("settings.profiles"));
    let active = active_profile(app);
    let mut load = None;
    let mut switch = None;
    egui::Grid::new("profiles")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for profile in &app.config.profiles {
                let name = &profile.name;
                let renaming = app
                    .settings
                    .renaming
                    .as_mut()
                    .filter(|(old, _)| old == name);
                if let Some((_, typed)) = renaming {
                    let label = ui.label(t("settings.profile_new_name"));
                    ui.add(egui::TextEdit::singleline(typed).desired_width(180.0))
                        .labelled_by(label.id);
                } else {
                    let mut text = name.clone();
                    if active.as_deref() == Some(name.as_str()) {
                        text = tf("settings.profile_active", &[("name", name)]);
                    }
                    if ui
                        .selectable_label(app.settings.name == *name, text)
                        .on_hover_text(t("settings.profile_edit_hint"))
                        .clicked()
                    {
                        load = Some(profile.clone());
                    }
                    ui.label(profile.environment.base_url());
                }
                let is_active = active.as_deref() == Some(name.as_str());
                if ui
                    .add_enabled(
                        !is_active,
                        egui::Button::new(tf("settings.profile_use", &[("name", name)])),
                    )
                    .clicked()
                {
                    switch = Some(profile.clone());
                }
                ui.horizontal(|ui| {
                    if ui
                        .button(tf("settings.profile_rename", &[("name", name)]))
                        .clicked()
                    {
                        app.settings.renaming = Some((name.clone(), name.clone()));
                    }
                    if ui
                        .button(tf("settings.profile_remove", &[("name", name)]))
                        .clicked()
                    {
                        app.settings.removing = Some(name.clone());
                    }
                });
                ui.end_row();
            }
        });
    if let Some(p) = load {
        app.settings.load(&p);
    }
    if let Some(p) = switch {
        app.settings.load(&p);
        app.connect(p, None);
    }
    rename_ui(app, ui);
    remove_ui(app, ui);
    if ui.button(t("settings.profile_add")).clicked() {
        new_profile_form(app);
    }
}

/// The profile in use (the last one connected), if it is a saved profile.
pub(super) fn active_profile(app: &CoachApp) -> Option<String> {
    app.persisted
        .last_profile
        .clone()
        .filter(|n| app.config.profile(n).is_some())
}

/// Clears the form for a new profile with a free name; saving it adds it to the list.
fn new_profile_form(app: &mut CoachApp) {
    let base = t("settings.profile_new_default");
    let mut name = base.to_string();
    let mut n = 2;
    while app.config.profile(&name).is_some() {
        name = format!("{base} {n}");
        n += 1;
    }
    app.settings = SettingsState {
        name,
        env: Some(super::EnvChoice::Live),
        ..Default::default()
    };
}

fn rename_ui(app: &mut CoachApp, ui: &mut Ui) {
    let Some((old, typed)) = app.settings.renaming.clone() else {
        return;
    };
    let new = typed.trim().to_string();
    let taken = new != old && app.config.profile(&new).is_some();
    if taken {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tf("settings.profile_name_taken", &[("name", &new)]),
        );
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !new.is_empty() && !taken,
                egui::Button::new(t("settings.profile_rename_ok")),
            )
            .clicked()
        {
            rename(app, &old, &new);
            app.settings.renaming = None;
        }
        if ui.button(t("settings.profile_cancel")).clicked() {
            app.settings.renaming = None;
        }
    });
}

/// Renames a profile everywhere it is remembered. The secret is kept under the connection (host
/// and client id), not the name, so it needs no change.
pub(super) fn rename(app: &mut CoachApp, old: &str, new: &str) {
    let Some(profile) = app.config.profiles.iter_mut().find(|p| p.name == old) else {
        return;
    };
    profile.name = new.to_string();
    for name in [
        &mut app.config.last_profile,
        &mut app.persisted.last_profile,
    ]
    .into_iter()
    .flatten()
    {
        if name.as_str() == old {
            *name = new.to_string();
        }
    }
    if app.settings.name == old {
        app.settings.name = new.to_string();
    }
    save_config(app);
}

fn remove_ui(app: &mut CoachApp, ui: &mut Ui) {
    let Some(name) = app.settings.removing.clone() else {
        return;
    };
    ui.colored_label(
        ui.visuals().warn_fg_color,
        tf("settings.profile_remove_ask", &[("name", &name)]),
    );
    ui.horizontal(|ui| {
        if ui.button(t("settings.profile_remove_yes")).clicked() {
            remove(app, &name);
            app.settings.removing = None;
        }
        if ui.button(t("settings.profile_cancel")).clicked() {
            app.settings.removing = None;
        }
    });
}

/// Removes a profile and forgets its secret, unless another profile uses the same connection.
pub(super) fn remove(app: &mut CoachApp, name: &str) {
    let Some(profile) = app.config.profile(name).cloned() else {
        return;
    };
    app.config.profiles.retain(|p| p.name != name);
    if app.config.last_profile.as_deref() == Some(name) {
        app.config.last_profile = None;
    }
    if app.persisted.last_profile.as_deref() == Some(name) {
        app.persisted.last_profile = None;
    }
    let key = profile.key();
    if !app.config.profiles.iter().any(|p: &Profile| p.key() == key) {
        let req = app.next_req();
        app.send(Command::ForgetSecret { req, account: key });
    }
    if app.settings.name == name {
        match app.config.profiles.first().cloned() {
            Some(first) => app.settings.load(&first),
            None => new_profile_form(app),
        }
    }
    save_config(app);
}

fn save_config(app: &mut CoachApp) {
    let req = app.next_req();
    app.send(Command::SaveConfig {
        req,
        config: app.config.clone(),
    });
}
