//! `canteen refund --seq N --line K[:QTY]… --reason TEXT [--at RFC3339] [--data DIR] [--config DIR]`:
//! reads a supervisor's PIN (like `canteen void`), appends a `refund` record
//! paying back lines K of sale N (the sale itself is never changed) and an
//! audit record naming the supervisor, and prints the refund as one JSON
//! object. A line is one meal: QTY defaults to 1 and a line is refunded once.

use super::place::Place;

use crate::exit::{Outcome, Refusal};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sequence number of the sale (on its receipt).
    #[arg(long)]
    pub seq: u64,
    /// A line of the sale to refund, numbered from 0 as on the receipt, with an
    /// optional quantity (`2` or `2:1`); repeat for more lines.
    #[arg(long = "line", required = true)]
    pub lines: Vec<String>,
    /// Why the lines are refunded.
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub place: Place,
}

/// `K` or `K:QTY`, both whole numbers.
fn parse_line(text: &str) -> Result<(u64, u64), Refusal> {
    let bad = || {
        Refusal::new(
            "bad_line",
            format!(
                "--line `{text}` is not a line number with an optional quantity, like 0 or 0:1"
            ),
        )
    };
    let (line, qty) = match text.split_once(':') {
        Some((line, qty)) => (line, qty),
        None => (text, "1"),
    };
    let line = line.trim().parse().map_err(|_| bad())?;
    let qty = qty.trim().parse().map_err(|_| bad())?;
    Ok((line, qty))
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let lines = args
        .lines
        .iter()
        .map(|l| parse_line(l))
        .collect::<Result<Vec<_>, _>>()?;
    super::pin::authorised_record(&args.place, |ledger, supervisor, at| {
        ledger.refund_lines(args.seq, &lines, &args.reason, supervisor, at)
    })
}

#[cfg(test)]
mod tests {
    use super::parse_line;

    #[test]
    fn lines_with_and_without_a_quantity() {
        assert_eq!(parse_line("2").unwrap(), (2, 1));
        assert_eq!(parse_line("0:1").unwrap(), (0, 1));
        for bad in ["", "x", "1:", ":1", "-1", "1:2:3", "1:x"] {
            assert!(parse_line(bad).is_err(), "{bad:?}");
        }
    }
}
