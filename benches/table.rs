//! Table benchmark: TableModel over 100,000 Aanvraag-like records (build, sort, filter keystroke,
//! peak memory). Goals in release: a filter keystroke ≤ 30 ms, peak RSS ≤ 250 MB.
//! Run: `cargo bench --bench table` (release profile; the figures that count).

use coachdesk::record::{TableModel, default_columns};
use coachdesk::resource::Resource;
use serde_json::Value;
use std::time::Instant;

const ROWS: usize = 100_000;

mod common;
use common::records;

use records::{Lcg, aanvraag};

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn ms(start: Instant) -> f64 {
    coachdesk::clock::Clock::system().since(start).as_secs_f64() * 1000.0
}

fn main() {
    let mut rng = Lcg(42);
    let columns: Vec<String> = default_columns(Resource::Aanvragen)
        .into_iter()
        .map(String::from)
        .collect();
    let mut model = TableModel::empty(columns);
    // As the fetch delivers them: windows of 1,000 records, each indexed and dropped.
    let (mut generate, mut index) = (0.0, 0.0);
    for window in 0..ROWS / 1000 {
        let t = coachdesk::clock::Clock::system().instant();
        let records: Vec<Value> = (0..1000)
            .map(|i| aanvraag(&mut rng, window * 1000 + i))
            .collect();
        generate += ms(t);
        let t = coachdesk::clock::Clock::system().instant();
        model.append(records);
        index += ms(t);
    }
    println!("generate {ROWS} records: {generate:.0} ms; index into TableModel: {index:.0} ms");
    let t = coachdesk::clock::Clock::system().instant();
    model.set_columns(model.columns().to_vec());
    println!(
        "rebuild for a column change (reparses all): {:.0} ms",
        ms(t)
    );
    let t = coachdesk::clock::Clock::system().instant();
    model.sort_by(4, false);
    println!("sort by change time: {:.1} ms", ms(t));
    let t = coachdesk::clock::Clock::system().instant();
    model.sort_by(5, true);
    println!("sort by changed-by (text, stable): {:.1} ms", ms(t));

    let mut worst: f64 = 0.0;
    for typed in [
        "l",
        "li",
        "lin",
        "lind",
        "linds",
        "lind",
        "v",
        "ve",
        "ver",
        "verw",
        "12-06-2025 1",
        "",
    ] {
        let t = coachdesk::clock::Clock::system().instant();
        let shown = model.set_filter(typed).len();
        let took = ms(t);
        worst = worst.max(took);
        println!("filter {typed:>8}: {shown:>6} rows in {took:.1} ms");
    }
    println!("worst filter keystroke: {worst:.1} ms (goal ≤ 30 ms in release)");
    let t = coachdesk::clock::Clock::system().instant();
    let days = model.changes_per_day();
    println!("changes per day ({} days): {:.1} ms", days.len(), ms(t));
    println!(
        "peak RSS (VmHWM): {:.0} MB (goal ≤ 250 MB)",
        peak_rss_mb().unwrap_or(f64::NAN)
    );
    frame_time(model);
}

/// CPU time of drawing the browser's table (egui layout + tessellation, no GPU) with all rows
/// loaded, sorted and filtered, as the app shows it. Measured through egui_kittest, which also
/// builds the accessibility tree every frame, so this is an upper bound.
fn frame_time(mut model: TableModel) {
    use coachdesk::ui::browse::{BrowseState, table_ui};
    model.sort_by(4, false);
    model.set_filter("verw");
    let shown = model.visible().len();
    let mut state = BrowseState::new(&Default::default());
    state.model = model;
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(|ui, state: &mut BrowseState| table_ui(state, ui), state);
    for _ in 0..5 {
        harness.step();
    }
    let frames = 100;
    let t = coachdesk::clock::Clock::system().instant();
    for _ in 0..frames {
        harness.step();
    }
    println!(
        "frame with {shown} of {ROWS} rows sorted and filtered: {:.2} ms CPU per frame (goal ≤ 2 ms)",
        ms(t) / frames as f64
    );
}
