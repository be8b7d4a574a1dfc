//! Integration tests: drive the real `woolak` binary on the files in `fixtures/`.
