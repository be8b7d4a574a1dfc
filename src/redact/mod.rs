//! Redact: findings to output documents.
//!
//! [`text`] replaces every finding by its ground code; [`textpdf`] typesets the redacted text
//! as a publishable A4 PDF in which every code sits in a filled box; [`pdf`] removes findings
//! from a PDF input itself.

pub mod pageops;
pub mod pdf;
pub mod text;
pub mod textpdf;
