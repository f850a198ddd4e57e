//! Settings: connection profiles, the secret in the OS keyring, the connection test, language.

use crate::config::{Config, Environment, Profile};
use crate::i18n::{self, Lang, t, tf};
use crate::resource::Resource;
use crate::ui::{ConnState, Ctx, Remote};
use crate::worker::{Access, Command};
use egui::Ui;

mod frame;
mod profiles;

use frame::SettingsFrame;
pub use frame::{SettingsEffect, SettingsEvent, SettingsShared};

/// Which environment the form has selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvChoice {
    /// Coachview's live environment.
    Live,
    /// Coachview's training environment.
    Training,
    /// Another base URL (a tenant host or the simulator), typed in `custom_url`.
    Custom,
}

/// The settings form.
#[derive(Debug, Default)]
pub struct SettingsState {
    /// The profile's name as typed.
    pub name: String,
    /// The chosen environment; `None` until chosen.
    pub env: Option<EnvChoice>,
    /// The base URL typed for [`EnvChoice::Custom`].
    pub custom_url: String,
    /// The OAuth client id as typed.
    pub client_id: String,
    /// Space-separated scopes to request; empty: the client's own.
    pub scopes: String,
    /// Typed secret; cleared as soon as it was handed to the worker.
    pub secret: String,
    /// The last keyring operation failed: offer "use for this session only".
    pub keyring_failed: bool,
    /// Secret kept for this session only (never written anywhere).
    session_secret: Option<String>,
    /// A typed secret waiting for the keyring's answer (offered for "session only" if it fails).
    held_secret: Option<String>,
    /// Connect with this profile once the keyring has stored its secret.
    connect_after_save: Option<Profile>,
    /// The profile whose secret is being moved to its new client id (host) in the keyring.
    moving: Option<Profile>,
    secret_req: Remote<()>,
    /// What the last keyring save or forget did, worded; `None` before any.
    pub secret_status: Option<String>,
    /// The connection test's table.
    test: Remote<Vec<(Resource, Access)>>,
    /// A profile being renamed: (old name, typed new name).
    pub renaming: Option<(String, String)>,
    /// A profile whose removal waits for confirmation.
    pub removing: Option<String>,
    /// What the connection test's probe found (table and copyable report).
    pub tenant_report: Option<super::tenant_report::TenantReport>,
}

impl SettingsState {
    /// The form, filled with the last profile if there is one.
    pub fn from_config(config: &Config) -> SettingsState {
        let mut state = SettingsState {
            env: Some(EnvChoice::Live),
            name: "Coachview".into(),
            ..Default::default()
        };
        let profile = config
            .last_profile
            .as_ref()
            .and_then(|n| config.profile(n))
            .or(config.profiles.first());
        if let Some(p) = profile {
            state.load(p);
        }
        state
    }

    pub(crate) fn load(&mut self, p: &Profile) {
        // A keyring result belongs to the profile it was about.
        if self.name != p.name {
            self.secret_status = None;
        }
        self.name = p.name.clone();
        self.client_id = p.client_id.clone();
        self.scopes = p.scopes.clone();
        let (env, url) = match &p.environment {
            Environment::Live => (EnvChoice::Live, String::new()),
            Environment::Training => (EnvChoice::Training, String::new()),
            Environment::Custom(url) => (EnvChoice::Custom, url.clone()),
        };
        self.env = Some(env);
        self.custom_url = url;
    }

    /// The profile the form describes.
    pub fn profile(&self) -> Profile {
        Profile {
            name: self.name.trim().to_string(),
            environment: match self.env.unwrap_or(EnvChoice::Live) {
                EnvChoice::Live => Environment::Live,
                EnvChoice::Training => Environment::Training,
                EnvChoice::Custom => Environment::Custom(self.custom_url.trim().to_string()),
            },
            client_id: self.client_id.trim().to_string(),
            scopes: self.scopes.trim().to_string(),
            demo: false,
        }
    }
}

/// Draws the settings screen; returns what the app must do.
pub fn settings_ui(
    state: &mut SettingsState,
    shared: SettingsShared<'_>,
    cx: &mut Ctx,
    ui: &mut Ui,
) -> Vec<SettingsEffect> {
    let warn_share = shared.warn_share_percent;
    let parallel = shared.parallel;
    let mut sf = SettingsFrame {
        state,
        shared,
        cx,
        effects: Vec::new(),
    };
    let sf = &mut sf;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading(t("settings.title"));
        language_ui(sf, ui);
        theme_ui(ui);
        ui.separator();
        profiles::profiles_ui(sf, ui);
        ui.separator();
        form_ui(sf, ui);
        ui.separator();
        test_ui(sf, ui);
        ui.separator();
        support_ui(sf, ui);
    });
    if sf.shared.warn_share_percent != warn_share {
        let share = sf.shared.warn_share_percent;
        sf.effects.push(SettingsEffect::WarnShareChanged(share));
    }
    if sf.shared.parallel != parallel {
        let n = sf.shared.parallel;
        sf.effects.push(SettingsEffect::ParallelChanged(n));
    }
    std::mem::take(&mut sf.effects)
}

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

fn support_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
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

fn language_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
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
fn theme_ui(ui: &mut Ui) {
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

fn form_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
    let s = &mut *sf.state;
    super::widgets::labelled_text(ui, t("settings.name"), &mut s.name);
    ui.horizontal(|ui| {
        ui.label(t("settings.environment"));
        for (choice, key) in [
            (EnvChoice::Live, "settings.env_live"),
            (EnvChoice::Training, "settings.env_training"),
            (EnvChoice::Custom, "settings.env_custom"),
        ] {
            if ui.radio(s.env == Some(choice), t(key)).clicked() {
                s.env = Some(choice);
            }
        }
    });
    if s.env == Some(EnvChoice::Custom) {
        super::widgets::labelled_text(ui, t("settings.custom_url"), &mut s.custom_url);
    }
    super::widgets::labelled_text(ui, t("settings.client_id"), &mut s.client_id);
    super::widgets::labelled_text(ui, t("settings.scopes"), &mut s.scopes);
    super::widgets::labelled_password(ui, t("settings.secret"), &mut s.secret);
    ui.label(t("settings.secret_hint"));
    let profile = s.profile();
    // A password typed into the address is refused: it would land in profiles.json.
    let url_credentials = s.env == Some(EnvChoice::Custom)
        && url::Url::parse(s.custom_url.trim())
            .is_ok_and(|u| crate::paths::check_no_credentials(&u).is_err());
    if url_credentials {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            t("hard.err.url_credentials.what"),
        );
    }
    let valid = !profile.name.is_empty()
        && !profile.client_id.is_empty()
        && !url_credentials
        && (s.env != Some(EnvChoice::Custom) || !s.custom_url.trim().is_empty());
    ui.horizontal(|ui| {
        if ui
            .add_enabled(valid, egui::Button::new(t("settings.save")))
            .clicked()
        {
            save_profile(sf, profile.clone());
        }
        if ui
            .add_enabled(valid, egui::Button::new(t("settings.connect")))
            .clicked()
        {
            if save_profile(sf, profile.clone()) {
                sf.state.connect_after_save = Some(profile.clone());
            } else {
                let session = sf.state.session_secret.clone();
                sf.connect(profile.clone(), session);
            }
        }
        if ui
            .add_enabled(valid, egui::Button::new(t("settings.forget_secret")))
            .clicked()
        {
            let req = sf.cx.next_req();
            sf.state.secret_req.start(req);
            sf.state.session_secret = None;
            sf.state.secret_status = None;
            sf.cx.send(Command::ForgetSecret {
                req,
                account: profile.key(),
            });
        }
    });
    if sf.state.keyring_failed {
        ui.colored_label(ui.visuals().warn_fg_color, t("settings.keyring_failed"));
        if ui.button(t("settings.session_only")).clicked() {
            let typed = std::mem::take(&mut sf.state.secret);
            sf.state.session_secret = sf
                .state
                .held_secret
                .take()
                .or((!typed.is_empty()).then_some(typed));
            sf.state.keyring_failed = false;
            sf.state.secret_status = Some(t("settings.session_only_done").to_string());
            let profile = sf.state.connect_after_save.take().unwrap_or(profile);
            let session = sf.state.session_secret.clone();
            sf.connect(profile, session);
        }
    }
    if let Some(status) = &sf.state.secret_status {
        ui.label(status);
    }
}

/// Saves the profile (and the typed secret in the keyring); true when a secret was sent to the
/// keyring, so connecting must wait for its answer.
fn save_profile(sf: &mut SettingsFrame, profile: Profile) -> bool {
    let secret = std::mem::take(&mut sf.state.secret);
    let saving_secret = !secret.is_empty();
    // What the screen says about the keyring is about this save only: never an earlier result.
    sf.state.secret_status = None;
    // The secret is kept under host + client id: a saved profile whose host or client id
    // changed keeps its secret only if it follows.
    let moved_from = sf
        .shared
        .config
        .profile(&profile.name)
        .map(Profile::key)
        .filter(|old| *old != profile.key());
    if saving_secret {
        let req = sf.cx.next_req();
        sf.state.secret_req.start(req);
        sf.state.keyring_failed = false;
        sf.state.secret_status = None;
        // Held in memory only until the keyring answers, for "use for this session only".
        sf.state.held_secret = Some(secret.clone());
        sf.cx.send(Command::SaveSecret {
            req,
            account: profile.key(),
            secret,
        });
    }
    sf.shared.config.last_profile = Some(profile.name.clone());
    sf.shared.config.upsert(profile.clone());
    let mut waiting = saving_secret;
    if let Some(from) = moved_from {
        let still_used = sf.shared.config.profiles.iter().any(|p| p.key() == from);
        let req = sf.cx.next_req();
        if saving_secret {
            // A new secret was typed for the new client id: the old one goes unless still used.
            if !still_used {
                sf.cx.send(Command::ForgetSecret { req, account: from });
            }
        } else {
            sf.state.secret_req.start(req);
            sf.state.moving = Some(profile.clone());
            sf.cx.send(Command::MoveSecret {
                req,
                from,
                to: profile.key(),
                forget_from: !still_used,
            });
            waiting = true;
        }
    }
    let req = sf.cx.next_req();
    sf.cx.send(Command::SaveConfig {
        req,
        config: sf.shared.config.clone(),
    });
    waiting
}

/// "Costs about 13 requests (at most 16) of the 4938 left today.", said before the test runs.
pub fn test_cost(left: Option<u64>) -> String {
    use crate::api::probe::{MAX_REQUESTS, USUAL_REQUESTS};
    match left {
        Some(left) => tf(
            "settings.test_cost",
            &[
                ("n", &USUAL_REQUESTS),
                ("max", &MAX_REQUESTS),
                ("left", &left),
            ],
        ),
        None => tf(
            "settings.test_cost_unknown",
            &[("n", &USUAL_REQUESTS), ("max", &MAX_REQUESTS)],
        ),
    }
}

fn test_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
    let connected = sf.cx.connected();
    let cost = test_cost(sf.cx.rate.remaining.map(u64::from));
    let clicked = ui
        .horizontal_wrapped(|ui| {
            let button = ui
                .add_enabled(connected, egui::Button::new(t("settings.test")))
                .on_hover_text(&cost);
            ui.weak(&cost);
            button.clicked()
        })
        .inner;
    if clicked {
        let req = sf.cx.next_req();
        sf.state.start_test(req);
        sf.cx.send(Command::TestConnection { req });
    }
    if sf.state.test.is_loading() {
        ui.spinner();
    }
    if !sf.state.test_rows().is_empty() {
        egui::Grid::new("test-table").striped(true).show(ui, |ui| {
            for (resource, access) in sf.state.test_rows() {
                ui.label(resource.name());
                match access {
                    Access::Readable => ui.label(t("settings.readable")),
                    Access::Forbidden { scope } => {
                        ui.label(tf("settings.forbidden", &[("scope", scope)]))
                    }
                    Access::Failed { message } => ui.label(message.to_string()),
                };
                ui.end_row();
            }
        });
        if let Some(left) = sf.cx.rate.remaining {
            ui.label(tf("settings.requests_left", &[("left", &left)]));
        }
    }
    if let Some(report) = &mut sf.state.tenant_report {
        super::tenant_report::report_ui(ui, report);
    }
}
