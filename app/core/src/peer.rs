//! Quota uses shared between the terminals of one canteen, and their line
//! encoding on the LAN.
//!
//! A [`QuotaUse`] says "the terminal `origin_device` sold line `line_no` of its
//! sale `origin_seq` to resident key `resident_key` on `local_date` in meal
//! period `period` with the subsidy quota". Terminals push their own uses to
//! their peers, which keep them as a grow-only set and count them when they
//! price: one subsidised meal per person per period across the canteen.
//!
//! Sans-IO: a push is a batch of lines, one use each
//! (`quota1 DEVICE SEQ LINE DATE PERIOD KEY\n`), answered by one reply line
//! (`ok N\n` or `refused REASON\n`). [`decode_batch`] takes the bytes a peer
//! sent and gives the uses or a refusal that names the line and what is wrong
//! (garbage, a truncated last line, an oversize line or batch). Only
//! [`QuotaUse::line`] writes the format; nothing here touches a socket.

use chrono::NaiveDate;

/// The tag that opens every quota-use line (the format's version).
pub const TAG: &str = "quota1";
/// The longest line accepted, newline included.
pub const MAX_LINE: usize = 256;
/// The most uses in one batch.
pub const MAX_BATCH_LINES: usize = 1000;
/// The most bytes in one batch.
pub const MAX_BATCH_BYTES: usize = MAX_LINE * MAX_BATCH_LINES;
/// The longest reply line, newline included.
pub const MAX_REPLY: usize = 200;

/// One subsidised line sold at a terminal of the canteen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuotaUse {
    /// The resident key (HMAC-SHA256 hex, keyed with the community secret).
    pub resident_key: String,
    pub local_date: NaiveDate,
    /// The meal period's id.
    pub period: String,
    /// The device id of the terminal that sold it.
    pub origin_device: String,
    /// The sale's journal sequence number there.
    pub origin_seq: u64,
    /// The line of that sale (0–511).
    pub line_no: u32,
}

/// What a peer answers to a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The batch was read and stored; `N` uses were new.
    Recorded(u64),
    /// The batch was not stored, and why (printable ASCII).
    Refused(String),
}

/// Why bytes from a peer are not a quota use, a batch or a reply.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeerLineError {
    #[error("line {line}: {why}")]
    Line { line: usize, why: LineFault },
    #[error(
        "the batch is over {MAX_BATCH_BYTES} bytes; send at most {MAX_BATCH_LINES} uses at once"
    )]
    BatchTooLarge,
    #[error("the batch has more than {MAX_BATCH_LINES} lines; send fewer uses at once")]
    TooManyLines,
    #[error("the reply is not `ok N` or `refused REASON`")]
    BadReply,
}

/// What is wrong with one line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LineFault {
    #[error("over {MAX_LINE} bytes")]
    Oversize,
    #[error("cut off: no newline at its end")]
    Truncated,
    #[error("not printable ASCII")]
    NotText,
    #[error("does not start with `{TAG}`")]
    WrongTag,
    #[error("has {0} fields, not 7")]
    FieldCount(usize),
    #[error("field `{field}` {why}")]
    Field {
        field: &'static str,
        why: &'static str,
    },
}

impl QuotaUse {
    /// The use as one line, newline included. The fields are the caller's
    /// (the ledger's own rows); [`QuotaUse::parse`] checks them on the way in.
    pub fn line(&self) -> String {
        format!(
            "{TAG} {} {} {} {} {} {}\n",
            self.origin_device,
            self.origin_seq,
            self.line_no,
            self.local_date.format("%Y-%m-%d"),
            self.period,
            self.resident_key
        )
    }

    /// One line without its newline.
    pub fn parse(line: &[u8]) -> Result<QuotaUse, LineFault> {
        if line.len() >= MAX_LINE {
            return Err(LineFault::Oversize);
        }
        if !line.iter().all(|b| (0x20..0x7f).contains(b)) {
            return Err(LineFault::NotText);
        }
        let text = std::str::from_utf8(line).map_err(|_| LineFault::NotText)?;
        let fields: Vec<&str> = text.split(' ').collect();
        if fields.first() != Some(&TAG) {
            return Err(LineFault::WrongTag);
        }
        let [_, device, seq, line_no, date, period, key] = fields[..] else {
            return Err(LineFault::FieldCount(fields.len()));
        };
        let bad = |field, why| LineFault::Field { field, why };
        if !is_name(device, 64, true) {
            return Err(bad("device", "is not 1–64 letters, digits, `-` or `_`"));
        }
        let origin_seq = number(seq)
            .filter(|n| (1..=i64::MAX as u64).contains(n))
            .ok_or(bad("seq", "is not a number from 1 to 2^63 - 1"))?;
        let line_no = number(line_no)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n <= 511)
            .ok_or(bad("line", "is not a number from 0 to 511"))?;
        let local_date = (date.len() == 10)
            .then(|| NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())
            .flatten()
            .ok_or(bad("date", "is not a date YYYY-MM-DD"))?;
        if !is_name(period, 40, false) {
            return Err(bad(
                "period",
                "is not 1–40 lower-case letters, digits, `-` or `_`",
            ));
        }
        if key.len() != 64 || !key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(bad("key", "is not 64 lower-case hex digits"));
        }
        Ok(QuotaUse {
            resident_key: key.to_owned(),
            local_date,
            period: period.to_owned(),
            origin_device: device.to_owned(),
            origin_seq,
            line_no,
        })
    }
}

/// The uses in a whole batch as a peer sent it: every line ends in a newline.
/// One bad line refuses the batch (a peer runs the same code; garbage is not
/// a peer).
pub fn decode_batch(bytes: &[u8]) -> Result<Vec<QuotaUse>, PeerLineError> {
    if bytes.len() > MAX_BATCH_BYTES {
        return Err(PeerLineError::BatchTooLarge);
    }
    let mut uses = Vec::new();
    let mut rest = bytes;
    let mut n = 0;
    while !rest.is_empty() {
        n += 1;
        if n > MAX_BATCH_LINES {
            return Err(PeerLineError::TooManyLines);
        }
        let fault = |why| PeerLineError::Line { line: n, why };
        let Some(end) = rest.iter().position(|b| *b == b'\n') else {
            let why = if rest.len() >= MAX_LINE {
                LineFault::Oversize
            } else {
                LineFault::Truncated
            };
            return Err(fault(why));
        };
        uses.push(QuotaUse::parse(&rest[..end]).map_err(fault)?);
        rest = &rest[end + 1..];
    }
    Ok(uses)
}

impl Reply {
    /// The reply as one line, newline included; a reason is cut to fit and
    /// stripped of anything but printable ASCII.
    pub fn line(&self) -> String {
        match self {
            Reply::Recorded(n) => format!("ok {n}\n"),
            Reply::Refused(why) => {
                let clean: String = why
                    .chars()
                    .map(|c| if c.is_ascii_graphic() { c } else { ' ' })
                    .take(MAX_REPLY - "refused \n".len())
                    .collect();
                format!("refused {clean}\n")
            }
        }
    }

    /// A reply line as received (its newline included).
    pub fn parse(bytes: &[u8]) -> Result<Reply, PeerLineError> {
        let line = bytes
            .strip_suffix(b"\n")
            .filter(|l| l.len() < MAX_REPLY && l.iter().all(|b| (0x20..0x7f).contains(b)))
            .ok_or(PeerLineError::BadReply)?;
        let text = std::str::from_utf8(line).map_err(|_| PeerLineError::BadReply)?;
        if let Some(n) = text.strip_prefix("ok ") {
            return number(n)
                .map(Reply::Recorded)
                .ok_or(PeerLineError::BadReply);
        }
        match text.strip_prefix("refused ") {
            Some(why) => Ok(Reply::Refused(why.to_owned())),
            None => Err(PeerLineError::BadReply),
        }
    }
}

/// Decimal digits only (no sign, no spaces), at most 19 of them.
fn number(text: &str) -> Option<u64> {
    let digits = !text.is_empty() && text.len() <= 19 && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok()).flatten()
}

fn is_name(text: &str, max: usize, upper: bool) -> bool {
    !text.is_empty()
        && text.len() <= max
        && text.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || b == b'-'
                || b == b'_'
                || (upper && b.is_ascii_uppercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> QuotaUse {
        QuotaUse {
            resident_key: "ab".repeat(32),
            local_date: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            period: "lunch".into(),
            origin_device: "dev-0a1b2c3d4e5f".into(),
            origin_seq: 42,
            line_no: 1,
        }
    }

    #[test]
    fn a_use_round_trips_through_its_line() {
        let u = sample();
        let line = u.line();
        assert_eq!(
            line,
            format!(
                "quota1 dev-0a1b2c3d4e5f 42 1 2026-12-04 lunch {}\n",
                "ab".repeat(32)
            )
        );
        assert_eq!(decode_batch(line.as_bytes()), Ok(vec![u.clone()]));
        let two = format!("{line}{line}");
        assert_eq!(decode_batch(two.as_bytes()).unwrap().len(), 2);
        assert_eq!(decode_batch(b""), Ok(vec![]));
    }

    #[test]
    fn garbage_is_refused_with_the_line_and_the_field() {
        let good = sample().line();
        let cases: Vec<(String, LineFault)> = vec![
            ("hello\n".into(), LineFault::WrongTag),
            ("quota1 a 1\n".into(), LineFault::FieldCount(3)),
            (good.replace("quota1", "quota2"), LineFault::WrongTag),
            (good.replace(" 42 ", " -42 "), field("seq")),
            (good.replace(" 42 ", " 0 "), field("seq")),
            (good.replace(" 42 ", " 99999999999999999999 "), field("seq")),
            (good.replace(" 42 ", " 9223372036854775808 "), field("seq")),
            (good.replace(" 1 2026", " 512 2026"), field("line")),
            (good.replace("2026-12-04", "2026-02-30"), field("date")),
            (good.replace("2026-12-04", "2026-12-4"), field("date")),
            (good.replace("lunch", "Lunch"), field("period")),
            (good.replace("dev-0a1b2c3d4e5f", "dev/x"), field("device")),
            (good.replace("abab\n", "ab\n"), field("key")),
            (good.replace("abab\n", "ABAB\n"), field("key")),
            (good.replace(' ', "  "), LineFault::FieldCount(13)),
            (good.replace("lunch", "lu\u{1b}ch"), LineFault::NotText),
            (good.replace("lunch", "午餐"), LineFault::NotText),
        ];
        for (text, why) in cases {
            let batch = format!("{good}{text}");
            assert_eq!(
                blur(decode_batch(batch.as_bytes())),
                Err(PeerLineError::Line { line: 2, why }),
                "{text:?}"
            );
        }
    }

    /// A fault in `field`; the tests compare the field, not the wording.
    fn field(field: &'static str) -> LineFault {
        LineFault::Field { field, why: "" }
    }

    fn blur(r: Result<Vec<QuotaUse>, PeerLineError>) -> Result<Vec<QuotaUse>, PeerLineError> {
        r.map_err(|e| match e {
            PeerLineError::Line {
                line,
                why: LineFault::Field { field, .. },
            } => PeerLineError::Line {
                line,
                why: LineFault::Field { field, why: "" },
            },
            other => other,
        })
    }

    #[test]
    fn truncation_and_oversize_are_refused() {
        let good = sample().line();
        let cut = &good.as_bytes()[..good.len() - 5];
        assert_eq!(
            decode_batch(cut),
            Err(PeerLineError::Line {
                line: 1,
                why: LineFault::Truncated
            })
        );
        let long = format!("{}\n", "x".repeat(MAX_LINE));
        assert_eq!(
            decode_batch(long.as_bytes()),
            Err(PeerLineError::Line {
                line: 1,
                why: LineFault::Oversize
            })
        );
        let endless = vec![b'q'; MAX_LINE + 10];
        assert_eq!(
            decode_batch(&endless),
            Err(PeerLineError::Line {
                line: 1,
                why: LineFault::Oversize
            })
        );
        let many = good.repeat(MAX_BATCH_LINES + 1);
        assert_eq!(
            decode_batch(many.as_bytes()),
            Err(PeerLineError::TooManyLines)
        );
        assert_eq!(
            decode_batch(&vec![b'\n'; MAX_BATCH_BYTES + 1]),
            Err(PeerLineError::BatchTooLarge)
        );
    }

    #[test]
    fn replies_round_trip_and_garbage_is_refused() {
        for r in [
            Reply::Recorded(0),
            Reply::Recorded(7),
            Reply::Refused("bad line 2".into()),
        ] {
            assert_eq!(Reply::parse(r.line().as_bytes()), Ok(r));
        }
        let hostile = Reply::Refused(format!("a\u{1b}b\n{}", "z".repeat(500))).line();
        assert!(hostile.len() <= MAX_REPLY && hostile.starts_with("refused a b "));
        assert!(Reply::parse(hostile.as_bytes()).is_ok());
        for bad in [
            &b"ok\n"[..],
            b"ok -1\n",
            b"ok 1",
            b"yes\n",
            b"ok 1\x00\n",
            b"",
        ] {
            assert_eq!(Reply::parse(bad), Err(PeerLineError::BadReply), "{bad:?}");
        }
    }
}
