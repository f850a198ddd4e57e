//! Measuring a child process from outside through /proc: its resident memory and peak while it
//! runs, and how long it took (the whole process, as a planner runs it).

use std::process::Child;

/// (resident, peak) of a process in MB, from /proc.
pub fn memory_mb(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = |key: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line.split_whitespace().nth(1)?.parse::<f64>().ok()
    };
    Some((kb("VmRSS:")? / 1024.0, kb("VmHWM:")? / 1024.0))
}

/// Waits for the child, sampling its memory; returns (last resident, peak, seconds).
pub fn watch(mut child: Child, every_ms: u64) -> (f64, f64, f64) {
    let start = coachdesk::clock::Clock::system().instant();
    let (mut rss, mut peak) = (0.0, 0.0);
    loop {
        if let Some((r, p)) = memory_mb(child.id()) {
            rss = r;
            peak = f64::max(peak, p);
        }
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(every_ms));
    }
    (
        rss,
        peak,
        coachdesk::clock::Clock::system().since(start).as_secs_f64(),
    )
}
