//! `DLE EOT n` real-time status: the queries and the meaning of the reply
//! bytes. Pure.
//!
//! A reply byte always has bit 1 and bit 4 set and bits 0 and 7 clear
//! (`0b0xx1_xx10`); anything else is not a status reply. Bits used:
//!
//! | query | bit | meaning |
//! |---|---|---|
//! | `DLE EOT 1` printer | 3 (0x08) | offline |
//! | `DLE EOT 2` offline cause | 2 (0x04) | cover open |
//! | | 5 (0x20) | stopped: paper end |
//! | | 6 (0x40) | error |
//! | `DLE EOT 4` paper sensor | 2–3 (0x0C) | paper near end |
//! | | 5–6 (0x60) | paper end |

use super::escpos::{DLE, EOT};
use super::output::PrinterError;

/// The `DLE EOT` queries used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusQuery {
    Printer = 1,
    OfflineCause = 2,
    PaperSensor = 4,
}

impl StatusQuery {
    pub fn bytes(self) -> [u8; 3] {
        [DLE, EOT, self as u8]
    }
}

/// What the printer said about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PrinterStatus {
    pub offline: bool,
    pub cover_open: bool,
    pub paper_near_end: bool,
    pub paper_out: bool,
    pub error: bool,
}

/// True if `b` has the fixed bits of a `DLE EOT` reply.
pub fn is_status_byte(b: u8) -> bool {
    b & 0b1001_0011 == 0b0001_0010
}

impl PrinterStatus {
    /// Merges the reply `byte` to `query` into this status.
    pub fn apply(&mut self, query: StatusQuery, byte: u8) -> Result<(), PrinterError> {
        if !is_status_byte(byte) {
            return Err(PrinterError::BadStatus(byte));
        }
        match query {
            StatusQuery::Printer => self.offline |= byte & 0x08 != 0,
            StatusQuery::OfflineCause => {
                self.cover_open |= byte & 0x04 != 0;
                self.paper_out |= byte & 0x20 != 0;
                self.error |= byte & 0x40 != 0;
            }
            StatusQuery::PaperSensor => {
                self.paper_near_end |= byte & 0x0c != 0;
                self.paper_out |= byte & 0x60 != 0;
            }
        }
        Ok(())
    }

    /// Ok if printing can go ahead; otherwise the error to show. A near-end
    /// roll still prints.
    pub fn check(&self) -> Result<(), PrinterError> {
        if self.paper_out {
            Err(PrinterError::PaperOut)
        } else if self.cover_open {
            Err(PrinterError::CoverOpen)
        } else if self.offline || self.error {
            Err(PrinterError::Offline)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_printer() {
        let mut s = PrinterStatus::default();
        s.apply(StatusQuery::Printer, 0x12).unwrap();
        s.apply(StatusQuery::PaperSensor, 0x12).unwrap();
        assert_eq!(s, PrinterStatus::default());
        assert!(s.check().is_ok());
    }

    #[test]
    fn paper_out_and_near_end() {
        let mut s = PrinterStatus::default();
        s.apply(StatusQuery::PaperSensor, 0x12 | 0x0c).unwrap();
        assert!(s.paper_near_end && !s.paper_out);
        assert!(s.check().is_ok());
        s.apply(StatusQuery::PaperSensor, 0x12 | 0x60).unwrap();
        assert_eq!(s.check(), Err(PrinterError::PaperOut));
    }

    #[test]
    fn offline_and_cover() {
        let mut s = PrinterStatus::default();
        s.apply(StatusQuery::Printer, 0x12 | 0x08).unwrap();
        assert_eq!(s.check(), Err(PrinterError::Offline));
        s.apply(StatusQuery::OfflineCause, 0x12 | 0x04).unwrap();
        assert_eq!(s.check(), Err(PrinterError::CoverOpen));
    }

    #[test]
    fn garbage_reply_rejected() {
        let mut s = PrinterStatus::default();
        for b in [0x00, 0xff, 0x13, 0x92, 0x02, 0x10] {
            assert_eq!(
                s.apply(StatusQuery::Printer, b),
                Err(PrinterError::BadStatus(b)),
                "{b:#x}"
            );
        }
    }

    #[test]
    fn query_bytes() {
        assert_eq!(StatusQuery::PaperSensor.bytes(), [0x10, 0x04, 4]);
    }
}
