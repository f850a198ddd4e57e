//! The `coachdesk` binary: parses the command line and hands over to the library.
// On Windows the app is a GUI program: no console window opens from the Start menu.
#![cfg_attr(windows, windows_subsystem = "windows")]
#![warn(clippy::unwrap_used, clippy::expect_used)]

fn main() -> std::process::ExitCode {
    #[cfg(windows)]
    attach_parent_console();
    coachdesk::cli::main()
}

/// Started from a terminal (the CLI subcommands), print there; started from the Start menu there
/// is no parent console and this does nothing.
#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole has no memory-safety preconditions; failure just means no console.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}
