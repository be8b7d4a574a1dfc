//! woolak finds personal data in Dutch government documents, removes it and puts the legal
//! redaction code (`5.1.2e`, Woo art. 5.1 lid 2 sub e) in its place.
//!
//! The crate follows the pipeline:
//!
//! 1. [`ingest`]: input files to text with offsets: OCR text as it is, PDFs through a glyph
//!    walker that maps every character of the page text back to the glyphs that drew it;
//! 2. [`detect`]: rule sets and lexicons to findings (byte spans with a detector, category and
//!    [`ground::Ground`]), after the allowlist, the extra terms and existing codes are applied;
//! 3. [`redact`]: findings to output documents: for text, the text with codes in place and a
//!    publishable PDF with a box and code for every redaction; for a PDF, the same file with
//!    the glyphs removed from its content streams, a coded box where they were, and
//!    everything outside the pages scrubbed;
//! 4. [`publish`]: the publication set: documents by ID, inventory, DiWoo metadata, the
//!    audit log (`redactions.jsonl`) and a summary, written into a folder that replaces the
//!    old one only when complete;
//! 5. [`check`]: any publication set or PDF, looked at for what could still be recovered.
//!
//! The library never prints and never exits; `main.rs` is the glue.

pub mod check;
pub mod config;
pub mod decide;
pub mod detect;
pub mod error;
pub mod eval;
pub mod ground;
pub mod ingest;
pub mod publish;
pub mod redact;

pub use error::Error;
