//! A data file's bytes before they are records: what their encoding is
//! (UTF-8, Windows-1258, UTF-16, or UTF-8 spoiled by a stray byte), reading
//! no further than the size limit, and a CSV reader's error at its row.

use super::err::{DataError, DataErrorKind as K};
use crate::location::Location;
use std::io::{BufRead, Read};
use std::path::Path;

/// The marker of a read past the size limit (see [`Bounded`]).
#[derive(Debug)]
pub(crate) struct PastLimit;

impl std::fmt::Display for PastLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("file larger than the limit")
    }
}

impl std::error::Error for PastLimit {}

/// Counts the bytes read from a file and fails past the limit: a pipe or a
/// device has no size to check before reading.
pub(crate) struct Bounded<R> {
    pub inner: R,
    pub left: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = match self.left.checked_sub(n as u64) {
            Some(l) => l,
            None => return Err(std::io::Error::other(PastLimit)),
        };
        Ok(n)
    }
}

/// Turns a CSV reader error into a data error at the row it happened on.
pub(crate) fn csv_error(e: &csv::Error, path: &Path, row: usize) -> DataError {
    let kind = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => K::NotUtf8,
        _ => K::Csv(e.to_string()),
    };
    DataError::new(Location::row(path, row), kind)
}

/// What a file's bytes say of its encoding, read whole: UTF-8, Windows-1258
/// (bytes past ASCII that never form a UTF-8 character), or UTF-8 spoiled by
/// a stray byte (characters that are UTF-8, and a byte that is not), which
/// decoded as Windows-1258 would turn every accented name to mojibake: it is
/// read as UTF-8, and each row holding a bad byte is refused by its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bytes {
    Utf8,
    Windows1258,
    StrayByte,
}

/// Tells [`Bytes`] of everything `reader` yields.
pub(crate) fn scan_bytes(mut reader: impl Read) -> std::io::Result<Bytes> {
    let mut buf = vec![0u8; 1 << 20];
    let mut carry = 0; // bytes of a character cut at the end of a block
    let (mut utf8_seen, mut bad_seen) = (false, false);
    loop {
        let n = reader.read(&mut buf[carry..])?;
        let end = carry + n;
        let last = n == 0;
        let mut at = 0;
        while at < end {
            let (good, bad) = match simdutf8::compat::from_utf8(&buf[at..end]) {
                Ok(_) => (end - at, None),
                Err(e) => (e.valid_up_to(), Some(e.error_len())),
            };
            utf8_seen |= !buf[at..at + good].is_ascii();
            at += good;
            match bad {
                None => {}
                Some(Some(len)) => {
                    bad_seen = true;
                    at += len;
                }
                Some(None) if last => {
                    bad_seen = true;
                    at = end;
                }
                Some(None) => break, // a character cut by the block's end
            }
        }
        if last || (utf8_seen && bad_seen) {
            break;
        }
        buf.copy_within(at..end, 0);
        carry = end - at;
    }
    Ok(match (bad_seen, utf8_seen) {
        (false, _) => Bytes::Utf8,
        (true, true) => Bytes::StrayByte,
        (true, false) => Bytes::Windows1258,
    })
}

/// Whether the first `len` bytes of `file` are UTF-8 (a character cut at
/// their end aside) and the file goes on past them. A file no longer than
/// that is better judged whole at once: it costs no more.
pub(crate) fn utf8_head_of_longer(file: &std::fs::File, len: usize) -> std::io::Result<bool> {
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let want = len.saturating_add(1);
    let mut head = Vec::with_capacity(want.min(usize::try_from(size).unwrap_or(usize::MAX).saturating_add(1)));
    file.take(want as u64).read_to_end(&mut head)?;
    if head.len() <= len {
        return Ok(false);
    }
    head.truncate(len);
    Ok(match simdutf8::compat::from_utf8(&head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    })
}

/// The encoding to decode from, or `None` for UTF-8 (read as is). `whole`
/// is what the whole file's bytes said, for a file that can be read twice;
/// a pipe is judged by its first 64 KiB.
pub(crate) fn detect_encoding<R: BufRead>(
    reader: &mut R,
    declared: crate::limits::TextEncoding,
    whole: Option<Bytes>,
) -> Result<Option<&'static encoding_rs::Encoding>, K> {
    use crate::limits::TextEncoding;
    let head = reader.fill_buf().map_err(|e| K::Io(e.to_string()))?;
    let utf16_bom = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let bytes = match whole {
        Some(b) => b,
        None => {
            let valid = match std::str::from_utf8(head) {
                Ok(_) => true,
                // A character cut at the end of the buffer is not an error.
                Err(e) => e.error_len().is_none(),
            };
            if valid {
                Bytes::Utf8
            } else {
                scan_bytes(head).map_err(|e| K::Io(e.to_string()))?
            }
        }
    };
    Ok(match declared {
        TextEncoding::Utf8 if utf16_bom => return Err(K::NotUtf8),
        TextEncoding::Utf8 if bytes == Bytes::Windows1258 => return Err(K::NotUtf8),
        TextEncoding::Utf8 => None,
        TextEncoding::Utf16 if head.starts_with(b"\xFE\xFF") => Some(encoding_rs::UTF_16BE),
        TextEncoding::Utf16 => Some(encoding_rs::UTF_16LE),
        TextEncoding::Windows1258 => Some(encoding_rs::WINDOWS_1258),
        TextEncoding::Auto if utf16_bom => {
            Some(if head.starts_with(b"\xFE\xFF") { encoding_rs::UTF_16BE } else { encoding_rs::UTF_16LE })
        }
        TextEncoding::Auto if bytes == Bytes::Windows1258 => Some(encoding_rs::WINDOWS_1258),
        // UTF-8, or UTF-8 with stray bytes: their rows are refused.
        TextEncoding::Auto => None,
    })
}
