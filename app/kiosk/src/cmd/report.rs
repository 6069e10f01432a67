//! `canteen report z --date YYYY-MM-DD [--format json|text]`: closes the day (a
//! journal record; closing it again shows the same closing) and prints the Z.
//! `canteen report x [--date YYYY-MM-DD] [--format json|text]`: the day so far
//! (default today), not stored; with `--shift`, the open cash shift so far too
//! (`{"day": …, "shift": …}` in JSON; `shift` is null when none is open).

use super::common;
use super::place::Place;
use std::fmt::Write as _;

use canteen_core::closing::{Closing, DayTotals};
use clap::Subcommand;

use super::store::ledger_error;
use crate::exit::{Outcome, print_json};

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Json,
    Text,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Close a day and print its Z report (stored; closing twice shows the same).
    Z(Args),
    /// Print the X report of a day so far (not stored).
    X(Args),
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The local date (YYYY-MM-DD); `x` defaults to today.
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub place: Place,
    /// `x` only: also the open cash shift so far (expected cash).
    #[arg(long)]
    pub shift: bool,
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    let (args, closing) = match cmd {
        Command::Z(args) => (args, true),
        Command::X(args) => (args, false),
    };
    let config = args.place.config()?;
    let at = args.place.at(&config)?;
    let date = match (&args.date, closing) {
        (Some(text), _) => common::date("--date", text)?,
        (None, false) => at.date_naive(),
        (None, true) => {
            return Err(crate::exit::Refusal::new(
                "missing_date",
                "report z needs --date YYYY-MM-DD",
            )
            .into());
        }
    };
    let mut ledger = args.place.open()?;
    if closing {
        let z = ledger.close_day(date, at).map_err(ledger_error)?;
        match args.format {
            Format::Json => print_json(&serde_json::to_value(&z)?),
            Format::Text => print!("{}", z_text(z.seq, &z.at, &z.closing)),
        }
    } else {
        let x = ledger.report_x(date).map_err(ledger_error)?;
        let shift = match args.shift {
            true => Some(ledger.current_shift().map_err(ledger_error)?),
            false => None,
        };
        match (args.format, shift) {
            (Format::Json, None) => print_json(&serde_json::to_value(&x)?),
            (Format::Json, Some(s)) => print_json(&serde_json::json!({ "day": x, "shift": s })),
            (Format::Text, shift) => {
                print!("X 报表 / X report (not stored)\n{}", day_text(&x));
                if let Some(s) = shift {
                    print!("{}", shift_text(s.as_ref()));
                }
            }
        }
    }
    Ok(Outcome::Done)
}

fn z_text(seq: u64, at: &str, z: &Closing) -> String {
    let mut out = format!("Z 日结 / Z report  #{seq}  {at}\n");
    out.push_str(&day_text(&z.day));
    let _ = writeln!(out, "累计总额 / grand total  {}", z.grand_total);
    let _ = writeln!(
        out,
        "链头 / chain head  #{} {}",
        z.head_seq,
        hex::encode(z.chain_head)
    );
    out
}

fn shift_text(s: Option<&canteen_ledger::ShiftReport>) -> String {
    let Some(s) = s else {
        return "班次 / shift  — (none open)\n".into();
    };
    let c = &s.cash;
    let mut out = format!(
        "班次 / shift  #{}  {}  staff {}\n",
        s.open_seq, s.opened_at, s.staff_id
    );
    let _ = writeln!(
        out,
        "备用金 / float  {}   收现 / cash in  {}   找零 / change  {}",
        c.float, c.tendered, c.change
    );
    let _ = writeln!(
        out,
        "现金退款 / cash refunds  {}   充值 / card top-ups  {}",
        c.refunds, c.top_ups
    );
    let _ = writeln!(
        out,
        "应有现金 / expected cash  {}",
        canteen_core::Money::from_fen(s.expected_fen)
    );
    out
}

fn day_text(d: &DayTotals) -> String {
    let mut out = String::new();
    let seqs = match (d.first_seq, d.last_seq) {
        (Some(a), Some(b)) => format!("#{a}–#{b}"),
        _ => "—".into(),
    };
    let _ = writeln!(out, "日期 / date  {}   记录 / records {seqs}", d.date);
    let _ = writeln!(
        out,
        "销售 / sales  {}   作废 / voids  {}",
        d.sale_count, d.void_count
    );
    let _ = writeln!(
        out,
        "总额 / gross  {}   作废额 / voided  {}   净额 / net  {}",
        d.gross, d.voided, d.net
    );
    if d.refund_count != 0 || d.refunded != canteen_core::Money::ZERO {
        let _ = writeln!(
            out,
            "退款 / refunds  {}   退款额 / refunded  {}",
            d.refund_count, d.refunded
        );
    }
    let _ = writeln!(out, "补贴 / subsidy  {}", d.subsidy);
    for t in &d.totals {
        let _ = writeln!(
            out,
            "  {:<9} {:<12} {:>4}  {:>10}  补贴 {:>10}",
            t.dimension.as_str(),
            t.key,
            t.count,
            t.amount,
            t.subsidy
        );
    }
    out
}
