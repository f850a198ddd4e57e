//! An export into a full folder (a 1.5 MB tmpfs, mounted when the test runs as root) fails with
//! "the disk is full", leaves the old file as it was and no temp file behind, in every format.
//! The XLSX writer's own temp files (constant-memory mode) panic on a write error: the test runs
//! the export in a child process whose temp folder is the full one too, so such a panic (exit 101)
//! fails the test instead of the test binary.

use coachdesk::cancel::Cancel;
use coachdesk::export::{ExportError, ExportFormat, ExportOptions, export_records};
use coachdesk::i18n::Lang;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

const CHILD_DIR: &str = "COACHDESK_TEST_FULL_DIR";
const OLD: &[u8] = b"the old export\n";

/// Unmounts the tmpfs when the test ends in any way.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

fn records() -> Vec<Value> {
    (0..6000)
        .map(|i| json!({"id": format!("r{i}"), "nummer": i, "opmerking": format!("{i} {}", "tekst ".repeat(50))}))
        .collect()
}

#[test]
fn an_export_into_a_full_folder_fails_cleanly_and_keeps_the_old_file() {
    let dir = std::env::temp_dir().join(format!("coachdesk-full-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1500k", "tmpfs"])
        .arg(&dir)
        .output();
    match mounted {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            let _ = std::fs::remove_dir(&dir);
            eprintln!(
                "SKIPPED: a 1.5 MB tmpfs could not be mounted (not root, or no mount rights): {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return;
        }
        Err(e) => {
            let _ = std::fs::remove_dir(&dir);
            eprintln!("SKIPPED: `mount` could not be run: {e}");
            return;
        }
    }
    let _mount = Mount(dir.clone());
    for name in ["old.xlsx", "old.csv", "old.json"] {
        std::fs::write(dir.join(name), OLD).unwrap();
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_exports_into_the_full_folder",
            "--nocapture",
        ])
        .env(CHILD_DIR, &dir)
        .env("TMPDIR", &dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("CHILD DONE"),
        "child: {:?}\n{stdout}\n{stderr}",
        out.status
    );
    assert!(
        !stderr.contains("panicked"),
        "the writer's caught panic prints nothing that looks like a crash: {stderr}"
    );
    for name in ["old.xlsx", "old.csv", "old.json"] {
        assert_eq!(std::fs::read(dir.join(name)).unwrap(), OLD, "{name} kept");
    }
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 3, "no temp file is left: {left:?}");
}

/// Runs only as the child of the test above (with its folder in the environment).
#[test]
fn child_exports_into_the_full_folder() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let dir = Path::new(&dir);
    let records = records();
    for (format, name) in [
        (ExportFormat::Xlsx, "old.xlsx"),
        (ExportFormat::Csv, "old.csv"),
        (ExportFormat::Json, "old.json"),
    ] {
        let target = dir.join(name);
        let result = export_records(
            format,
            &target,
            &records,
            &ExportOptions::default(),
            &mut |_, _| {},
            &Cancel::new(),
        );
        match result {
            Err(ExportError::DiskFull { path }) => assert_eq!(path, target),
            other => panic!("{format:?}: expected DiskFull, got {other:?}"),
        }
        let error: coachdesk::error::WorkerError = ExportError::DiskFull { path: target }.into();
        let m = coachdesk::message::from_worker_error(&error);
        assert_eq!(m.title.in_lang(Lang::Nl), "De schijf is vol");
        assert_eq!(m.title.in_lang(Lang::En), "The disk is full");
        assert!(m.what_happened.in_lang(Lang::Nl).contains(name));
    }
    println!("CHILD DONE");
}
