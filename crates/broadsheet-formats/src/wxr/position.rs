//! Line and column tracking for a streaming reader.
//!
//! [`Tracked`] wraps the input and records the byte offsets of the newlines it hands to the XML
//! parser since the last [`Tracked::mark`]. A byte offset at or after the mark can then be turned
//! into a 1-based line and column without keeping the input itself. Marks are set at the start
//! of every top-level element, so the window holds the newlines of one item at most.

use std::io::{self, BufRead, Read};

/// A 1-based line and column (the column counts bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Loc {
    pub line: u64,
    pub column: u64,
}

/// The start of the file, line 1, column 1: where an error about the whole file points.
impl Default for Loc {
    fn default() -> Self {
        Self { line: 1, column: 1 }
    }
}

/// A `BufRead` that counts what it gives away.
pub(crate) struct Tracked<R> {
    inner: R,
    /// Bytes consumed so far.
    consumed: u64,
    /// Offsets of the newlines consumed since the mark.
    newlines: Vec<u64>,
    /// Newlines before the window.
    lines_before: u64,
    /// Offset of the first byte of the line the window starts in.
    line_start_before: u64,
}

impl<R: BufRead> Tracked<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            consumed: 0,
            newlines: Vec::new(),
            lines_before: 0,
            line_start_before: 0,
        }
    }

    /// Bytes consumed so far.
    pub(crate) fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The line and column of byte `offset`. Offsets before the mark resolve to the mark's line.
    pub(crate) fn location(&self, offset: u64) -> Loc {
        let k = self.newlines.partition_point(|&n| n < offset);
        let line_start = if k > 0 {
            self.newlines[k - 1] + 1
        } else {
            self.line_start_before
        };
        Loc {
            line: self.lines_before + k as u64 + 1,
            column: offset.saturating_sub(line_start) + 1,
        }
    }

    /// Forgets newlines before `offset`: later locations must be at or after it.
    pub(crate) fn mark(&mut self, offset: u64) {
        let k = self.newlines.partition_point(|&n| n < offset);
        if k > 0 {
            self.lines_before += k as u64;
            self.line_start_before = self.newlines[k - 1] + 1;
            self.newlines.drain(..k);
        }
    }
}

impl<R: BufRead> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if amt == 0 {
            return;
        }
        if let Ok(buffer) = self.inner.fill_buf() {
            let end = amt.min(buffer.len());
            let base = self.consumed;
            self.newlines
                .extend(memchr::memchr_iter(b'\n', &buffer[..end]).map(|i| base + i as u64));
        }
        self.inner.consume(amt);
        self.consumed += amt as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_follow_consumed_newlines() {
        let text = b"ab\ncd\n\nefg";
        let mut tracked = Tracked::new(&text[..]);
        let mut all = Vec::new();
        tracked.read_to_end(&mut all).unwrap();
        assert_eq!(tracked.location(0), Loc { line: 1, column: 1 });
        assert_eq!(tracked.location(4), Loc { line: 2, column: 2 });
        assert_eq!(tracked.location(7), Loc { line: 4, column: 1 });
        tracked.mark(6);
        assert_eq!(tracked.location(9), Loc { line: 4, column: 3 });
        assert_eq!(tracked.location(6), Loc { line: 3, column: 1 });
    }
}
