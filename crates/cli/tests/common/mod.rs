//! What the end-to-end tests of the CLI share: running the real binary.
//! (Each file in `tests/` is its own crate, so not every helper is used by each.)
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The `attache` binary cargo built for these tests.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_attache"))
}

/// `attache --db DB ARGS...` with no stdin.
pub fn attache(db: &Path, args: &[&str]) -> Output {
    bin().arg("--db").arg(db).args(args).stdin(Stdio::null()).output().unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
