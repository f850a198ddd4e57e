//! Settings: connection profiles, the secret in the OS keyring, the connection test, language.

use crate::config::{Config, Environment, Profile};
use crate::i18n::t;
use crate::resource::Resource;
use crate::ui::{Ctx, Remote};
use crate::worker::Access;
use egui::Ui;

mod connection;
mod frame;
mod profiles;
mod support;

pub use connection::test_cost;
use connection::{form_ui, test_ui};
use frame::SettingsFrame;
pub use frame::{SettingsEffect, SettingsEvent, SettingsShared};
use support::{language_ui, support_ui, theme_ui};

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
    pub(crate) fn from_config(config: &Config) -> SettingsState {
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
    pub(crate) fn profile(&self) -> Profile {
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
pub(crate) fn settings_ui(
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
