//! Integration tests: drive the real `woolak` binary on the files in `fixtures/`, and check the
//! detectors against the labelled fixtures. One test binary, modules per area.

mod check;
mod cli;
mod eval;
mod pdf;
mod regression;
mod rule_fixtures;
mod set;
mod util;
