//! Shared test helpers: a temporary home, the simulator, the app in a kittest harness, a fixed
//! clock; `cli` runs the binary, `enrolment` builds valid enrolments.
#![allow(dead_code)]

pub mod cli;
pub mod enrolment;

use coachdesk::app::{AppEnv, CoachApp};
use coachdesk::clock::Clock;
use coachdesk::config::{Config, Environment, Profile};
use coachdesk::credentials::{CredentialStore, MemoryStore};
use coachdesk::paths::Dirs;
use coachdesk::simulator::SimConfig;
use coachdesk::worker::SaveDialog;
use egui_kittest::Harness;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// A save dialog that always answers with a fixed path.
pub struct FixedPath(pub PathBuf);

impl SaveDialog for FixedPath {
    fn save_path(&self, _suggested_name: &str) -> coachdesk::worker::DialogAnswer {
        coachdesk::worker::DialogAnswer::Chosen(self.0.clone())
    }
}

/// A temporary folder removed at drop.
pub struct TempHome(pub PathBuf);

impl TempHome {
    pub fn new() -> TempHome {
        let dir = std::env::temp_dir().join(format!("coachdesk-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        TempHome(dir)
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A small, fast simulator configuration.
pub fn small_sim() -> SimConfig {
    SimConfig {
        scale: 400,
        ..SimConfig::default()
    }
}

/// The moment the date-dependent UI tests live at (local wall time): mid-month at noon, so
/// "today", "last 7 days" and "this month" never straddle a midnight or a month end.
pub fn fixed_now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 18)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .unwrap()
}

/// The app's clock for date-dependent tests: reads [`fixed_now`] and moves only when the test
/// steps it (`Clock::advance`).
pub fn fixed_clock() -> Clock {
    Clock::stepped(fixed_now())
}

/// `cfg` with the simulator's clock (and so its seeded data) starting at [`fixed_now`]: it then
/// agrees with [`fixed_clock`] on what "today" is.
pub fn at_fixed_now(cfg: SimConfig) -> SimConfig {
    SimConfig {
        now: fixed_now(),
        ..cfg
    }
}

/// Writes a profile for `base_url` as the last used one.
pub fn write_profile(home: &TempHome, base_url: &str, client_id: &str) -> Profile {
    let profile = Profile {
        name: "Test".into(),
        environment: Environment::Custom(base_url.into()),
        client_id: client_id.into(),
        scopes: String::new(),
        demo: false,
    };
    let config = Config {
        profiles: vec![profile.clone()],
        last_profile: Some("Test".into()),
    };
    config
        .save(&Dirs::under(&home.0).config.join("profiles.json"))
        .unwrap();
    profile
}

/// The app in a harness, with a memory keyring holding `secrets`, on the computer's clock.
pub fn app<'a>(
    home: &TempHome,
    demo: SimConfig,
    secrets: &[(&str, &str)],
    lang: coachdesk::i18n::Lang,
) -> Harness<'a, CoachApp> {
    app_with_clock(home, demo, secrets, lang, Clock::system())
}

/// The app in a harness, with a memory keyring holding `secrets`, on `clock`.
pub fn app_with_clock<'a>(
    home: &TempHome,
    demo: SimConfig,
    secrets: &[(&str, &str)],
    lang: coachdesk::i18n::Lang,
    clock: Clock,
) -> Harness<'a, CoachApp> {
    harness(env_for(home, demo, secrets, clock), lang)
}

/// The app's environment over `home`, with a memory keyring holding `secrets`, on `clock`; the
/// probe never runs by itself (only the documented forms, unless a test asks for it).
pub fn env_for(home: &TempHome, demo: SimConfig, secrets: &[(&str, &str)], clock: Clock) -> AppEnv {
    let credentials = Arc::new(MemoryStore::default());
    for (account, secret) in secrets {
        credentials.set(account, secret).unwrap();
    }
    AppEnv {
        dirs: Dirs::under(&home.0),
        credentials,
        demo,
        save_dialog: Arc::new(FixedPath(home.0.join("export.csv"))),
        clock,
        // Only the documented forms unless a test asks for the probe on first use.
        auto_probe: coachdesk::api::capabilities::AutoProbe::Never,
    }
}

/// The app over `env` in a 1400×900 harness, in `lang`.
pub fn harness<'a>(env: AppEnv, lang: coachdesk::i18n::Lang) -> Harness<'a, CoachApp> {
    // The language is per thread: the harness runs the UI on this test's thread, so tests in
    // different languages run side by side.
    coachdesk::i18n::set_current(lang);
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| {
            let app = CoachApp::new(&cc.egui_ctx, env, None);
            coachdesk::i18n::set_current(lang);
            app
        })
}

/// The delay the app asked for before its next frame after the last one (`None`: no repaint
/// asked; zero: at once, e.g. a spinner or an animation).
pub fn repaint_delay(h: &Harness<'_, CoachApp>) -> Option<Duration> {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.repaint_delay)
        .filter(|d| *d != Duration::MAX)
}

/// Blocks until there may be something new to see, at most `max`: the worker's next event
/// wakes it at once, else the moment the app asked to be drawn again. A condition with no event
/// of its own (a file the worker wrote) is looked at again after at most 100 ms; while the app
/// animates (a spinner asks for every frame) the harness waits for the worker rather than spin
/// against it for the machine's cores. Whether an event came.
pub fn wait_for_progress(h: &mut Harness<'_, CoachApp>, max: Duration) -> bool {
    const RECHECK: Duration = Duration::from_millis(100);
    let wait = match repaint_delay(h) {
        Some(d) if !d.is_zero() => d.min(RECHECK),
        _ => RECHECK,
    };
    h.state_mut().wait_for_event(wait.min(max))
}

/// Steps the app until `done` holds, or panics after 30 s. Between frames it blocks until the
/// worker answers (or a timer the app set is due): no fixed sleeps.
pub fn wait_until(h: &mut Harness<'_, CoachApp>, what: &str, done: impl Fn(&CoachApp) -> bool) {
    let real = Clock::system();
    let start = real.instant();
    let cap = Duration::from_secs(30);
    // A frame may need the next one to act on what it saw (no event in between): a few frames
    // at once before blocking.
    let mut quick = 0;
    loop {
        h.step();
        if done(h.state()) {
            h.step();
            return;
        }
        let left = cap.saturating_sub(real.since(start));
        if left.is_zero() {
            break;
        }
        if quick < 2 {
            quick += 1;
            continue;
        }
        if wait_for_progress(h, left) {
            quick = 0;
        }
    }
    let app = h.state();
    panic!(
        "timed out waiting for: {what}; conn={:?} dialog={:?} notices={:?} estimate={:?} fetch={:?} last={:?}",
        app.conn,
        app.dialog.as_ref().map(|m| &m.title),
        app.notices
            .iter()
            .map(|m| format!("{} / {}", m.title, m.details))
            .collect::<Vec<_>>(),
        app.browse.estimate,
        app.browse.fetch.req(),
        app.browse.fetch.ready()
    );
}

/// The dialog title on screen, if any.
pub fn dialog_title(h: &Harness<'_, CoachApp>) -> Option<String> {
    h.state().dialog.as_ref().map(|m| m.title.to_string())
}
