//! Whole-app memory: the real `coachdesk` process (eframe window, worker, real record store) with
//! 100,000 stored Aanvragen, measured from outside through /proc (resident after loading, and
//! the process's peak), and `coachdesk export` of the same rows to CSV and XLSX (peak, time).
//! Goals (issue 13): app ≤ 300 MB resident and ≤ 400 MB peak; export ≤ 150 MB, CSV ≤ 1 s,
//! XLSX ≤ 3 s.
//!
//! Run: `cargo bench --bench app_memory` (release figures count). Needs a display: uses
//! `DISPLAY`, else starts `Xvfb` itself. `COACHDESK_BENCH_ROWS` changes the row count,
//! `COACHDESK_BENCH_SECS` how long the window stays open (default 40 s).

use chrono::{Duration, Local};
use coachdesk::config::{Config, Environment, Profile};
use coachdesk::paths::Dirs;
use coachdesk::resource::Resource;
use coachdesk::store::Store;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

#[path = "common/process.rs"]
mod process;
use process::watch;
#[path = "common/records.rs"]
mod records;

const BASE_URL: &str = "http://127.0.0.1:9";
const CLIENT: &str = "bench";

fn seed(home: &Path, rows: usize) -> f64 {
    let start = Instant::now();
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
    let now = Local::now().naive_local();
    for chunk in 0..rows.div_ceil(1000) {
        let batch: Vec<Value> = (chunk * 1000..((chunk + 1) * 1000).min(rows))
            .map(|i| {
                let mut r = records::aanvraag(&mut rng, i);
                // A year of changes, newest first: about 2,000 fall in the last week.
                let at = now - Duration::minutes((i as i64 * 525_600) / rows as i64);
                r["auditTrail"]["gewijzigdDatumTijd"] =
                    at.format("%Y-%m-%dT%H:%M:%S%.3f").to_string().into();
                r
            })
            .collect();
        store
            .upsert_records(Resource::Aanvragen, &batch)
            .expect("upsert");
    }
    start.elapsed().as_secs_f64()
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

fn main() {
    let rows: usize = std::env::var("COACHDESK_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let secs: u64 = std::env::var("COACHDESK_BENCH_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_coachdesk"));
    let home = std::env::temp_dir().join(format!("coachdesk-bench-app-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    println!(
        "seeding a store with {rows} Aanvragen: {:.1} s",
        seed(&home, rows)
    );

    match display() {
        None => println!("app: skipped (no DISPLAY and no Xvfb)"),
        Some(display) => {
            let runtime = home.join("runtime");
            let _ = std::fs::create_dir_all(&runtime);
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700));
            }
            let child = Command::new(&exe)
                .env("COACHDESK_HOME", &home)
                .env("COACHDESK_SMOKE_EXIT_SECS", secs.to_string())
                .env("DISPLAY", &display.0)
                .env("XDG_RUNTIME_DIR", &runtime)
                .env_remove("WAYLAND_DISPLAY")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start coachdesk");
            let (rss, peak, took) = watch(child, 100);
            println!(
                "app with {rows} stored Aanvragen (whole process, eframe + worker + store): \
                 resident {rss:.0} MB after {took:.0} s, peak {peak:.0} MB \
                 (goals: <= 300 MB resident, <= 400 MB peak)"
            );
        }
    }

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
            "coachdesk export {rows} rows to {ext}: {took:.2} s, peak {peak:.0} MB, {size:.1} MB file \
             (goals: <= 150 MB; CSV <= 1 s, XLSX <= 3 s)"
        );
    }
    let _ = std::fs::remove_dir_all(&home);
}
