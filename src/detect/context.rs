//! Layout context for detectors: lines, blocks (runs of non-blank lines) and cue lists.
//!
//! Whether a number is personal often depends on what stands around it: a postcode under
//! `Bezoekadres` is an office, the same postcode under a citizen's name is a home. Detectors ask
//! these questions through [`Context`] and [`Cues`].

use std::ops::Range;

use regex::Regex;

/// A text with its line index.
pub struct Context<'t> {
    pub text: &'t str,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    /// Runs of consecutive lines that contain an ASCII digit, and of lines with an `@`.
    digit_chunks: Vec<Range<usize>>,
    at_chunks: Vec<Range<usize>>,
    /// Simple tables: cells separated by `;` or `|`, found once.
    tables: Vec<Table>,
}

/// A table: its header line, separator, and the end of its rows (exclusive line index).
struct Table {
    header: usize,
    sep: char,
    end: usize,
}

/// A regex match with absolute offsets into the context's text. No `Debug`: it holds the
/// document.
#[derive(Clone, Copy)]
pub struct Found<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl<'t> Found<'t> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// Merges the lines for which `keep` holds into runs of consecutive lines.
fn chunks(text: &str, starts: &[usize], keep: impl Fn(&[u8]) -> bool) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(text.len());
        if keep(&text.as_bytes()[s..e]) {
            match out.last_mut() {
                Some(last) if last.end == s => last.end = e,
                _ => out.push(s..e),
            }
        }
    }
    out
}

impl<'t> Context<'t> {
    pub fn new(text: &'t str) -> Context<'t> {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let digit_chunks = chunks(text, &line_starts, |l| l.iter().any(u8::is_ascii_digit));
        let at_chunks = chunks(text, &line_starts, |l| l.contains(&b'@'));
        let mut ctx = Context {
            text,
            line_starts,
            digit_chunks,
            at_chunks,
            tables: Vec::new(),
        };
        ctx.tables = ctx.find_tables();
        ctx
    }

    /// Finds tables: a line with two or more `;` or `|` that opens a block (or follows a line
    /// without them) is a header, and its rows run to the end of the block. Each line is
    /// looked at once.
    fn find_tables(&self) -> Vec<Table> {
        let mut tables = Vec::new();
        if !self.text.contains([';', '|']) {
            return tables;
        }
        let sep_of = |line: &str| {
            [';', '|']
                .into_iter()
                .find(|&c| line.bytes().filter(|&b| b == c as u8).count() >= 2)
        };
        let mut i = 0;
        let mut prev_sep = None;
        while i < self.lines() {
            let sep = sep_of(self.line(i));
            match sep {
                Some(sep) if prev_sep.is_none() => {
                    let mut end = i + 1;
                    while end < self.lines() && !self.is_blank(end) {
                        end += 1;
                    }
                    tables.push(Table {
                        header: i,
                        sep,
                        end,
                    });
                    prev_sep = None;
                    i = end;
                }
                _ => {
                    prev_sep = sep;
                    i += 1;
                }
            }
        }
        tables
    }

    /// Matches of `re` in the lines that contain a digit: every structured pattern but
    /// e-mail needs one, and most prose lines have none, so this skips most of the text.
    /// A match may span the lines of one chunk (a date written over a line break) but never
    /// a line without digits.
    pub fn find_with_digits<'a>(&'a self, re: &'a Regex) -> impl Iterator<Item = Found<'t>> + 'a {
        self.find_in(&self.digit_chunks, re)
    }

    /// Like [`Context::find_with_digits`], in the chunks where `keep` holds for the chunk's
    /// text together with the line before it (where a label such as `Adres:` may stand).
    pub fn find_with_digits_where<'a>(
        &'a self,
        re: &'a Regex,
        keep: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = Found<'t>> + 'a {
        let text = self.text;
        self.digit_chunks
            .iter()
            .filter(move |c| {
                let line = self.line_of(c.start);
                let from = self
                    .prev_nonblank(line, 2)
                    .map_or(c.start, |p| self.line_range(p).start);
                keep(&text[from..c.end])
            })
            .flat_map(move |c| {
                re.find_iter(&text[c.clone()]).map(move |m| Found {
                    start: c.start + m.start(),
                    end: c.start + m.end(),
                    text,
                })
            })
    }

    /// The lines that contain a digit, in order.
    pub fn digit_lines(&self) -> impl Iterator<Item = usize> + '_ {
        self.digit_chunks
            .iter()
            .flat_map(move |c| self.line_of(c.start)..=self.line_of(c.end - 1))
    }

    /// Matches of `re` in the lines that contain an `@`.
    pub fn find_with_at<'a>(&'a self, re: &'a Regex) -> impl Iterator<Item = Found<'t>> + 'a {
        self.find_in(&self.at_chunks, re)
    }

    fn find_in<'a>(
        &'a self,
        chunks: &'a [Range<usize>],
        re: &'a Regex,
    ) -> impl Iterator<Item = Found<'t>> + 'a {
        let text = self.text;
        chunks.iter().flat_map(move |c| {
            re.find_iter(&text[c.clone()]).map(move |m| Found {
                start: c.start + m.start(),
                end: c.start + m.end(),
                text,
            })
        })
    }

    /// Number of lines.
    pub fn lines(&self) -> usize {
        self.line_starts.len()
    }

    /// The line that contains byte `pos`.
    pub fn line_of(&self, pos: usize) -> usize {
        match self.line_starts.binary_search(&pos) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of line `i`, without its line terminator.
    pub fn line_range(&self, i: usize) -> Range<usize> {
        let start = self.line_starts[i];
        let mut end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&s| s - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Text of line `i`.
    pub fn line(&self, i: usize) -> &'t str {
        &self.text[self.line_range(i)]
    }

    /// Returns true if and only if line `i` holds nothing but white space.
    pub fn is_blank(&self, i: usize) -> bool {
        self.line(i).trim().is_empty()
    }

    /// The nearest non-blank line before line `i`, looking back at most `max` lines.
    pub fn prev_nonblank(&self, i: usize, max: usize) -> Option<usize> {
        (i.saturating_sub(max)..i)
            .rev()
            .find(|&j| !self.is_blank(j))
    }

    /// The nearest non-blank line after line `i`, looking ahead at most `max` lines.
    pub fn next_nonblank(&self, i: usize, max: usize) -> Option<usize> {
        (i + 1..(i + 1 + max).min(self.lines())).find(|&j| !self.is_blank(j))
    }

    /// The lines of the block (run of non-blank lines) around line `i`, capped at `max` lines
    /// on either side.
    pub fn block(&self, i: usize, max: usize) -> Range<usize> {
        let mut start = i;
        while start > 0 && i - start < max && !self.is_blank(start - 1) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < self.lines() && end - i <= max && !self.is_blank(end) {
            end += 1;
        }
        start..end
    }

    /// Cells of simple tables (cells separated by `;` or `|`) that stand below a header cell
    /// containing one of `cues`, down to the end of the block.
    pub fn column_cells(&self, cues: &Cues) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for table in &self.tables {
            let header = self.line(table.header);
            let columns: Vec<usize> = header
                .split(table.sep)
                .enumerate()
                .filter(|(_, cell)| cues.found_in(cell))
                .map(|(k, _)| k)
                .collect();
            if columns.is_empty() {
                continue;
            }
            for j in table.header + 1..table.end {
                let range = self.line_range(j);
                let mut at = range.start;
                for (k, cell) in self.text[range.clone()].split(table.sep).enumerate() {
                    if columns.contains(&k) {
                        out.push(at..at + cell.len());
                    }
                    at += cell.len() + table.sep.len_utf8();
                }
            }
        }
        out
    }

    /// Where a cue for the value at `pos` is looked for: the line up to `pos`, after the end
    /// of the previous non-blank line when that end holds no digits or ends in a colon (a
    /// label such as `Burgerservicenummer:` above the value, or `(documentnr.` wrapped
    /// before it).
    pub fn before(&self, pos: usize) -> &'t str {
        let line = self.line_of(pos);
        // Cues stand close to their value: look back at most 200 bytes on the line, so that a
        // megabyte-long line costs no more than a short one.
        let mut here = self.line_range(line).start.max(pos.saturating_sub(200));
        while !self.text.is_char_boundary(here) {
            here += 1;
        }
        let start = match self.prev_nonblank(line, 2) {
            Some(p) => {
                let r = self.line_range(p);
                let mut tail = r.end.saturating_sub(40).max(r.start);
                while !self.text.is_char_boundary(tail) {
                    tail += 1;
                }
                let label = self.text[r.clone()].trim_end().ends_with(':');
                // A cue before a number on that line belongs to that number: only what
                // follows the line's last digit can be this value's cue (`... 3511 AB
                // Utrecht. Uw burgerservicenummer` / `is 111222333`).
                match self.text[tail..r.end].rfind(|c: char| c.is_ascii_digit()) {
                    _ if label => tail,
                    None => tail,
                    Some(d) if self.text[tail + d + 1..r.end].trim().is_empty() => here,
                    Some(d) => tail + d + 1,
                }
            }
            None => here,
        };
        &self.text[start..pos]
    }
}

/// A list of cue words or phrases, matched case-insensitively as whole words, with any run
/// of white space between the words of a phrase.
#[derive(Clone, Debug)]
pub struct Cues {
    re: Option<Regex>,
    /// The first word of every cue, lowercase: a line whose first word is not one of these
    /// cannot start with a cue, and most lines are ruled out without running the regex.
    first_words: rustc_hash::FxHashSet<String>,
    /// Byte length of the longest first word (at most 64).
    longest_first_word: usize,
}

impl Cues {
    pub fn new<S: AsRef<str>>(cues: &[S]) -> Cues {
        let mut alts: Vec<String> = cues
            .iter()
            .map(|c| c.as_ref().trim())
            .filter(|c| !c.is_empty())
            .map(|c| {
                let words: Vec<String> = c.split_whitespace().map(regex::escape).collect();
                words.join(r"\s+")
            })
            .collect();
        // Longest first, so that `afwezig met bericht` wins over `afwezig`.
        alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
        alts.dedup();
        // Word boundaries are checked by hand: a Unicode `\b` would keep the regex engine off
        // its fast path.
        let re = (!alts.is_empty()).then(|| {
            Regex::new(&format!("(?i)(?:{})", alts.join("|"))).expect("escaped cues form a regex")
        });
        let first_words: rustc_hash::FxHashSet<String> = cues
            .iter()
            .filter_map(|c| c.as_ref().split_whitespace().next())
            .map(|w| w.to_lowercase())
            .collect();
        let longest_first_word = first_words
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(0)
            .min(64);
        Cues {
            re,
            first_words,
            longest_first_word,
        }
    }

    /// Matches that are whole words: not glued to a letter or digit where the cue itself
    /// starts or ends with one.
    fn matches<'s>(&'s self, s: &'s str) -> impl Iterator<Item = Range<usize>> + 's {
        self.re.iter().flat_map(move |re| {
            re.find_iter(s).map(|m| m.range()).filter(move |r| {
                let m = &s[r.clone()];
                let glued_before = m.starts_with(char::is_alphanumeric)
                    && s[..r.start]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric);
                let glued_after = m.ends_with(char::is_alphanumeric)
                    && s[r.end..].chars().next().is_some_and(char::is_alphanumeric);
                !glued_before && !glued_after
            })
        })
    }

    /// Returns true if and only if a cue occurs in `s`.
    pub fn found_in(&self, s: &str) -> bool {
        self.matches(s).next().is_some()
    }

    /// The first cue in `s`, as a byte range.
    pub fn find(&self, s: &str) -> Option<Range<usize>> {
        self.matches(s).next()
    }

    /// The last cue in `s`, as a byte range.
    pub fn find_last(&self, s: &str) -> Option<Range<usize>> {
        self.matches(s).last()
    }

    /// A cue that starts `s` (after white space), returning the byte offset just past it.
    pub fn prefix_of(&self, s: &str) -> Option<usize> {
        let trimmed = s.trim_start();
        let first = trimmed
            .split(|c: char| c.is_whitespace() || c == ':' || c == '\t')
            .next()
            .unwrap_or("")
            .trim_end_matches([',', ';']);
        // A cue may also be glued to what follows (`CC:`), which the split above handles;
        // `m.v.g.,` keeps its dots. Cue words are short: a long first word is no cue, and a
        // short one is lowercased on the stack.
        if first.is_empty() || first.len() > self.longest_first_word {
            return None;
        }
        let known = if first.is_ascii() {
            let mut buf = [0u8; 64];
            let bytes = &mut buf[..first.len()];
            bytes.copy_from_slice(first.as_bytes());
            bytes.make_ascii_lowercase();
            std::str::from_utf8(bytes).is_ok_and(|w| self.first_words.contains(w))
        } else {
            self.first_words.contains(&first.to_lowercase())
        };
        if !known {
            return None;
        }
        let lead = s.len() - trimmed.len();
        let m = self.matches(trimmed).next()?;
        (m.start == 0).then_some(lead + m.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_blocks() {
        let ctx = Context::new("a\r\nb\n\nc\nd");
        assert_eq!(ctx.lines(), 5);
        assert_eq!(ctx.line(0), "a");
        assert_eq!(ctx.line(1), "b");
        assert_eq!(ctx.line_of(4), 1);
        assert_eq!(ctx.block(0, 5), 0..2);
        assert_eq!(ctx.block(4, 5), 3..5);
        assert_eq!(ctx.prev_nonblank(3, 3), Some(1));
        assert_eq!(ctx.next_nonblank(1, 3), Some(3));
    }

    #[test]
    fn cues_match_whole_words_and_phrases() {
        let cues = Cues::new(&["bsn", "afwezig met bericht", "www.", "geb."]);
        assert!(cues.found_in("BSN: 1"));
        assert!(!cues.found_in("bsnummer"));
        assert!(cues.found_in("Afwezig  met\nbericht"));
        assert!(cues.found_in("zie www.rijksoverheid.nl"));
        assert_eq!(cues.prefix_of("  Afwezig met bericht: x"), Some(21));
        assert!(cues.found_in("geb. 12-03-1985"));
    }
}
