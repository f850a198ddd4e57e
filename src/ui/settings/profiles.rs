//! The profiles list in Settings: add, rename, switch, and remove (after asking; its secret is
//! forgotten unless another profile uses the same connection).

use super::{SettingsFrame, SettingsState};
use crate::config::Profile;
use crate::i18n::{t, tf};
use crate::worker::Command;
use egui::Ui;

/// Draws the list of profiles with their actions, and "New profile".
pub(super) fn profiles_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
    ui.label(t("settings.profiles"));
    let active = active_profile(sf);
    let mut load = None;
    let mut switch = None;
    let mut demo = false;
    egui::Grid::new("profiles")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            demo = demo_row(sf.shared.demo_active, ui);
            for profile in &sf.shared.config.profiles {
                let name = &profile.name;
                let renaming = sf.state.renaming.as_mut().filter(|(old, _)| old == name);
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
                        .selectable_label(sf.state.name == *name, text)
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
                        sf.state.renaming = Some((name.clone(), name.clone()));
                    }
                    if ui
                        .button(tf("settings.profile_remove", &[("name", name)]))
                        .clicked()
                    {
                        sf.state.removing = Some(name.clone());
                    }
                });
                ui.end_row();
            }
        });
    if let Some(p) = load {
        sf.state.load(&p);
    }
    if let Some(p) = switch {
        sf.state.load(&p);
        sf.connect(p, None);
    }
    if demo {
        sf.effects.push(super::SettingsEffect::StartDemo);
    }
    rename_ui(sf, ui);
    remove_ui(sf, ui);
    if ui.button(t("settings.profile_add")).clicked() {
        new_profile_form(sf);
    }
}

/// The built-in demo's row: one click switches back to it. True when clicked.
fn demo_row(active: bool, ui: &mut Ui) -> bool {
    if active {
        ui.label(tf(
            "settings.profile_active",
            &[("name", &t("status.profile_demo"))],
        ));
    } else {
        ui.label(t("status.profile_demo"));
    }
    ui.label(t("world.demo_where"));
    let clicked = ui
        .add_enabled(!active, egui::Button::new(t("world.use_demo")))
        .clicked();
    ui.end_row();
    clicked
}

/// The profile in use (the last one connected), if it is a saved profile.
pub(super) fn active_profile(sf: &SettingsFrame) -> Option<String> {
    sf.shared
        .last_profile
        .clone()
        .filter(|n| sf.shared.config.profile(n).is_some())
}

/// Clears the form for a new profile with a free name; saving it adds it to the list.
fn new_profile_form(sf: &mut SettingsFrame) {
    let base = t("settings.profile_new_default");
    let mut name = base.to_string();
    let mut n = 2;
    while sf.shared.config.profile(&name).is_some() {
        name = format!("{base} {n}");
        n += 1;
    }
    *sf.state = SettingsState {
        name,
        env: Some(super::EnvChoice::Live),
        ..Default::default()
    };
}

fn rename_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
    let Some((old, typed)) = sf.state.renaming.clone() else {
        return;
    };
    let new = typed.trim().to_string();
    let taken = new != old && sf.shared.config.profile(&new).is_some();
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
            rename(sf, &old, &new);
            sf.state.renaming = None;
        }
        if ui.button(t("settings.profile_cancel")).clicked() {
            sf.state.renaming = None;
        }
    });
}

/// Renames a profile everywhere it is remembered. The secret is kept under the connection (host
/// and client id), not the name, so it needs no change.
pub(super) fn rename(sf: &mut SettingsFrame, old: &str, new: &str) {
    let Some(profile) = sf.shared.config.profiles.iter_mut().find(|p| p.name == old) else {
        return;
    };
    profile.name = new.to_string();
    for name in [
        &mut sf.shared.config.last_profile,
        &mut *sf.shared.last_profile,
    ]
    .into_iter()
    .flatten()
    {
        if name.as_str() == old {
            *name = new.to_string();
        }
    }
    if sf.state.name == old {
        sf.state.name = new.to_string();
    }
    save_config(sf);
}

fn remove_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
    let Some(name) = sf.state.removing.clone() else {
        return;
    };
    ui.colored_label(
        ui.visuals().warn_fg_color,
        tf("settings.profile_remove_ask", &[("name", &name)]),
    );
    ui.horizontal(|ui| {
        if ui.button(t("settings.profile_remove_yes")).clicked() {
            remove(sf, &name);
            sf.state.removing = None;
        }
        if ui.button(t("settings.profile_cancel")).clicked() {
            sf.state.removing = None;
        }
    });
}

/// Removes a profile and forgets its secret, unless another profile uses the same connection.
pub(super) fn remove(sf: &mut SettingsFrame, name: &str) {
    let Some(profile) = sf.shared.config.profile(name).cloned() else {
        return;
    };
    sf.shared.config.profiles.retain(|p| p.name != name);
    if sf.shared.config.last_profile.as_deref() == Some(name) {
        sf.shared.config.last_profile = None;
    }
    if sf.shared.last_profile.as_deref() == Some(name) {
        *sf.shared.last_profile = None;
    }
    let key = profile.key();
    if !sf
        .shared
        .config
        .profiles
        .iter()
        .any(|p: &Profile| p.key() == key)
    {
        let req = sf.cx.next_req();
        sf.cx.send(Command::ForgetSecret { req, account: key });
    }
    if sf.state.name == name {
        match sf.shared.config.profiles.first().cloned() {
            Some(first) => sf.state.load(&first),
            None => new_profile_form(sf),
        }
    }
    save_config(sf);
}

fn save_config(sf: &mut SettingsFrame) {
    let req = sf.cx.next_req();
    sf.cx.send(Command::SaveConfig {
        req,
        config: sf.shared.config.clone(),
    });
}
