//! Whole-app memory: the real `coachdesk` process (eframe window, worker, real record store),
//! measured from outside through /proc (resident at the end, and the process's peak), with the
//! time until the first rows are in the table (the app's own log line, "browse: first … stored
//! rows in the table", read from its log file), and `coachdesk export` to CSV and XLSX (peak,
//! time). Cases:
//! - 1,000,000 stored Aanvragen over ~600 days, the default 7-day view on screen (issue 22.6):
//!   ≤ 300 MB resident, first rows ≤ 2 s after start;
//! - 1,000,000 stored Aanvragen all within the last days, the whole million in view: ≤ 1 GB
//!   resident, ≤ 1.2 GB peak;
//! - export of 100,000 stored rows (issue 13): ≤ 150 MB, CSV ≤ 1 s, XLSX ≤ 3 s.
//!
//! Run: `cargo bench --bench app_memory` (release figures count). Needs a display: uses
//! `DISPLAY`, else starts `Xvfb` itself. `COACHDESK_BENCH_ROWS` changes the stored row count of
//! the app cases, `COACHDESK_BENCH_EXPORT_ROWS` that of the export, `COACHDESK_BENCH_SECS` how
//! long each window stays open (default 40 s).

use chrono::Duration;
use coachdesk::config::{Config, Environment, Profile};
use coachdesk::paths::Dirs;
use coachdesk::resource::Resource;
use coachdesk::store::Store;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

mod common;
use common::{process, records};
use process::watch;

const BASE_URL: &str = "http://127.0.0.1:9";
const CLIENT: &str = "bench";

/// Seeds a store of `rows` Aanvragen under `home`, changed newest first over `days` days.
fn seed(home: &Path, rows: usize, days: i64) -> f64 {
    let start = coachdesk::clock::Clock::system().instant();
    let dirs = Dirs::under(home);
    let profile = Profile {
        name: "Bench".into(),
        environment: Environment::Custom(BASE_URL.into()),
        client_id: CLIENT.into(),
        scopes: String::new(),
        demo: false,
    };
    Config {
        profiles: vec![profile],
        last_profile: Some("Bench".into()),
    }
    .save(&dirs.config.join("profiles.json"))
    .expect("profiles.json");
    let mut store = Store::open(
        &dirs
            .connection(BASE_URL, CLIENT)
            .join(coachdesk::session::RECORDS_FILE),
    )
    .expect("store");
    let mut rng = records::Lcg(42);
    let now = coachdesk::clock::Clock::system().now();
    for chunk in 0..rows.div_ceil(1000) {
        let batch: Vec<Value> = (chunk * 1000..((chunk + 1) * 1000).min(rows))
            .map(|i| {
                let mut r = records::aanvraag(&mut rng, i);
                let at = now - Duration::minutes((i as i64 * days * 1_440) / rows as i64);
                r["auditTrail"]["gewijzigdDatumTijd"] =
                    at.format("%Y-%m-%dT%H:%M:%S%.3f").to_string().into();
                r
            })
            .collect();
        store
            .upsert_records(Resource::Aanvragen, &batch)
            .expect("upsert");
    }
    coachdesk::clock::Clock::system().since(start).as_secs_f64()
}

/// A display for the window: `DISPLAY`, else an Xvfb of our own (killed at drop).
struct Display(String, Option<Child>);

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(child) = &mut self.1 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn display() -> Option<Display> {
    if let Ok(d) = std::env::var("DISPLAY")
        && !d.is_empty()
    {
        return Some(Display(d, None));
    }
    let (mut reader, writer) = std::io::pipe().ok()?;
    let child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "3",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn_with_fd3(writer)?;
    let mut number = String::new();
    let mut byte = [0u8; 1];
    while reader.read(&mut byte).ok()? == 1 && byte[0] != b'\n' {
        number.push(byte[0] as char);
    }
    Some(Display(format!(":{}", number.trim()), Some(child)))
}

/// `Command::spawn` with `fd` 3 of the child set to `writer`.
trait SpawnWithFd3 {
    fn spawn_with_fd3(&mut self, writer: std::io::PipeWriter) -> Option<Child>;
}

impl SpawnWithFd3 for Command {
    fn spawn_with_fd3(&mut self, writer: std::io::PipeWriter) -> Option<Child> {
        use std::os::fd::{AsRawFd, IntoRawFd};
        use std::os::unix::process::CommandExt;
        let fd = writer.as_raw_fd();
        // SAFETY: dup2 is async-signal-safe; it only duplicates our pipe's write end to fd 3.
        unsafe {
            self.pre_exec(move || {
                if libc_dup2(fd, 3) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = self.spawn().ok();
        let _ = writer.into_raw_fd();
        child
    }
}

unsafe extern "C" {
    #[link_name = "dup2"]
    fn libc_dup2(old: i32, new: i32) -> i32;
}

/// What the app did while watched.
struct Watched {
    /// Resident MB at the end.
    rss: f64,
    /// Peak MB.
    peak: f64,
    /// Seconds until the first rows were in the table.
    first: Option<f64>,
    /// Seconds until all rows of the range were.
    all: Option<f64>,
}

/// Waits for the app, sampling its memory and watching its log for the first and the last rows
/// in the table.
fn watch_app(mut child: Child, logs: &Path) -> Watched {
    let start = coachdesk::clock::Clock::system().instant();
    let mut w = Watched {
        rss: 0.0,
        peak: 0.0,
        first: None,
        all: None,
    };
    loop {
        if let Some((r, p)) = process::memory_mb(child.id()) {
            w.rss = r;
            w.peak = f64::max(w.peak, p);
        }
        if w.all.is_none() {
            let log = app_log(logs);
            let at = Some(coachdesk::clock::Clock::system().since(start).as_secs_f64());
            if w.first.is_none() && log.contains("browse: first") {
                w.first = at;
            }
            if log.contains("browse: all") {
                w.all = at;
            }
        }
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    w
}

/// The app's log so far (every file in its log folder).
fn app_log(logs: &Path) -> String {
    let Ok(entries) = std::fs::read_dir(logs) else {
        return String::new();
    };
    entries
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

/// Runs the app on the store under `home` for `secs` seconds and prints what it took.
fn measure_app(exe: &Path, home: &Path, display: &Display, secs: u64, case: &str, goals: &str) {
    let runtime = home.join("runtime");
    let _ = std::fs::create_dir_all(&runtime);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700));
    }
    let child = Command::new(exe)
        .env("COACHDESK_HOME", home)
        .env("COACHDESK_SMOKE_EXIT_SECS", secs.to_string())
        .env("DISPLAY", &display.0)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start coachdesk");
    let w = watch_app(child, &Dirs::under(home).logs);
    let after = |t: Option<f64>| t.map_or("never".to_string(), |s| format!("{s:.2} s"));
    println!(
        "app, {case} (whole process, eframe + worker + store): resident {:.0} MB after {secs} s, \
         peak {:.0} MB, first rows in the table after {}, all after {} ({goals})",
        w.rss,
        w.peak,
        after(w.first),
        after(w.all)
    );
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let rows = env_number("COACHDESK_BENCH_ROWS", 1_000_000);
    let export_rows = env_number("COACHDESK_BENCH_EXPORT_ROWS", 100_000);
    let secs = env_number("COACHDESK_BENCH_SECS", 40) as u64;
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_coachdesk"));
    let base = std::env::temp_dir().join(format!("coachdesk-bench-app-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);

    match display() {
        None => println!("app: skipped (no DISPLAY and no Xvfb)"),
        Some(display) => {
            // ~600 days of changes: about 13,000 in the 8 days the view shows by default.
            let home = base.join("week");
            let took = seed(&home, rows, 600);
            println!("seeding {rows} Aanvragen over 600 days: {took:.1} s");
            let case = format!("{rows} stored, the default 7-day view");
            let goals = "goals: <= 300 MB resident, first rows <= 2 s";
            measure_app(&exe, &home, &display, secs, &case, goals);
            let _ = std::fs::remove_dir_all(&home);

            let home = base.join("all");
            let took = seed(&home, rows, 6);
            println!("seeding {rows} Aanvragen over 6 days: {took:.1} s");
            let case = format!("{rows} stored, all of them in view");
            let goals = "goals: <= 1 GB resident, <= 1.2 GB peak";
            measure_app(&exe, &home, &display, secs, &case, goals);
            let _ = std::fs::remove_dir_all(&home);
        }
    }

    let home = base.join("export");
    let took = seed(&home, export_rows, 365);
    println!("seeding {export_rows} Aanvragen for the export: {took:.1} s");
    for ext in ["csv", "xlsx"] {
        let out = home.join(format!("aanvragen.{ext}"));
        let child = Command::new(&exe)
            .env("COACHDESK_HOME", &home)
            .args(["export", "--base-url", BASE_URL, "--client-id", CLIENT])
            .args(["--resource", "Aanvragen", "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start coachdesk export");
        let (_, peak, took) = watch(child, 5);
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        println!(
            "coachdesk export {export_rows} rows to {ext}: {took:.2} s, peak {peak:.0} MB, \
             {size:.1} MB file (goals: <= 150 MB; CSV <= 1 s, XLSX <= 3 s)"
        );
    }
    let _ = std::fs::remove_dir_all(&base);
}
