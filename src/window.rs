//! Starting the window: eframe with the first renderer that works ([`crate::renderer`]), and a
//! readable message (a message box on Windows) when none does.

use crate::app::{AppEnv, CoachApp, SMOKE_EXIT_ENV};
use crate::i18n;
use std::process::ExitCode;
use std::sync::Arc;

/// Opens the main window; returns when it closes. Tries the renderers of [`crate::renderer`] in
/// order until one opens the window; when none does, says so (naming what was tried).
pub fn run_gui(auto_probe: crate::api::capabilities::AutoProbe) -> ExitCode {
    use crate::renderer;
    let env = AppEnv {
        auto_probe,
        ..AppEnv::from_env()
    };
    let _log = crate::logging::init(&env.dirs.logs);
    let choices = renderer::planned();
    let skipped = std::env::var(renderer::SKIP_ENV)
        .map(|v| renderer::skipped_from(&v))
        .unwrap_or_default();
    let mut fatal = None;
    let result = renderer::first_working(
        &choices,
        &skipped,
        |choice| {
            if choice.probed() {
                renderer::probe(choice).map(Some)
            } else {
                Ok(None)
            }
        },
        |choice, probed| {
            tracing::info!("renderer: starting the window with {}", choice.id());
            let started = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let app_started = started.clone();
            let env = env.clone();
            let result = eframe::run_native(
                "coachdesk",
                native_options(&env, choice, probed),
                Box::new(move |cc| {
                    app_started.store(true, std::sync::atomic::Ordering::SeqCst);
                    let info = cc.wgpu_render_state.as_ref().map(|s| s.adapter.get_info());
                    renderer::set_running(choice, info.as_ref());
                    Ok(Box::new(CoachApp::new(&cc.egui_ctx, env, cc.storage)))
                }),
            );
            match result {
                Ok(()) => Ok(()),
                // Only a renderer that could not start is worth replacing by the next one.
                Err(e @ eframe::Error::Wgpu(_))
                    if !started.load(std::sync::atomic::Ordering::SeqCst) =>
                {
                    Err((e.to_string(), true))
                }
                Err(e) => {
                    fatal = Some(e.to_string());
                    Err((e.to_string(), false))
                }
            }
        },
    );
    let tried = match result {
        Ok(_) => return ExitCode::SUCCESS,
        Err(tried) => tried,
    };
    let text = match fatal {
        Some(error) => i18n::tf("app.no_window", &[("error", &error)]),
        None => renderer::failure_message(&tried),
    };
    tracing::error!("{text}");
    eprintln!("{text}");
    // A Windows program started from the Start menu has no console: show a message box.
    if cfg!(windows) && std::env::var_os(SMOKE_EXIT_ENV).is_none() {
        let _ = rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("coachdesk")
            .set_description(&text)
            .show();
    }
    ExitCode::FAILURE
}

fn native_options(
    env: &AppEnv,
    choice: crate::renderer::Choice,
    probed: Option<eframe::wgpu::AdapterInfo>,
) -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("coachdesk")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0])
            .with_icon(crate::ui::icon()),
        persistence_path: Some(env.dirs.data.join("ui-state.ron")),
        renderer: eframe::Renderer::Wgpu,
        wgpu_options: crate::renderer::wgpu_options(choice, probed),
        ..Default::default()
    }
}
