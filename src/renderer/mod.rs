//! Renderer fallback: the window starts on any PC. The graphics back ends are tried in order —
//! Windows: DX12 hardware → DX12 software (WARP) → Vulkan → OpenGL; elsewhere Vulkan (Metal on
//! macOS) → OpenGL — and only when none works does the start fail, with a message naming what was
//! tried. Each choice except OpenGL is first probed off screen: a device is created and egui's
//! shaders are compiled and a pass is drawn, because a broken driver (DX12 under Wine, RDP, VMs)
//! often fails only there and then takes the process down. The choice that runs is logged and
//! shown in Settings → diagnostics ([`running`]).

use eframe::egui_wgpu::{self, WgpuConfiguration, WgpuSetupCreateNew, wgpu};
use std::sync::{Arc, Mutex};

/// One graphics back end (and adapter kind) to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Direct3D 12 on the GPU (Windows).
    Dx12,
    /// Direct3D 12 on WARP, Windows' software rasteriser.
    Dx12Warp,
    /// Vulkan (Windows, Linux; lavapipe when there is no GPU).
    Vulkan,
    /// Metal (macOS).
    Metal,
    /// OpenGL / GLES, the last resort everywhere.
    Gl,
}

/// Lets support (and tests) rule out choices: `COACHDESK_RENDERER_SKIP=dx12,vulkan`.
pub const SKIP_ENV: &str = "COACHDESK_RENDERER_SKIP";

impl Choice {
    /// Every choice, for parsing.
    pub(crate) const ALL: [Choice; 5] = [
        Choice::Dx12,
        Choice::Dx12Warp,
        Choice::Vulkan,
        Choice::Metal,
        Choice::Gl,
    ];

    /// Short id used in [`SKIP_ENV`] and logs.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Choice::Dx12 => "dx12",
            Choice::Dx12Warp => "warp",
            Choice::Vulkan => "vulkan",
            Choice::Metal => "metal",
            Choice::Gl => "gl",
        }
    }

    /// Name shown to people (the same in every language).
    pub fn label(self) -> &'static str {
        match self {
            Choice::Dx12 => "DirectX 12",
            Choice::Dx12Warp => "DirectX 12 WARP (software)",
            Choice::Vulkan => "Vulkan",
            Choice::Metal => "Metal",
            Choice::Gl => "OpenGL",
        }
    }

    fn backends(self) -> wgpu::Backends {
        match self {
            Choice::Dx12 | Choice::Dx12Warp => wgpu::Backends::DX12,
            Choice::Vulkan => wgpu::Backends::VULKAN,
            Choice::Metal => wgpu::Backends::METAL,
            Choice::Gl => wgpu::Backends::GL,
        }
    }

    /// OpenGL cannot be probed without the window on every platform (Wayland needs the display
    /// handle), and it is the last resort anyway: it is tried directly.
    pub(crate) fn probed(self) -> bool {
        self != Choice::Gl
    }
}

/// The order for an OS (`std::env::consts::OS`).
pub fn order_for(os: &str) -> Vec<Choice> {
    match os {
        "windows" => vec![Choice::Dx12, Choice::Dx12Warp, Choice::Vulkan, Choice::Gl],
        "macos" | "ios" => vec![Choice::Metal, Choice::Gl],
        _ => vec![Choice::Vulkan, Choice::Gl],
    }
}

/// The order on this machine. `WGPU_BACKEND` (wgpu's own switch) keeps only the matching choices.
pub(crate) fn planned() -> Vec<Choice> {
    let order = order_for(std::env::consts::OS);
    match wgpu::Backends::from_env() {
        Some(wanted) => {
            let kept: Vec<Choice> = order
                .into_iter()
                .filter(|c| wanted.intersects(c.backends()))
                .collect();
            if kept.is_empty() {
                vec![Choice::Gl]
            } else {
                kept
            }
        }
        None => order,
    }
}

/// The choices `COACHDESK_RENDERER_SKIP` rules out (unknown words are ignored).
pub(crate) fn skipped_from(value: &str) -> Vec<Choice> {
    value
        .split([',', ' ', ';'])
        .filter_map(|word| {
            let word = word.trim();
            Choice::ALL
                .into_iter()
                .find(|c| c.id().eq_ignore_ascii_case(word))
        })
        .collect()
}

/// What failed for one choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// The renderer that was tried.
    pub choice: Choice,
    /// Why it failed (or was skipped).
    pub error: String,
}

/// The readable message when no choice worked: names every choice and why it failed.
pub fn failure_message(tried: &[Attempt]) -> String {
    failure_message_in(crate::i18n::current(), tried)
}

/// [`failure_message`] in a given language.
pub(crate) fn failure_message_in(lang: crate::i18n::Lang, tried: &[Attempt]) -> String {
    let names: Vec<&str> = tried.iter().map(|a| a.choice.label()).collect();
    let mut text = crate::i18n::format(
        lang,
        "renderer.none_worked",
        &[("tried", &names.join(", "))],
    );
    for attempt in tried {
        text.push_str(&format!(
            "\n- {}: {}",
            attempt.choice.label(),
            bounded(&attempt.error)
        ));
    }
    text
}

/// Driver texts can be long; a message box stays readable.
fn bounded(text: &str) -> String {
    let one_line = text.replace(['\r', '\n'], " ");
    match one_line.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}

static RUNNING: Mutex<Option<String>> = Mutex::new(None);

/// The renderer that draws the window now, e.g. `Vulkan (llvmpipe …, Cpu)`; `None` before the
/// window started (and in headless tests).
pub(crate) fn running() -> Option<String> {
    RUNNING.lock().ok().and_then(|r| r.clone())
}

/// Records the adapter the window really got (called once the window exists).
pub(crate) fn set_running(choice: Choice, info: Option<&wgpu::AdapterInfo>) {
    let text = match info {
        Some(info) => format!(
            "{} ({}, {:?}, {:?})",
            choice.label(),
            info.name,
            info.backend,
            info.device_type
        ),
        None => choice.label().to_string(),
    };
    tracing::info!("renderer: {text}");
    if let Ok(mut running) = RUNNING.lock() {
        *running = Some(text);
    }
}

/// The wgpu options that make eframe use exactly this choice (and the probed adapter).
pub(crate) fn wgpu_options(choice: Choice, probed: Option<wgpu::AdapterInfo>) -> WgpuConfiguration {
    let mut setup = WgpuSetupCreateNew::without_display_handle();
    setup.instance_descriptor.backends = choice.backends();
    if let Some(want) = probed {
        setup.native_adapter_selector = Some(Arc::new(move |adapters, surface| {
            adapters
                .iter()
                .filter(|a| same_adapter(&a.get_info(), &want))
                .find(|a| surface.is_none_or(|s| a.is_surface_supported(s)))
                .cloned()
                .ok_or_else(|| format!("adapter '{}' cannot draw to this window", want.name))
        }));
    }
    WgpuConfiguration {
        wgpu_setup: setup.into(),
        ..Default::default()
    }
}

fn same_adapter(a: &wgpu::AdapterInfo, b: &wgpu::AdapterInfo) -> bool {
    a.backend == b.backend
        && a.vendor == b.vendor
        && a.device == b.device
        && a.device_type == b.device_type
        && a.name == b.name
}

/// Creates a device for `choice` off screen, compiles egui's shaders and draws one pass; any
/// error, lost device or panic on the way counts as "does not work". Returns the adapter used.
pub(crate) fn probe(choice: Choice) -> Result<wgpu::AdapterInfo, String> {
    let clock = crate::clock::Clock::system();
    let started = clock.instant();
    let result = probe_inner(choice);
    let ms = clock.since(started).as_millis();
    match &result {
        Ok(info) => tracing::info!("renderer {} probed in {ms} ms: {}", choice.id(), info.name),
        Err(e) => tracing::info!("renderer {} failed its probe in {ms} ms: {e}", choice.id()),
    }
    result
}

fn probe_inner(choice: Choice) -> Result<wgpu::AdapterInfo, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("no runtime for the probe: {e}"))?;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(probe_async(choice))
    }));
    match outcome {
        Ok(result) => result,
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the graphics driver panicked".into())),
    }
}

async fn probe_async(choice: Choice) -> Result<wgpu::AdapterInfo, String> {
    let defaults = WgpuSetupCreateNew::without_display_handle();
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
        backends: choice.backends(),
        flags: defaults.instance_descriptor.flags,
        backend_options: defaults.instance_descriptor.backend_options.clone(),
        memory_budget_thresholds: defaults.instance_descriptor.memory_budget_thresholds,
        display: None,
    });
    let adapter = instance
        .request_adapter(&wgpu::RequestAdapterOptions {
            power_preference: wgpu::PowerPreference::HighPerformance,
            force_fallback_adapter: choice == Choice::Dx12Warp,
            compatible_surface: None,
            apply_limit_buckets: false,
        })
        .await
        .map_err(|e| format!("no adapter: {e}"))?;
    let info = adapter.get_info();
    let (device, queue) = adapter
        .request_device(&(defaults.device_descriptor)(&adapter))
        .await
        .map_err(|e| format!("no device on {}: {e}", info.name))?;
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = errors.clone();
    device.on_uncaptured_error(Arc::new(move |e| {
        if let Ok(mut errors) = sink.lock() {
            errors.push(e.to_string());
        }
    }));
    let lost = errors.clone();
    device.set_device_lost_callback(move |reason, message| {
        if let Ok(mut errors) = lost.lock() {
            errors.push(format!("device lost ({reason:?}): {message}"));
        }
    });
    let format = wgpu::TextureFormat::Bgra8Unorm;
    let renderer = egui_wgpu::Renderer::new(&device, format, egui_wgpu::RendererOptions::default());
    draw_one_pass(&device, &queue, format);
    let _ = device.poll(wgpu::PollType::Wait {
        submission_index: None,
        timeout: Some(std::time::Duration::from_secs(10)),
    });
    drop(renderer);
    let errors = errors.lock().map(|e| e.clone()).unwrap_or_default();
    if errors.is_empty() {
        Ok(info)
    } else {
        Err(format!("{}: {}", info.name, errors.join("; ")))
    }
}

fn draw_one_pass(device: &wgpu::Device, queue: &wgpu::Queue, format: wgpu::TextureFormat) {
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("coachdesk renderer probe"),
        size: wgpu::Extent3d {
            width: 64,
            height: 64,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
        view_formats: &[],
    });
    let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
    let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
    drop(encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some("coachdesk renderer probe"),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view: &view,
            depth_slice: None,
            resolve_target: None,
            ops: wgpu::Operations {
                load: wgpu::LoadOp::Clear(wgpu::Color::WHITE),
                store: wgpu::StoreOp::Store,
            },
        })],
        ..Default::default()
    }));
    queue.submit([encoder.finish()]);
}

/// Tries `start` for each choice in order (probing first where that applies) until one returns
/// `Ok`. `start` gets the probed adapter and answers `Err((error, retry))`; `retry == false` stops
/// at once (the window ran, or there is no display at all: another renderer would not help).
pub(crate) fn first_working<T>(
    choices: &[Choice],
    skipped: &[Choice],
    mut probe: impl FnMut(Choice) -> Result<Option<wgpu::AdapterInfo>, String>,
    mut start: impl FnMut(Choice, Option<wgpu::AdapterInfo>) -> Result<T, (String, bool)>,
) -> Result<(Choice, T), Vec<Attempt>> {
    let mut tried = Vec::new();
    for &choice in choices {
        if skipped.contains(&choice) {
            tracing::warn!("renderer {}: skipped by {SKIP_ENV}", choice.id());
            tried.push(Attempt {
                choice,
                error: format!("skipped ({SKIP_ENV})"),
            });
            continue;
        }
        let probed = match probe(choice) {
            Ok(info) => info,
            Err(error) => {
                tracing::warn!("renderer {} does not work: {error}", choice.id());
                tried.push(Attempt { choice, error });
                continue;
            }
        };
        match start(choice, probed) {
            Ok(value) => return Ok((choice, value)),
            Err((error, retry)) => {
                tracing::warn!(
                    "renderer {} could not open the window: {error}",
                    choice.id()
                );
                tried.push(Attempt { choice, error });
                if !retry {
                    break;
                }
            }
        }
    }
    Err(tried)
}

#[cfg(test)]
mod tests;
