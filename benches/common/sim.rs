//! A `coachdesk sim` child process on a free port, as the benches run it.

use std::io::BufRead;
use std::process::{Child, Command, Stdio};

/// Starts `coachdesk sim --addr 127.0.0.1:0 <args>`; returns the child and the base URL its
/// banner names.
pub fn start(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args(["sim", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start coachdesk sim");
    let stdout = child.stdout.take().expect("sim stdout");
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("sim banner");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("base URL in the sim banner")
        .trim_end_matches([',', '(', ')'])
        .to_string();
    (child, url)
}
