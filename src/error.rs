//! Library errors. Messages are lowercase, name the file and never contain document text.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule, term, allowlist or job file could not be read or parsed.
    #[error("{path}: invalid rule file: {reason}", path = path.display())]
    RuleFile { path: PathBuf, reason: String },
    /// An input document could not be read.
    #[error("{path}: {reason}", path = path.display())]
    Input { path: PathBuf, reason: String },
    /// An output could not be written.
    #[error("{path}: cannot write: {reason}", path = path.display())]
    Output { path: PathBuf, reason: String },
    /// A line of a reviewer's decisions file (`--decisions`) is invalid.
    #[error("{path}:{line}: invalid decision: {reason}", path = path.display())]
    Decisions {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

impl Error {
    pub(crate) fn input(path: impl Into<PathBuf>, reason: impl Into<String>) -> Error {
        Error::Input {
            path: path.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn output(path: impl Into<PathBuf>, err: impl std::fmt::Display) -> Error {
        Error::Output {
            path: path.into(),
            reason: err.to_string(),
        }
    }
}
