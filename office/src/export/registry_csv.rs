//! A CSV registry file read row by row, never whole: its encoding is found
//! in a first pass (UTF-8, strictly, else GB18030, what Excel on Chinese
//! Windows saves as "CSV"; a byte-order mark is dropped), then the `csv`
//! reader takes it through a GB18030 decoder when it needs one, and each
//! row carries the line it starts on as an editor or Excel counts (blank
//! lines and CRLF line ends included), counted as the bytes go by.

use std::cell::RefCell;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::rc::Rc;

use encoding_rs::{Decoder, DecoderResult, GB18030};

use super::registry_file::{Line, RegistryFileError, RowProblem, whole_file};

/// The rows of a CSV file, trimmed, each with its line.
pub(super) struct CsvCells<R: Read> {
    reader: csv::Reader<Counted<Text<R>>>,
    seen: Rc<RefCell<Seen>>,
    record: csv::StringRecord,
    done: bool,
}

/// The file's rows, or (when it is neither UTF-8 nor GB18030 text) why not.
pub(super) fn cells<R: Read + Seek>(
    mut file: R,
) -> io::Result<Result<CsvCells<R>, RegistryFileError>> {
    let utf8 = is_utf8(&mut file)?;
    if !utf8 {
        file.rewind()?;
        match io::copy(&mut Gb18030::new(&mut file), &mut io::sink()) {
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                return Ok(Err(whole_file(
                    "文件既不是 UTF-8 也不是 GB18030 编码：请在 Excel 中另存为“CSV UTF-8”或 XLSX",
                    "the file is neither UTF-8 nor GB18030 text: save it from Excel as \"CSV UTF-8\" or XLSX",
                )));
            }
            other => _ = other?,
        }
    }
    file.rewind()?;
    let mut file = BufReader::new(file);
    if file.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        file.consume(3);
    }
    let text = if utf8 {
        Text::Utf8(file)
    } else {
        Text::Gb18030(Gb18030::new(file))
    };
    let seen = Rc::new(RefCell::new(Seen::default()));
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(Counted {
            inner: text,
            seen: seen.clone(),
        });
    Ok(Ok(CsvCells {
        reader,
        seen,
        record: csv::StringRecord::new(),
        done: false,
    }))
}

impl<R: Read> Iterator for CsvCells<R> {
    type Item = io::Result<Line>;

    fn next(&mut self) -> Option<io::Result<Line>> {
        if self.done {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let line = self.seen.borrow_mut().line_at(self.record.position());
                let cells = self.record.iter().map(|f| (f.to_owned(), false)).collect();
                Some(Ok(Ok((line, cells))))
            }
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                self.done = true;
                Some(Err(e.into()))
            }
            Err(e) => Some(Ok(Err(RowProblem {
                line: self.seen.borrow_mut().line_at(e.position()),
                column: String::new(),
                reason_zh: "这一行无法读取（引号不成对？）".into(),
                reason_en: "unreadable row (unbalanced quotes?)".into(),
            }))),
        }
    }
}

/// Whether all of `file` is UTF-8, read in chunks.
fn is_utf8(file: &mut impl Read) -> io::Result<bool> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut carried = 0;
    loop {
        let n = file.read(&mut buf[carried..])?;
        if n == 0 {
            return Ok(carried == 0);
        }
        let len = carried + n;
        carried = match std::str::from_utf8(&buf[..len]) {
            Ok(_) => 0,
            // A character cut by the chunk's end: carried to the next.
            Err(e) if e.error_len().is_none() => {
                buf.copy_within(e.valid_up_to()..len, 0);
                len - e.valid_up_to()
            }
            Err(_) => return Ok(false),
        };
    }
}

/// The file's text as UTF-8 bytes.
enum Text<R: Read> {
    Utf8(BufReader<R>),
    Gb18030(Gb18030<BufReader<R>>),
}

impl<R: Read> Read for Text<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Text::Utf8(r) => r.read(buf),
            Text::Gb18030(r) => r.read(buf),
        }
    }
}

/// GB18030 bytes decoded to UTF-8 as they are read; a malformed byte is an
/// `InvalidData` error.
struct Gb18030<R> {
    inner: R,
    decoder: Decoder,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: Read> Gb18030<R> {
    fn new(inner: R) -> Gb18030<R> {
        Gb18030 {
            inner,
            decoder: GB18030.new_decoder_without_bom_handling(),
            out: Vec::new(),
            pos: 0,
            done: false,
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        let mut input = [0u8; 8192];
        let n = self.inner.read(&mut input)?;
        self.done = n == 0;
        self.out.clear();
        self.pos = 0;
        let mut read = 0;
        loop {
            let need = self
                .decoder
                .max_utf8_buffer_length_without_replacement(n - read)
                .unwrap_or(4 * (n - read) + 16);
            let start = self.out.len();
            self.out.resize(start + need, 0);
            let (result, r, w) = self.decoder.decode_to_utf8_without_replacement(
                &input[read..n],
                &mut self.out[start..],
                self.done,
            );
            self.out.truncate(start + w);
            read += r;
            match result {
                DecoderResult::InputEmpty => return Ok(()),
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(..) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "the file is not GB18030 text",
                    ));
                }
            }
        }
    }
}

impl<R: Read> Read for Gb18030<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The bytes the `csv` reader has taken but no row has been counted past:
/// `bytes` start at offset `base`, on line `lines + 1`.
#[derive(Default)]
struct Seen {
    bytes: Vec<u8>,
    base: u64,
    lines: usize,
}

impl Seen {
    /// The line a record at `position` starts on; forgets the bytes before.
    /// The reader's own line count lags by one after a CRLF (the `\n` of
    /// the previous line is still ahead of its position), so it is counted
    /// here from the byte offset.
    fn line_at(&mut self, position: Option<&csv::Position>) -> usize {
        let Some(p) = position else { return 0 };
        let mut start = (p.byte().saturating_sub(self.base) as usize).min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        self.lines += self.bytes[..start].iter().filter(|&&b| b == b'\n').count();
        self.bytes.drain(..start);
        self.base += start as u64;
        self.lines + 1
    }
}

/// A reader that keeps what it reads in [`Seen`] until lines are counted.
struct Counted<R> {
    inner: R,
    seen: Rc<RefCell<Seen>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen.borrow_mut().bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Vec<usize> {
        let rows = cells(io::Cursor::new(bytes)).unwrap().unwrap();
        rows.map(|r| r.unwrap().unwrap().0).collect()
    }

    #[test]
    fn lines_are_counted_as_excel_shows_them_with_lf_crlf_and_blank_lines() {
        for text in ["h\na\n\nb\n", "h\r\na\r\n\r\nb\r\n", "\u{feff}h\na\n\nb"] {
            assert_eq!(lines(text.as_bytes()), [1, 2, 4], "{text:?}");
        }
    }

    #[test]
    fn lines_are_counted_across_the_readers_buffer_and_in_gb18030() {
        let mut text = String::from("姓名,身份证号\n");
        for i in 0..5000 {
            text.push_str(&format!("\"王\n{i}\",x\r\n\r\n"));
        }
        let want: Vec<usize> = (0..=5000)
            .map(|i| if i == 0 { 1 } else { 3 * i - 1 })
            .collect();
        assert_eq!(lines(text.as_bytes()), want);
        let (gb, _, bad) = GB18030.encode(&text);
        assert!(!bad);
        assert!(std::str::from_utf8(&gb).is_err(), "a GB18030 file");
        assert_eq!(lines(&gb), want);
    }

    #[test]
    fn a_file_neither_utf8_nor_gb18030_is_refused_before_any_row() {
        let err = cells(io::Cursor::new(b"h\n\x80\xff\n".to_vec()))
            .unwrap()
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("neither UTF-8 nor GB18030"),
            "{err}"
        );
    }
}
