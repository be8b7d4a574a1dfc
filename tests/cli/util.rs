//! Helpers: the path of the real binary, a temp dir, and running a command.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `woolak` command run from the repository root.
pub fn woolak() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_woolak"));
    cmd.current_dir(root());
    cmd
}

/// Runs a command and returns its output.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("command starts")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Returns true if and only if `tool` can be run (an outside oracle such as pdftotext).
/// Under CI (`CI` set) a missing oracle is a failure, so a green run cannot hide it.
pub fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    if !found && std::env::var_os("CI").is_some() {
        panic!("{tool} is not installed; .ci/run must install it");
    }
    found
}

/// Text of a PDF according to poppler's pdftotext, an extractor independent of ours.
pub fn pdftotext(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(o.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}
