//! The eframe application: owns UI state, drains worker events, routes to screens.

use crate::api::RateLimitStatus;
use crate::config::Config;
use crate::credentials::{CredentialStore, OsKeyring};
use crate::i18n::{self, Lang};
use crate::message::UserMessage;
use crate::paths::Dirs;
use crate::ui;
use crate::worker::{
    self, Command, Event, EventSender, RequestId, RequestIds, WorkerEnv, WorkerHandle,
};

/// A [`crate::ui::Ctx`] over the app's worker, request ids, clock, connection and rate limit,
/// borrowing only those fields (so a screen's own state can be borrowed next to it).
macro_rules! screen_ctx {
    ($app:expr, $sink:ident, $cx:ident) => {
        let $sink = |command| $app.worker.send(command);
        #[allow(unused_mut)]
        let mut $cx = crate::ui::Ctx::new(
            &$sink,
            &mut $app.next_req,
            $app.env.clock.clone(),
            &$app.conn,
            &$app.rate,
        );
    };
}

mod notices;
mod route;
mod shell;
mod status;
mod welcome;
mod world;

pub use world::World;

use std::sync::{Arc, mpsc};

pub use crate::ui::{ConnState, Screen};

/// Where the app keeps its files and secrets; tests pass temporary folders and a memory keyring.
#[derive(Clone)]
pub struct AppEnv {
    /// Where the config, logs and per-connection stores live.
    pub dirs: Dirs,
    /// The keyring (OS keyring in the app, a memory store in tests).
    pub credentials: Arc<dyn CredentialStore>,
    /// The simulator settings used by "Try the demo".
    pub demo: crate::simulator::SimConfig,
    /// The save-file dialog (native in the app, scripted in tests).
    pub save_dialog: Arc<dyn worker::SaveDialog>,
    /// What the screens take for "today" and "now" (the computer's clock; fixed in tests).
    pub clock: crate::clock::Clock,
    /// Whether the probe runs on its own on a connection's first use (`coachdesk --no-probe`
    /// or `COACHDESK_NO_PROBE=1`: never).
    pub auto_probe: crate::api::capabilities::AutoProbe,
}

impl AppEnv {
    /// The real environment: `COACHDESK_HOME` or OS folders, the OS keyring, the demo simulator.
    pub(crate) fn from_env() -> AppEnv {
        AppEnv {
            dirs: Dirs::from_env(),
            credentials: Arc::new(OsKeyring),
            demo: crate::simulator::demo_config(),
            save_dialog: Arc::new(worker::NativeSaveDialog),
            clock: crate::clock::Clock::system(),
            auto_probe: crate::api::capabilities::AutoProbe::Once,
        }
    }
}

/// A running job shown in the status bar.
#[derive(Debug, Clone)]
pub struct JobView {
    /// The job's request id (its `Cancel` names it).
    pub req: RequestId,
    /// How far the job is.
    pub progress: crate::worker::Progress,
}

/// UI state that survives a restart (eframe storage; nothing secret).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Persisted {
    /// The screen shown last.
    pub screen: Screen,
    /// The UI language.
    pub lang: Lang,
    /// The profile connected last, reconnected at start; `None`: none yet.
    pub last_profile: Option<String>,
    /// The change browser's remembered choices.
    pub browse: ui::browse::BrowsePersisted,
}

impl Default for Persisted {
    fn default() -> Self {
        Persisted {
            screen: Screen::Browse,
            lang: Lang::Nl,
            last_profile: None,
            browse: Default::default(),
        }
    }
}

/// The whole application state.
pub struct CoachApp {
    pub(crate) worker: WorkerHandle,
    events: mpsc::Receiver<Event>,
    /// Events taken off the channel by [`CoachApp::wait_for_event`], routed on the next frame.
    waited: std::collections::VecDeque<Event>,
    next_req: RequestIds,
    /// Files, keyring, dialogs and clock the app runs with.
    pub env: AppEnv,
    /// The UI state saved across restarts.
    pub persisted: Persisted,
    /// The profiles file as last loaded or saved.
    pub config: Config,
    /// The connection as the UI sees it.
    pub conn: ConnState,
    /// The connection whose data the screens show (chosen last); `None` before any.
    pub world: Option<World>,
    /// The requests left of the daily limit, as last reported.
    pub rate: RateLimitStatus,
    /// The running jobs, shown in the status bar.
    pub jobs: Vec<JobView>,
    /// The blocking message on screen, if any.
    pub dialog: Option<UserMessage>,
    /// Earlier messages, newest last.
    pub notices: Vec<UserMessage>,
    /// Whether the notices panel is open.
    pub show_notices: bool,
    /// The settings screen's state.
    pub settings: ui::settings::SettingsState,
    /// The change browser's state.
    pub browse: ui::browse::BrowseState,
    /// The enrolment wizard's state.
    pub enrol: ui::enrol::EnrolState,
    /// The outbox screen's state.
    pub outbox: ui::outbox::OutboxState,
    /// Set by `COACHDESK_SMOKE_EXIT_SECS`: close the window by itself at that moment (smoke tests).
    close_at: Option<std::time::Instant>,
}

/// The environment variable that makes the window close itself after N seconds.
pub const SMOKE_EXIT_ENV: &str = "COACHDESK_SMOKE_EXIT_SECS";

/// The `last_profile` value that means "the built-in demo".
pub(crate) const DEMO_PROFILE: &str = "__demo__";

/// The storage key of [`Persisted`].
const STORAGE_KEY: &str = "coachdesk-ui";

impl CoachApp {
    /// Builds the app and starts its worker. `storage` is eframe's persisted state, if any.
    pub fn new(
        ctx: &egui::Context,
        env: AppEnv,
        storage: Option<&dyn eframe::Storage>,
    ) -> CoachApp {
        let persisted: Persisted = storage
            .and_then(|s| eframe::get_value(s, STORAGE_KEY))
            .unwrap_or_default();
        i18n::set_current(persisted.lang);
        // Read once before the first frame; later writes go through the worker.
        // A damaged profiles file or draft is moved aside (kept) and the planner is told once.
        let (config, config_error) = Config::load_for_app(&crate::session::config_path(&env.dirs));
        let (draft, draft_damaged) = worker::load_draft(&env.dirs.data.join(worker::DRAFT_FILE));
        let (tx, events) = mpsc::channel();
        let worker_env = WorkerEnv {
            dirs: env.dirs.clone(),
            credentials: env.credentials.clone(),
            demo: env.demo.clone(),
            save_dialog: env.save_dialog.clone(),
            clock: env.clock.clone(),
        };
        let worker = match worker::spawn(worker_env, EventSender::new(tx, Some(ctx.clone()))) {
            Ok(worker) => worker,
            Err(e) => panic!("coachdesk could not start its worker thread: {e}"),
        };
        let clock = env.clock.clone();
        let mut app = CoachApp {
            worker,
            events,
            waited: Default::default(),
            next_req: RequestIds::new(),
            env,
            settings: ui::settings::SettingsState::from_config(&config),
            browse: ui::browse::BrowseState::with_clock(&persisted.browse, clock.clone()),
            enrol: ui::enrol::EnrolState::new(draft.as_deref()).with_clock(clock.clone()),
            outbox: ui::outbox::OutboxState::default(),
            close_at: std::env::var(SMOKE_EXIT_ENV)
                .ok()
                .and_then(|v| v.parse::<u64>().ok())
                .map(|secs| clock.instant() + std::time::Duration::from_secs(secs)),
            persisted,
            config,
            conn: ConnState::Disconnected,
            world: None,
            rate: RateLimitStatus::default(),
            jobs: Vec::new(),
            dialog: None,
            notices: Vec::new(),
            show_notices: false,
        };
        crate::message::startup_notices(config_error, draft_damaged)
            .into_iter()
            .for_each(|m| app.show_message(m));
        app.reconnect_last_profile();
        app
    }

    /// The names of the last commands the app sent its worker, oldest first (as the
    /// diagnostics show them).
    pub fn recent_commands(&self) -> Vec<&'static str> {
        self.worker.recent_commands()
    }

    /// A fresh request id.
    pub fn next_req(&mut self) -> RequestId {
        self.next_req.fresh()
    }

    /// Sends a command to the worker.
    pub fn send(&self, command: Command) {
        self.worker.send(command);
    }

    /// Starts the demo (simulator in-process).
    pub(crate) fn start_demo(&mut self) {
        self.persisted.last_profile = Some(DEMO_PROFILE.to_string());
        self.enter_world(World::demo());
        let req = self.next_req();
        self.conn = ConnState::Connecting { req };
        self.send(Command::StartDemo { req });
    }

    /// Connects with a saved profile.
    pub(crate) fn connect(
        &mut self,
        profile: crate::config::Profile,
        session_secret: Option<String>,
    ) {
        let req = self.next_req();
        self.conn = ConnState::Connecting { req };
        self.persisted.last_profile = Some(profile.name.clone());
        self.enter_world(World::of(&profile));
        self.send(Command::Connect {
            req,
            profile,
            session_secret,
        });
    }

    fn reconnect_last_profile(&mut self) {
        let name = self
            .persisted
            .last_profile
            .clone()
            .or_else(|| self.config.last_profile.clone());
        if name.as_deref() == Some(DEMO_PROFILE) {
            self.start_demo();
        } else if let Some(profile) = name.and_then(|n| self.config.profile(&n).cloned()) {
            self.connect(profile, None);
        }
    }

    /// Shows a message once: as a dialog when it blocks, else in the notices.
    pub fn show_message(&mut self, message: UserMessage) {
        if message.severity == crate::message::Severity::Blocking && self.dialog.is_none() {
            self.dialog = Some(message.clone());
        }
        self.notices.push(message);
        if self.notices.len() > 200 {
            self.notices.remove(0);
        }
    }

    /// Applies every waiting worker event.
    pub(crate) fn drain_events(&mut self) {
        while let Some(event) = self.waited.pop_front() {
            self.route(event);
        }
        while let Ok(event) = self.events.try_recv() {
            self.route(event);
        }
    }

    /// Blocks until the worker's next event arrives or `max` passes; the event is applied on
    /// the next frame. Whether one came. For tests, which wait for the worker with this instead
    /// of sleeping between frames (the app itself never blocks: it is woken by the repaint the
    /// worker asks for).
    pub fn wait_for_event(&mut self, max: std::time::Duration) -> bool {
        match self.events.recv_timeout(max) {
            Ok(event) => {
                self.waited.push_back(event);
                true
            }
            Err(_) => false,
        }
    }

    /// Applies what Settings asked for: it never edits another screen's state itself.
    pub(crate) fn apply_settings(&mut self, effect: ui::settings::SettingsEffect) {
        use ui::settings::SettingsEffect;
        match effect {
            SettingsEffect::Connect {
                profile,
                session_secret,
            } => self.connect(profile, session_secret),
            SettingsEffect::StartDemo => self.start_demo(),
            SettingsEffect::WarnShareChanged(share) => self.browse.warn_share_percent = share,
            SettingsEffect::ParallelChanged(n) => self.browse.parallel = n,
            SettingsEffect::LanguageChanged(lang) => self.persisted.lang = lang,
        }
    }

    /// Switches to `screen`; entering another screen than the current one calls its `on_enter`.
    pub fn switch_to(&mut self, screen: Screen) {
        if self.persisted.screen == screen {
            return;
        }
        self.persisted.screen = screen;
        screen_ctx!(self, sink, cx);
        match screen {
            Screen::Outbox => self.outbox.on_enter(&mut cx),
            Screen::Browse | Screen::Enrol | Screen::Settings => {}
        }
    }
}

impl eframe::App for CoachApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.drain_events();
        shell::show(self, ui);
        if let Some(at) = self.close_at {
            let now = self.env.clock.instant();
            if now >= at {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                // Wake once at the moment itself, not five times a second.
                ui.ctx()
                    .request_repaint_after(at.saturating_duration_since(now));
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.persisted.browse = self.browse.persisted();
        eframe::set_value(storage, STORAGE_KEY, &self.persisted);
    }
}

/// Opens the main window; returns when it closes (see [`crate::window`]).
pub use crate::window::run_gui;
